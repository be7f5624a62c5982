#pragma once
/// Section A0 / C0 of the report: the knee's lateral pathways (issue 12, PHYSICS.md 5.3-5.4).
/// The section-A comparisons with the knee as the .osim builds it and with each pathway added,
/// the lateral and medial stability curves at 175 N with and without ITB tension, what unloading
/// the VMO does at 0-90 deg, the sensitivities to the unmeasured parameters (Kaplan stiffness,
/// the iliopatellar bundles' reference strain, the VLO's angle), and the patellar tendon's
/// elongation under a running load.
#include <string>
#include <vector>

#include "patella/validation/reference.hpp"

namespace patella::validation {

struct KneeVariant {
  std::string label;
  std::array<double, 6> passive_rms{};  ///< passive flexion vs the JAM reference (coupled tibia), report units
  std::array<double, 6> mri_rms{};      ///< vs the dynamic MRI, report units
};

struct StabilityPoint {
  double knee_deg = 0.0;
  double lateral_0 = 0.0, medial_0 = 0.0, lateral_90 = 0.0, medial_90 = 0.0;  ///< [N] at 10 mm
};

struct VmoPoint {
  double knee_deg = 0.0, shift_mm = 0.0, tilt_deg = 0.0, lateral_share = 0.0;
};

/// One value of a swept parameter: the ITB's effect at 60 deg (175 N, 10 mm, ITB 0 -> 90 N) and
/// the node's posterior travel from 0 to 45 deg under 90 N.
struct SweepPoint {
  double value = 0.0;
  double lateral_change = 0.0, medial_change = 0.0;  ///< [N]
  double node_posterior_mm = 0.0;
  double vmo_shift_mm = 0.0;                         ///< VLO sweep: VMO unloading at 0 deg [mm]
};

struct TendonElongation {
  std::string label;
  double quadriceps_N = 0.0, knee_deg = 0.0;
  double tendon_force_N = 0.0;     ///< PT1-6 summed
  double elongation_mm = 0.0;      ///< mean over PT1-6 of l - l at passive tone, same angle
  double patella_height_mm = 0.0;  ///< pf_ty change from passive tone [mm]
};

struct KneePathways {
  std::vector<KneeVariant> variants;
  std::vector<StabilityPoint> stability;
  std::vector<VmoPoint> vmo;
  std::vector<SweepPoint> kaplan, reference_strain, vlo_angle;
  std::vector<TendonElongation> tendon;
};

/// model_dir: the model folder (its overlay is varied); reference: the passive-flexion reference;
/// mri_file: the dynamic MRI body transformations.
KneePathways validate_knee_pathways(const std::string& model_dir, const PassiveReference& reference,
                                    const std::string& mri_file);
std::string knee_pathways_markdown(const KneePathways& result);

}  // namespace patella::validation
