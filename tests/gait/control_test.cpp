// Control hypotheses (PHYSICS.md 7, GaitOptions::control) on cases whose answer is known:
// uncompensated control holds the activations static optimisation finds without the scenario's
// muscle edits, so with no edits it is the compensated run, and a weakened hip abductor keeps its
// activation, loses its force and leaves the abduction moment to the imbalance, where
// compensated control hands that moment to the other abductors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "patella/core/conventions.hpp"
#include "patella/io/scenario.hpp"

using namespace patella;
namespace fs = std::filesystem;

namespace {

// The muscle-patella coupling stops when the quadriceps' knee arm changes by less than
// GaitOptions::arm_tolerance (1e-5 m of about 40 mm); a pass that reaches the same answer from a
// different first iterate agrees to that: quadriceps forces to 1e-3, the
// patella to 1 um, joint moments to 0.2 N m (1e-3 of the knee's 200 N m peak).
constexpr double kForceRel = 1e-3, kMoment = 0.2, kShift = 1e-6;

const std::string kBaseline = std::string(PATELLA_SOURCE_DIR) + "/scenarios/baseline_running.yaml";

GaitResult run_text(const std::string& name, const std::string& body) {
  const fs::path dir = fs::temp_directory_path() / "patella_control_test";
  fs::create_directories(dir);
  const fs::path file = dir / (name + ".yaml");
  std::ofstream(file) << "extends: " << kBaseline << "\nname: " << name << "\n" << body;
  const std::unique_ptr<GaitSetup> s = load_gait_setup(read_scenario(file.string()));
  GaitOptions opt = s->options;
  opt.frames_per_cycle = 41;
  return simulate_gait(*s->model, s->model->leg, s->model->leg_muscles, s->input, s->model->foot, opt);
}

const GaitResult& baseline() {
  static const GaitResult r = run_text("control_base", "");
  return r;
}

std::size_t muscle(const GaitResult& r, const std::string& name) {
  const auto it = std::find(r.muscles.begin(), r.muscles.end(), name);
  REQUIRE(it != r.muscles.end());
  return static_cast<std::size_t>(it - r.muscles.begin());
}

const char* kWeakGluteus = "muscles:\n  glmed1_r:\n    strength_scale: 50 %\n";

}  // namespace

TEST_CASE("Control: uncompensated without muscle edits is the compensated run", "[gait][control]") {
  const GaitResult& c = baseline();
  const GaitResult u = run_text("control_unc", "control: uncompensated\n");
  CHECK(c.control == Control::Compensated);
  CHECK(u.control == Control::Uncompensated);
  REQUIRE(u.frames.size() == c.frames.size());
  for (std::size_t k = 0; k < c.frames.size(); ++k) {
    const GaitFrame &a = c.frames[k], &b = u.frames[k];
    INFO("frame " << k << " (" << a.gait_percent << " % of the cycle)");
    for (std::size_t m = 0; m < a.force.size(); ++m) {
      CHECK(b.activation_so[m] == Approx(a.activation_so[m]).margin(1e-12));
      INFO(c.muscles[m]);
      CHECK(b.force[m] == Approx(a.force[m]).epsilon(kForceRel).margin(1e-6));
    }
    for (int j = 0; j < 5; ++j) CHECK(b.reserve[j] == Approx(a.reserve[j]).margin(kMoment));
    CHECK(b.pf[kPfTz] == Approx(a.pf[kPfTz]).margin(kShift));
  }
}

TEST_CASE("Control: uncompensated, a weakened gluteus medius keeps its activation and leaves the "
          "abduction moment to the imbalance - compensated hands it to the other abductors",
          "[gait][control]") {
  const GaitResult& base = baseline();
  const GaitResult u = run_text("control_weak_unc", std::string("control: uncompensated\n") + kWeakGluteus);
  const GaitResult c = run_text("control_weak_comp", kWeakGluteus);
  const std::size_t g = muscle(base, "glmed1_r");
  // the frame where the baseline's glmed1 pulls hardest (stance)
  std::size_t peak = 0;
  for (std::size_t k = 0; k < base.frames.size(); ++k)
    if (base.frames[k].force[g] > base.frames[peak].force[g]) peak = k;
  REQUIRE(base.frames[peak].force[g] > 200.0);
  for (std::size_t k = 0; k < base.frames.size(); ++k) {
    const GaitFrame &b = base.frames[k], &w = u.frames[k];
    // held: the same activations (static optimisation's and integrated) for every muscle
    for (std::size_t m = 0; m < b.force.size(); ++m) {
      CHECK(w.activation_so[m] == Approx(b.activation_so[m]).margin(1e-12));
      CHECK(w.activation[m] == Approx(b.activation[m]).margin(1e-9));
    }
    // the weakened muscle's force halves (F0 scales its active and passive force); the other
    // muscles and the patella do not change (glmed1 neither reaches the patella nor the ITB)
    CHECK(w.force[g] == Approx(0.5 * b.force[g]).epsilon(1e-9));
    for (std::size_t m = 0; m < b.force.size(); ++m)
      if (m != g) CHECK(w.force[m] == Approx(b.force[m]).epsilon(kForceRel).margin(1e-6));
    CHECK(w.pf[kPfTz] == Approx(b.pf[kPfTz]).margin(kShift));
  }
  // what the lost abductor force leaves: an abduction (negative hip_add) imbalance where the
  // baseline's reserve was near zero
  CHECK(std::abs(base.frames[peak].reserve[1]) < 1.0);
  CHECK(u.frames[peak].reserve[1] < -5.0);
  // compensated: static optimisation recruits the other abductors and closes the balance
  CHECK(std::abs(c.frames[peak].reserve[1]) < 1.0);
  double others_base = 0.0, others_comp = 0.0;
  for (const char* n : {"glmed2_r", "glmed3_r", "glmin1_r", "glmin2_r", "glmin3_r", "tfl_r"}) {
    others_base += base.frames[peak].activation_so[muscle(base, n)];
    others_comp += c.frames[peak].activation_so[muscle(c, n)];
  }
  CHECK(others_comp > others_base + 0.01);
}

TEST_CASE("Control: the scenario key takes compensated or uncompensated, and says which",
          "[gait][control][scenario]") {
  const fs::path dir = fs::temp_directory_path() / "patella_control_test";
  fs::create_directories(dir);
  const fs::path bad = dir / "bad_control.yaml";
  std::ofstream(bad) << "extends: " << kBaseline << "\nname: bad_control\ncontrol: uncompensatd\n";
  CHECK_THROWS_WITH(read_scenario(bad.string()),
                    Catch::Matchers::Contains("bad_control.yaml:3") &&
                        Catch::Matchers::Contains("'uncompensatd'") &&
                        Catch::Matchers::Contains("did you mean 'uncompensated'"));
}

namespace {
double group_mean(const GaitResult& r, const GaitFrame& f, const std::vector<std::string>& names) {
  double s = 0.0;
  int n = 0;
  for (std::size_t m = 0; m < r.muscles.size(); ++m)
    if (std::find(names.begin(), names.end(), r.muscles[m]) != names.end()) {
      s += f.activation_so[m];
      ++n;
    }
  REQUIRE(n > 0);
  return s / n;
}
}  // namespace

TEST_CASE("Control: EMG-constrained with bands the compensated run meets is the compensated run",
          "[gait][control]") {
  const GaitResult& c = baseline();
  const GaitResult e = run_text("control_emg_wide",
                                "control: emg_constrained\nemg:\n  vm_vl_min: 0.01\n  vm_vl_max: 100\n"
                                "  hamstring_floor: 0\n");
  CHECK(e.control == Control::EmgConstrained);
  REQUIRE(e.frames.size() == c.frames.size());
  for (std::size_t k = 0; k < c.frames.size(); ++k) {
    for (std::size_t m = 0; m < c.frames[k].force.size(); ++m)
      CHECK(e.frames[k].activation_so[m] == Approx(c.frames[k].activation_so[m]).margin(1e-9));
    CHECK(e.frames[k].pf[kPfTz] == Approx(c.frames[k].pf[kPfTz]).margin(kShift));
  }
}

TEST_CASE("Control: EMG-constrained holds the VM:VL ratio in its band and the hamstring floor, "
          "where compensated static optimisation leaves them",
          "[gait][control]") {
  const GaitResult& c = baseline();
  const GaitResult e = run_text("control_emg", "control: emg_constrained\n");
  const EmgBands bands;
  int vm_vl_binds = 0, floor_binds = 0, compensated_outside = 0;
  for (std::size_t k = 0; k < e.frames.size(); ++k) {
    const GaitFrame& f = e.frames[k];
    const double vl = group_mean(e, f, emg_vl_muscles()), vm = group_mean(e, f, emg_vm_muscles());
    const double ham = group_mean(e, f, emg_hamstring_muscles()), vasti = group_mean(e, f, emg_vasti_muscles());
    CHECK(vm >= bands.vm_vl_min * vl - 1e-9);
    CHECK(vm <= bands.vm_vl_max * vl + 1e-9);
    CHECK(ham >= bands.hamstring_floor * vasti - 1e-9);
    if (std::abs(vm - bands.vm_vl_min * vl) < 1e-9 && vl > 0.05) ++vm_vl_binds;
    if (std::abs(ham - bands.hamstring_floor * vasti) < 1e-9 && vasti > 0.05) ++floor_binds;
    const GaitFrame& g = c.frames[k];
    const double cvl = group_mean(c, g, emg_vl_muscles()), cvm = group_mean(c, g, emg_vm_muscles());
    if (cvl > 0.05 && cvm < bands.vm_vl_min * cvl) ++compensated_outside;
  }
  // in loading response static optimisation favours VL (VM:VL about 0.5): the band binds there,
  // and the floor binds wherever the vasti work and the hamstrings would rest
  CHECK(compensated_outside > 0);
  CHECK(vm_vl_binds > 0);
  CHECK(floor_binds > 0);
  // the constrained moment balance still closes: the knee's reserve stays small
  for (const GaitFrame& f : e.frames) CHECK(std::abs(f.reserve[3]) < 5.0);
}

TEST_CASE("Control: an empty VM:VL band is an error naming the file", "[gait][control][scenario]") {
  const fs::path dir = fs::temp_directory_path() / "patella_control_test";
  fs::create_directories(dir);
  const fs::path bad = dir / "bad_band.yaml";
  std::ofstream(bad) << "extends: " << kBaseline
                     << "\nname: bad_band\ncontrol: emg_constrained\nemg:\n  vm_vl_min: 1.5\n  vm_vl_max: 1.2\n";
  CHECK_THROWS_WITH(load_gait_setup(read_scenario(bad.string())),
                    Catch::Matchers::Contains("bad_band.yaml") && Catch::Matchers::Contains("[1.5, 1.2]"));
}
