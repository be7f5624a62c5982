#pragma once
/// The validation report (docs/validation.md): every section computed, its Markdown and the
/// curves of its figures. Drawing and writing files is the caller's (patella validate).
#include <string>
#include <vector>

#include "patella/validation/contact_area.hpp"
#include "patella/validation/directions.hpp"
#include "patella/validation/dynamic_mri.hpp"
#include "patella/validation/figure.hpp"
#include "patella/validation/gait_cycle.hpp"
#include "patella/validation/isometric_extension.hpp"
#include "patella/validation/knee_pathways.hpp"
#include "patella/validation/passive_flexion.hpp"

namespace patella::validation {

struct ValidationOptions {
  std::string model_dir = "models/lenhart2015";  ///< also named in the report's header
  std::string scenarios_dir = "scenarios";       ///< the gait scenarios of section D
  /// The figures folder relative to the report, as the report names and links it.
  std::string figures_link = "figures";
  /// Whether the report links the figures (false when there is no display to draw them).
  bool link_figures = true;
  ProgressMessage progress;                      ///< one line per stage; may be empty
};

struct ValidationReport {
  KneePathways knee_pathways;            ///< A0
  PassiveFlexion passive_flexion;        ///< A1
  IsometricExtension isometric_extension;///< A2
  DynamicMri dynamic_mri;                ///< A3
  std::vector<ContactAreaRow> contact_area;  ///< B
  Directions directions;                 ///< C
  GaitCycleValidation gait_cycle;        ///< D
  std::string markdown;                  ///< the whole report
  std::vector<Figure> figures;           ///< in the order the report links them
};

/// Loads the model (and its reference data in <model_dir>/reference), runs every section and
/// writes the report's text. @throws IoError / ModelError / SimulationError as the loaders and
/// simulations do.
ValidationReport run_validation(const ValidationOptions& options);

}  // namespace patella::validation
