#pragma once
/// Section A1: passive flexion 0-90 deg against the reference forward simulation (OpenSim JAM),
/// with the tibia placed three ways (the reference's own tibia, the shipped coupling, zero).
#include <array>
#include <string>
#include <vector>

#include "patella/mechanics/sweep.hpp"
#include "patella/validation/figure.hpp"
#include "patella/validation/reference.hpp"

namespace patella::validation {

struct PassiveFlexion {
  /// Quasi-static sweeps every 2 deg at passive tone: tibia from the reference, from the
  /// coupling (shipped), and with every secondary tibiofemoral coordinate zero.
  std::vector<SweepRow> reference_tibia, coupled, tf_zero;
  /// RMS difference from the reference per pf coordinate, report units (display_value).
  std::array<double, 6> rms_reference_tibia{}, rms_coupled{}, rms_tf_zero{};
  /// The same with the tibia solved (supine as the reference, pelvis_tilt 90 deg, shank weight):
  /// its pf RMS, and each tibial coordinate's RMS from the reference for it and for the coupling
  /// (deg for knee_add, knee_rot; mm for knee_tx, ty, tz).
  std::vector<SweepRow> tf_solved;
  std::array<double, 6> rms_tf_solved{};
  std::array<double, 5> rms_tibia_solved{}, rms_tibia_coupled{};
  int converged = 0, solved = 0;  ///< equilibria over the four sweeps
  double max_tz_change_mm = 0.0;  ///< largest |pf_tz coupled - pf_tz TF zero| [mm]
};

/// model: the shipped model; model_tf_zero: the same with tibiofemoral mode "zero".
PassiveFlexion validate_passive_flexion(const Model& model, const Model& model_tf_zero,
                                        const PassiveReference& reference);

/// RMS over the sweep of (ours - reference) for pf coordinate k, report units.
double rms_against_reference(const std::vector<SweepRow>& rows, const PassiveReference& reference,
                             int k);

/// Tibial coordinate c (knee_add, knee_rot, tx, ty, tz) in report units: deg, then mm.
double tibia_display(int c, double value);

/// The A1 text: heading, method, RMS table and the tibiofemoral sentence.
std::string passive_flexion_markdown(const PassiveFlexion& result);

/// Six panels: each pf coordinate against knee flexion (reference, coupled, TF zero).
Figure passive_flexion_figure(const PassiveFlexion& result, const PassiveReference& reference);

}  // namespace patella::validation
