#pragma once
/// Section B: patellofemoral contact area against Besier et al. 2005 (upright MRI, men,
/// 0.15 body weight on the knee), at two total quadriceps forces.
#include <string>
#include <vector>

#include "patella/model/model.hpp"

namespace patella::validation {

struct ContactAreaRow {
  double flexion_deg = 0.0;
  double besier_mm2 = 0.0;    ///< Besier 2005's mean
  double area_250_mm2 = 0.0;  ///< ours, 250 N quadriceps (PCSA split)
  double area_500_mm2 = 0.0;  ///< ours, 500 N
};

/// At 0, 30 and 60 deg.
std::vector<ContactAreaRow> validate_contact_area(const Model& model);

std::string contact_area_markdown(const std::vector<ContactAreaRow>& rows);

}  // namespace patella::validation
