#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "patella/core/conventions.hpp"
#include "patella/mechanics/equilibrium.hpp"
#include "patella/mechanics/sweep.hpp"
#include "support/knee_runs.hpp"
#include "support/real_model.hpp"

using namespace patella;
using test::real_model;
using test::solve_at;
using test::standard_loads;

namespace {

using Vec7 = Eigen::Matrix<double, 7, 1>;

/// Largest column error of the analytic residual Jacobian against central differences,
/// relative to that column's norm. Steps: 1 nm for translations and the ITB node shift,
/// 50 nrad for rotations (1 nm at L_c): small enough that almost no patellar ray crosses a
/// femoral triangle edge (a kink of the piecewise-planar cartilage) within the step; roundoff
/// (~1e-16 * 1e3 N / 1e-9 m = 1e-4 N/m) is negligible against columns of 1e2-1e6.
double jacobian_error(const Model& model, const KneeFrames& frames, const KneeLoads& loads,
                      const PatellaState& state, EquilibriumWorkspace& ws) {
  Residual r;
  Jacobian J;
  compute_residual(model, frames, loads, state, ws, r, &J);
  double worst = 0.0;
  for (int j = 0; j < 7; ++j) {
    const double h = j < 3 ? 5e-8 : 1e-9;
    Vec7 x = Vec7::Zero();
    Residual rp, rm;
    x[j] = h;
    compute_residual(model, frames, loads, apply_step(state, x), ws, rp, nullptr);
    x[j] = -h;
    compute_residual(model, frames, loads, apply_step(state, x), ws, rm, nullptr);
    const Residual fd = (rp - rm) / (2 * h);
    const double err = (J.col(j) - fd).norm() / fd.norm();
    UNSCOPED_INFO("column " << j << ": |J| " << fd.norm() << ", relative error " << err);
    worst = std::max(worst, err);
  }
  return worst;
}

/// A pose/load where the Jacobian is checked, with the state it is checked at.
struct JacobianCase {
  double knee_deg;
  KneeLoads loads;
  double itb_node_shift;  ///< added to the equilibrium state's (moves the ITB node) [m]
};

}  // namespace

TEST_CASE("residual Jacobian matches central differences", "[equilibrium][real]") {
  const Model& model = real_model();
  KneeLoads base = standard_loads(), itb = standard_loads(), qline = standard_loads();
  itb.itb_tension = 150.0;
  itb.push_lateral = -300.0;  // pushed medially, the ITB link to the lateral border is taut
  qline.quadriceps_line_rotation = deg_to_rad(8.0);
  qline.itb_tension = 80.0;
  // 60 and 90 deg: the quadriceps wrap over their femoral cylinders
  const std::vector<JacobianCase> cases{{15.0, base, 0.0},  {30.0, itb, 0.0}, {30.0, qline, 0.0},
                                        {45.0, base, 0.0},  {10.0, itb, -5e-4},
                                        {60.0, qline, 0.0}, {90.0, base, 0.0}};
  int itb_loaded = 0, wrapped = 0;
  for (const JacobianCase& jc : cases) {
    const SweepRow row = solve_at(model, jc.knee_deg, jc.loads);
    REQUIRE(row.report.converged);
    KneePose pose;
    pose.knee_flexion = deg_to_rad(jc.knee_deg);
    const KneeFrames frames = compute_knee_frames(model, pose);
    // at the equilibrium and at a pose 0.3 mm / 0.02 rad away from it (not a special point)
    Vec7 off;
    off << 0.02, -0.01, 0.015, 3e-4, -2e-4, 1e-4, jc.itb_node_shift;
    for (const PatellaState& s : {row.state, apply_step(row.state, off)}) {
      EquilibriumWorkspace ws = make_equilibrium_workspace(model);
      Residual r;
      compute_residual(model, frames, jc.loads, s, ws, r, nullptr);
      if (ws.forces.itb_link_tension > 10.0) ++itb_loaded;
      for (char w : ws.forces.muscle_wrapped) wrapped += w;
      INFO("knee " << jc.knee_deg << " deg, ITB link " << ws.forces.itb_link_tension << " N");
      CHECK(jacobian_error(model, frames, jc.loads, s, ws) < 1e-4);
    }
  }
  // the ITB link and the wrapped-muscle terms were exercised
  CHECK(itb_loaded >= 2);
  CHECK(wrapped >= 4);
}

namespace {
void check_converges_from_default(double deg) {
  const Model& model = real_model();
  KneePose pose;
  pose.knee_flexion = deg_to_rad(deg);
  const KneeFrames frames = compute_knee_frames(model, pose);
  EquilibriumWorkspace ws = make_equilibrium_workspace(model);
  PatellaState state = default_patella_state(model);
  const EquilibriumReport rep =
      solve_equilibrium(model, frames, standard_loads(), SolverOptions{}, ws, state);
  INFO("knee " << deg << " deg: " << rep.iterations << " iterations, " << rep.message);
  REQUIRE(rep.converged);
  CHECK(rep.residual_force < 1e-3);
  // the report describes the returned state: a fresh evaluation gives the same residuals
  // (1e-9 N: only summation order may differ)
  EquilibriumWorkspace fresh = make_equilibrium_workspace(model);
  Residual r;
  compute_residual(model, frames, standard_loads(), state, fresh, r, nullptr);
  CHECK(std::abs(r.head<3>().norm() - rep.residual_force) < 1e-9);
  CHECK(std::abs(r.segment<3>(3).norm() * kMomentScale - rep.residual_moment) < 1e-11);
}
}  // namespace

TEST_CASE("solve_equilibrium converges from the default pose at 0, 30, 60 and 90 deg",
          "[equilibrium][real]") {
  for (double deg : {0.0, 30.0, 60.0, 90.0}) check_converges_from_default(deg);
}

TEST_CASE("a NaN load is reported as not converged, never as a NaN state",
          "[equilibrium][real]") {
  const Model& model = real_model();
  KneePose pose;
  pose.knee_flexion = deg_to_rad(30.0);
  const KneeFrames frames = compute_knee_frames(model, pose);
  KneeLoads loads = standard_loads();
  loads.quadriceps[0] = std::numeric_limits<double>::quiet_NaN();
  EquilibriumWorkspace ws = make_equilibrium_workspace(model);
  PatellaState state = default_patella_state(model);
  const EquilibriumReport rep = solve_equilibrium(model, frames, loads, SolverOptions{}, ws, state);
  CHECK_FALSE(rep.converged);
  CHECK_FALSE(rep.message.empty());
  CHECK(state.X_FK.R.allFinite());
  CHECK(state.X_FK.p.allFinite());
  CHECK(std::isfinite(state.itb_node_shift));
}

TEST_CASE("SIGNS: a lateral push moves the patella laterally, more so as it grows",
          "[equilibrium][real][signs]") {
  // conventions.hpp: push_lateral acts along +Z_F; lateral shift = pf_tz
  const Model& model = real_model();
  std::vector<double> shift;
  for (double push : {0.0, 20.0, 40.0, 80.0}) {
    KneeLoads loads = standard_loads();
    loads.push_lateral = push;
    const SweepRow row = solve_at(model, 30.0, loads);
    REQUIRE(row.report.converged);
    shift.push_back(lateral_shift_from_pf(row.pf.data()));
  }
  INFO("pf_tz [mm] at 0/20/40/80 N: " << shift[0] * 1e3 << " " << shift[1] * 1e3 << " "
                                      << shift[2] * 1e3 << " " << shift[3] * 1e3);
  // each 20-40 N step moves the patella ~0.1 mm; 1 um is far above solver noise (~1e-8 m)
  for (int k = 1; k < 4; ++k) CHECK(shift[k] > shift[k - 1] + 1e-6);
}

namespace {
/// The 0:90 step 15 sweep under 500 N with the 5 mm stability solve (computed once).
const std::vector<SweepRow>& standard_sweep() {
  static const std::vector<SweepRow> rows = [] {
    SweepOptions options;
    for (int deg = 0; deg <= 90; deg += 15) options.flexion.push_back(deg_to_rad(deg));
    options.loads = standard_loads();
    options.stability_shift = 5e-3;
    return run_sweep(real_model(), options);
  }();
  return rows;
}
}  // namespace

TEST_CASE("run_sweep over 0:90 step 15 converges at every angle", "[sweep][real]") {
  for (const SweepRow& row : standard_sweep()) {
    INFO("knee " << rad_to_deg(row.knee_flexion) << " deg: " << row.report.message);
    CHECK(row.report.converged);
    CHECK(row.stability_converged);
  }
}

TEST_CASE("run_sweep: pf_flex increases with knee flexion", "[sweep][real]") {
  const std::vector<SweepRow>& rows = standard_sweep();
  REQUIRE(rows.size() == 7);
  for (std::size_t k = 1; k < rows.size(); ++k) {
    INFO("knee " << rad_to_deg(rows[k].knee_flexion) << " deg");
    REQUIRE(rows[k - 1].report.converged);
    REQUIRE(rows[k].report.converged);
    // 15 deg of knee flexion turns the patella ~8-13 deg; 1 deg is a safe floor
    CHECK(rows[k].pf[kPfFlex] > rows[k - 1].pf[kPfFlex] + deg_to_rad(1.0));
  }
}

TEST_CASE("run_sweep: the stability solve returns positive lateral and medial forces",
          "[sweep][real]") {
  for (const SweepRow& row : standard_sweep()) {
    REQUIRE(row.report.converged);
    INFO("knee " << rad_to_deg(row.knee_flexion) << " deg: lateral " << row.lateral_stability
                 << " N, medial " << row.medial_stability << " N");
    CHECK(row.stability_converged);
    // 5 mm against the groove and retinacula takes 200-300 N here; 10 N is a floor well
    // above zero that a sign error (negative) or a missing solve (0) cannot pass
    CHECK(row.lateral_stability > 10.0);
    CHECK(row.medial_stability > 10.0);
  }
}
