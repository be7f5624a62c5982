// VALIDATION.md C on the running cycle: with the activations and every other load held, extra
// tension along the vastus lateralis (as a taut band would add) shifts the patella laterally at
// the peak-PF-force frame, and along the oblique vastus medialis medially (gait/influence.hpp).
#include <catch2/catch.hpp>

#include <algorithm>

#include "patella/gait/budget_report.hpp"
#include "patella/gait/influence.hpp"
#include "patella/io/scenario.hpp"

using namespace patella;

namespace {

struct Run {
  std::unique_ptr<GaitSetup> setup;
  GaitResult result;
};

const Run& baseline() {
  static const Run r = [] {
    Run x;
    x.setup = load_gait_setup(read_scenario(std::string(PATELLA_SOURCE_DIR) + "/scenarios/baseline_running.yaml"));
    GaitOptions opt = x.setup->options;
    opt.frames_per_cycle = 41;
    x.result = simulate_gait(*x.setup->model, x.setup->model->leg, x.setup->model->leg_muscles,
                             x.setup->input, x.setup->model->foot, opt);
    return x;
  }();
  return r;
}

const Influence& of(const std::vector<Influence>& v, const std::string& line) {
  const auto it = std::find_if(v.begin(), v.end(), [&](const Influence& i) { return i.line == line; });
  REQUIRE(it != v.end());
  return *it;
}

}  // namespace

TEST_CASE("Influence: at the running peak, 100 N along the vastus lateralis shifts the patella "
          "laterally and along the VMO medially", "[gait][influence][directions]") {
  const Run& r = baseline();
  const GaitFrame& peak = frame_for_budget(r.result, -1.0);
  REQUIRE(peak.gait_percent < r.result.stance_percent);
  const std::vector<Influence> in = influence_coefficients(*r.setup->model, r.result, peak);
  REQUIRE(in.size() == r.setup->model->muscles.size() + 1);
  for (const Influence& i : in) CHECK(i.converged);
  // resolution: equilibria converge to 1e-3 N against stiffnesses of 1e4-1e6 N/m (< 0.1 um)
  CHECK(of(in, "vll_r").lateral_shift > 1e-6);
  CHECK(of(in, "vlo_r").lateral_shift > 1e-6);
  CHECK(of(in, "vmo_r").lateral_shift < -1e-6);
  // the oblique heads pull harder sideways than the long ones
  CHECK(of(in, "vlo_r").lateral_shift > of(in, "vll_r").lateral_shift);
  CHECK(of(in, "vmo_r").lateral_shift < of(in, "vml_r").lateral_shift);
  // measured from the groove as imaging does, the oblique heads pull the same ways
  CHECK(of(in, "vlo_r").clinical_shift > 1e-6);
  CHECK(of(in, "vmo_r").clinical_shift < -1e-6);
  // any extra quadriceps force raises the PF contact force at 50 deg of flexion
  for (const Influence& i : in)
    if (i.line != "itb") CHECK(i.contact_force > 0.0);
}

TEST_CASE("Influence: with nothing added the frame's own equilibrium is reproduced",
          "[gait][influence]") {
  const Run& r = baseline();
  const GaitFrame& peak = frame_for_budget(r.result, -1.0);
  const std::vector<Influence> none = influence_coefficients(*r.setup->model, r.result, peak, 0.0);
  for (const Influence& i : none) {
    CHECK(std::abs(i.lateral_shift) < 1e-7);
    CHECK(std::abs(i.clinical_shift) < 1e-6);
    CHECK(std::abs(i.contact_force) < 1e-2);
  }
}
