#pragma once
/// Section A3: the in vivo dynamic MRI of this knee (passive flexion-extension) against our
/// passive-tone sweep and the JAM reference simulation.
#include <array>
#include <string>
#include <vector>

#include "patella/model/model.hpp"
#include "patella/validation/figure.hpp"
#include "patella/validation/reference.hpp"

namespace patella::validation {

struct MriFrame {
  double flexion = 0.0;          ///< knee flexion from the tibia pose through knee_r [rad]
  std::array<double, 6> mri{};   ///< pf coordinates measured [rad, m]
  std::array<double, 6> ours{};  ///< ours at that flexion (shipped coupling)
  std::array<double, 6> jam{};   ///< the JAM reference interpolated at that flexion
  std::array<double, 6> ours_tf_solved{};  ///< ours with the tibia solved (supine)
  /// knee_add, knee_rot [rad], knee_tx, ty, tz [m]: measured, coupled, solved, JAM
  std::array<double, 5> tibia_mri{}, tibia_coupled{}, tibia_solved{}, tibia_jam{};
};

struct DynamicMri {
  std::vector<MriFrame> frames;       ///< sorted by flexion
  std::array<double, 6> rms_ours{};   ///< RMS (ours - MRI), report units
  std::array<double, 6> rms_jam{};    ///< RMS (JAM - MRI), report units
  std::array<double, 6> rms_tf_solved{};  ///< RMS (ours, tibia solved - MRI)
  /// the tibia's coordinates, RMS from the MRI's (deg, deg, mm, mm, mm)
  std::array<double, 5> rms_tibia_coupled{}, rms_tibia_solved{}, rms_tibia_jam{};
};

/// mri_file: dynamic_mri_passive_body_transformations.sto (4x4 body poses in ground per frame).
DynamicMri validate_dynamic_mri(const Model& model, const std::string& mri_file,
                                const PassiveReference& reference);

std::string dynamic_mri_markdown(const DynamicMri& result);

/// Six panels: each pf coordinate against knee flexion (MRI points, ours, JAM).
Figure dynamic_mri_figure(const DynamicMri& result);

}  // namespace patella::validation
