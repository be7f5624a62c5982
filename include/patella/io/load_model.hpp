#pragma once
#include <optional>
#include <string>

#include "patella/model/spec.hpp"

namespace patella {

struct ModelLoadOptions {
  /// Split the quadriceps into the overlay's heads (PHYSICS.md 5.3); unset: as the overlay says.
  std::optional<bool> quadriceps_heads;
  /// Patellar tendon and retinaculum stiffnesses: "osim", "measured" (every group the overlay
  /// lists) or "overlay" (each group as the overlay chooses); unset: "overlay".
  std::optional<std::string> ligament_stiffness;
  /// A strength table (CSV: a `muscle` and a `max_isometric_force_N` column, '#' comment lines):
  /// each named .osim muscle takes its F0 before the vasti are split into heads; muscles it does
  /// not name keep the .osim's. Empty: none.
  std::string strength_file;
};

/// Applies a strength table to the spec's muscles (see ModelLoadOptions::strength_file);
/// returns the muscles it did not name. @throws IoError / ModelError naming file, line, column
/// and value, and the nearest muscle name for one the model does not have.
std::vector<std::string> apply_strength_table(ModelSpec& spec, const std::string& path);

/// Loads a model directory: the YAML overlay <dir>/patella.yaml (which names the .osim, the ITB
/// link and the tibiofemoral coupling), the .osim it names, every contact and body mesh the
/// .osim references that exists in the geometry folder, and the coupling table.
/// Body meshes that are absent are named in spec.warnings; absent contact meshes are errors.
/// @throws IoError / ModelError naming file, line, key and value.
ModelSpec load_model_spec(const std::string& dir, const ModelLoadOptions& options = {});

/// Reads the tibiofemoral coupling CSV (knee_flex_deg, knee_add_deg, knee_rot_deg, knee_tx_mm,
/// knee_ty_mm, knee_tz_mm; '#' comments) into spec units. @throws IoError with file and line.
void read_tf_coupling(const std::string& path, TibiofemoralSpec& tf);

}  // namespace patella
