// Shared by sections A-C: the reference passive-flexion curve, units, loads.
#include "patella/validation/reference.hpp"

#include <algorithm>

#include "patella/core/types.hpp"
#include "patella/mechanics/quadriceps_loads.hpp"

namespace patella::validation {

const std::array<const char*, 6> kPfNames{"pf_flex", "pf_rot", "pf_tilt", "pf_tx", "pf_ty", "pf_tz"};
const std::array<const char*, 5> kTfNames{"knee_add_r", "knee_rot_r", "knee_tx_r", "knee_ty_r", "knee_tz_r"};

double display_value(int k, double v) { return k < 3 ? rad_to_deg(v) : 1e3 * v; }
const char* display_unit(int k) { return k < 3 ? "deg" : "mm"; }

double interp(const std::vector<double>& x, const std::vector<double>& y, double xq) {
  if (xq <= x.front()) return y.front();
  if (xq >= x.back()) return y.back();
  const std::size_t k = std::upper_bound(x.begin(), x.end(), xq) - x.begin();
  const double w = (xq - x[k - 1]) / (x[k] - x[k - 1]);
  return (1 - w) * y[k - 1] + w * y[k];
}

PassiveReference passive_reference(const Table& t) {
  PassiveReference c;
  const auto time = t.values("time"), flex = t.values("knee_flex_r");
  std::array<std::vector<double>, 6> pf;
  for (int k = 0; k < 6; ++k) pf[k] = t.values(std::string(kPfNames[k]) + "_r");
  std::array<std::vector<double>, 5> tf;
  for (int k = 0; k < 5; ++k) tf[k] = t.values(kTfNames[k]);
  // the first 0.5 s settle the model; interp needs strictly increasing flexion
  for (std::size_t r = 0; r < time.size(); ++r) {
    if (time[r] < 0.5 || (!c.flexion.empty() && flex[r] <= c.flexion.back() + 1e-9)) continue;
    c.flexion.push_back(flex[r]);
    for (int k = 0; k < 6; ++k) c.pf[k].push_back(pf[k][r]);
    for (int k = 0; k < 5; ++k) c.tf[k].push_back(tf[k][r]);
  }
  return c;
}

KneeLoads pcsa_loads(const Model& model, double total) {
  KneeLoads loads;
  loads.quadriceps = quadriceps_split(model, total);
  return loads;
}

}  // namespace patella::validation
