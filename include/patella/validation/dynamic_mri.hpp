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
};

struct DynamicMri {
  std::vector<MriFrame> frames;       ///< sorted by flexion
  std::array<double, 6> rms_ours{};   ///< RMS (ours - MRI), report units
  std::array<double, 6> rms_jam{};    ///< RMS (JAM - MRI), report units
};

/// mri_file: dynamic_mri_passive_body_transformations.sto (4x4 body poses in ground per frame).
DynamicMri validate_dynamic_mri(const Model& model, const std::string& mri_file,
                                const PassiveReference& reference);

std::string dynamic_mri_markdown(const DynamicMri& result);

/// Six panels: each pf coordinate against knee flexion (MRI points, ours, JAM).
Figure dynamic_mri_figure(const DynamicMri& result);

}  // namespace patella::validation
