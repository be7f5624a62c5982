#pragma once
/// Section A2: isometric knee extension at 30 deg against the reference forward simulation:
/// the reference's vasti forces replayed through quasi-static equilibria.
#include <array>
#include <string>
#include <vector>

#include "patella/model/model.hpp"
#include "patella/validation/figure.hpp"

namespace patella::validation {

struct IsometricSample {
  double time = 0.0;                  ///< [s]
  double vasti_force = 0.0;           ///< vaslat + vasmed + vasint [N]
  std::array<double, 6> ours{};       ///< pf coordinates, reference tibia pose [rad, m]
  std::array<double, 6> coupled{};    ///< pf coordinates, tibia from the coupling
  std::array<double, 6> reference{};  ///< the reference's pf coordinates
  double contact_force = 0.0;         ///< ours, reference tibia [N]
  bool converged = false;             ///< all three equilibria
  /// The tibia solved with the patella (upright, shank weight): pf coordinates, and the tibial
  /// coordinates knee_add, knee_rot [rad], knee_tx, ty, tz [m] of it, the coupling and the
  /// reference.
  std::array<double, 6> tf_solved{};
  std::array<double, 5> tibia_solved{}, tibia_coupled{}, tibia_reference{};
  double tf_contact_force = 0.0;      ///< tibiofemoral contact, TF solved [N]
};

struct IsometricExtension {
  std::vector<IsometricSample> samples;  ///< every 0.05 s from t = 2 s
  /// RMS (ours with the reference tibia - reference) over the samples [mm, mm, deg, deg].
  double rms_tz_mm = 0.0, rms_ty_mm = 0.0, rms_flex_deg = 0.0, rms_tilt_deg = 0.0;
  /// The same for the tibia solved, and the tibial coordinates' RMS from the reference (deg for
  /// knee_add, knee_rot; mm for tx, ty, tz), solved and coupled.
  double rms_tz_mm_tf_solved = 0.0, rms_ty_mm_tf_solved = 0.0, rms_flex_deg_tf_solved = 0.0,
         rms_tilt_deg_tf_solved = 0.0;
  std::array<double, 5> rms_tibia_solved{}, rms_tibia_coupled{};
};

/// reference_dir holds isometric_extension_states.sto and isometric_extension_muscle_inputs.sto.
/// Vastus lateralis and medialis forces come from the reference's activations and fibre
/// lengths through Thelen 2003 curves (muscle/thelen_curves.hpp; the reference itself uses
/// Millard 2012 curves, a stated difference); vastus intermedius from its prescribed force.
IsometricExtension validate_isometric_extension(const Model& model, const std::string& reference_dir);

/// The A2 text: heading, method, the table at every 0.2 s and the RMS sentence.
std::string isometric_extension_markdown(const IsometricExtension& result);

/// Five panels: pf_tz, pf_ty, pf_flex, pf_tilt and our contact force against time.
Figure isometric_extension_figure(const IsometricExtension& result);

}  // namespace patella::validation
