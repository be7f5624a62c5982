// Code verification of the patellofemoral equilibrium (see verification.hpp): the residual's
// analytic Jacobian against central differences, and the residual at the solution; and the
// list of every code-verification case.
#include <algorithm>
#include <cmath>

#include "patella/mechanics/equilibrium.hpp"
#include "patella/mechanics/quadriceps_loads.hpp"
#include "patella/mechanics/sweep.hpp"
#include "patella/validation/verification.hpp"

namespace patella::validation {

namespace {

using Vec6 = Eigen::Matrix<double, 6, 1>;

KneeLoads standard_loads(const Model& model) {
  KneeLoads loads;
  loads.quadriceps = quadriceps_split(model, 500.0);  // PCSA split as `patella knee`
  return loads;
}

// The equilibrium at one knee flexion, reached by run_sweep's continuation from the model's
// default patella pose (the same, reproducible branch as `patella knee`).
SweepRow solve_at(const Model& model, double knee_deg, const KneeLoads& loads) {
  SweepOptions options;
  options.flexion = {deg_to_rad(knee_deg)};
  options.loads = loads;
  return run_sweep(model, options).front();
}

/// Largest column error of the analytic residual Jacobian against central differences,
/// relative to that column's norm. Steps: 1 nm for translations, 50 nrad for rotations (1 nm at L_c): small enough that almost no patellar ray crosses a
/// femoral triangle edge (a kink of the piecewise-planar cartilage) within the step; roundoff
/// (~1e-16 * 1e3 N / 1e-9 m = 1e-4 N/m) is negligible against columns of 1e2-1e6.
double jacobian_error(const Model& model, const KneeFrames& frames, const KneeLoads& loads,
                      const PatellaState& state, EquilibriumWorkspace& ws) {
  Residual r;
  Jacobian J;
  compute_residual(model, frames, loads, state, ws, r, &J);
  double worst = 0.0;
  for (int j = 0; j < 6; ++j) {
    const double h = j < 3 ? 5e-8 : 1e-9;
    Vec6 x = Vec6::Zero();
    Residual rp, rm;
    x[j] = h;
    compute_residual(model, frames, loads, apply_step(state, x), ws, rp, nullptr);
    x[j] = -h;
    compute_residual(model, frames, loads, apply_step(state, x), ws, rm, nullptr);
    const Residual fd = (rp - rm) / (2 * h);
    worst = std::max(worst, (J.col(j) - fd).norm() / fd.norm());
  }
  return worst;
}

}  // namespace

CodeCase verify_equilibrium_jacobian(const Model& knee) {
  CodeCase c{"patellofemoral equilibrium",
             "analytic 6x6 residual Jacobian (contact, ligaments, quadriceps heads with their wraps, "
             "iliopatellar bundles through the balanced ITB node) vs central differences (1 nm, 50 nrad), at the equilibria at 10, 15, "
             "30, 45, 60, 90 deg (500 N quadriceps; with ITB tension and a medial push; with the "
             "quadriceps line turned 8 deg) and 0.3 mm / 0.02 rad away from each",
             "each column against its norm", 0.0, 1e-4, "relative", 0,
             "residual Jacobian matches central differences", {}};
  KneeLoads base = standard_loads(knee), itb = standard_loads(knee), qline = standard_loads(knee);
  itb.itb_tension = 150.0;
  itb.push_lateral = -300.0;  // pushed medially, the iliopatellar bundles are taut
  qline.quadriceps_line_rotation = deg_to_rad(8.0);
  qline.itb_tension = 80.0;
  struct Case {
    double knee_deg;
    KneeLoads loads;
    double tilt;  ///< added to the equilibrium's pf rotation about X_F (tilts the patella) [rad]
  };
  // 60 and 90 deg: the quadriceps wrap over their femoral cylinders
  const std::vector<Case> cases{{15.0, base, 0.0}, {30.0, itb, 0.0},  {30.0, qline, 0.0}, {45.0, base, 0.0},
                                {10.0, itb, -0.02}, {60.0, qline, 0.0}, {90.0, base, 0.0}};
  for (const Case& jc : cases) {
    const SweepRow row = solve_at(knee, jc.knee_deg, jc.loads);
    c.coverage["converged equilibria"] += row.report.converged;
    KneePose pose;
    pose.knee_flexion = deg_to_rad(jc.knee_deg);
    const KneeFrames frames = compute_knee_frames(knee, pose);
    Vec6 off;
    off << 0.02 + jc.tilt, -0.01, 0.015, 3e-4, -2e-4, 1e-4;
    for (const PatellaState& s : {row.state, apply_step(row.state, off)}) {
      EquilibriumWorkspace ws = make_equilibrium_workspace(knee);
      Residual r;
      compute_residual(knee, frames, jc.loads, s, ws, r, nullptr);
      if (ws.forces.itb_link_tension > 10.0) c.coverage["states with the iliopatellar band loaded"] += 1;
      for (char w : ws.forces.muscle_wrapped) c.coverage["wrapped quadriceps"] += w;
      c.error = std::max(c.error, jacobian_error(knee, frames, jc.loads, s, ws));
      c.samples += 6;
    }
  }
  return c;
}

CodeCase verify_equilibrium_residual(const Model& knee) {
  CodeCase c{"patellofemoral equilibrium",
             "the solver's result from the default patella pose at 0, 30, 60, 90 deg (500 N), "
             "re-evaluated afresh: net force and moment on the patella against the solver's "
             "tolerances (SolverOptions: 1e-3 N, 1e-5 N m)",
             "max(|F| / 1e-3 N, |M| / 1e-5 N m) at the solution", 0.0, 1.0,
             "fraction of the tolerance", 0,
             "solve_equilibrium converges from the default pose at 0, 30, 60 and 90 deg", {}};
  const SolverOptions options;
  c.coverage["report minus fresh evaluation [N]"] = 0.0;
  for (double deg : {0.0, 30.0, 60.0, 90.0}) {
    KneePose pose;
    pose.knee_flexion = deg_to_rad(deg);
    const KneeFrames frames = compute_knee_frames(knee, pose);
    EquilibriumWorkspace ws = make_equilibrium_workspace(knee);
    PatellaState state = default_patella_state(knee);
    const EquilibriumReport rep = solve_equilibrium(knee, frames, standard_loads(knee), options, ws, state);
    c.coverage["converged"] += rep.converged;
    // the report describes the returned state: a fresh evaluation gives the same residuals (only
    // summation order may differ)
    EquilibriumWorkspace fresh = make_equilibrium_workspace(knee);
    Residual r;
    compute_residual(knee, frames, standard_loads(knee), state, fresh, r, nullptr);
    const double force = r.head<3>().norm(), moment = r.segment<3>(3).norm() * kMomentScale;
    double& gap = c.coverage["report minus fresh evaluation [N]"];
    gap = std::max({gap, std::abs(force - rep.residual_force),
                    std::abs(moment - rep.residual_moment) / kMomentScale});
    c.error = std::max({c.error, force / options.force_tolerance, moment / options.moment_tolerance});
    c.samples += 2;
  }
  return c;
}

std::vector<CodeCase> code_verification(const Model& knee, const ProgressMessage& progress) {
  auto say = [&](const std::string& m) {
    if (progress) progress("code verification: " + m);
  };
  std::vector<CodeCase> cases;
  say("contact");
  cases.push_back(verify_contact_flat_patch());
  cases.push_back(verify_contact_jacobian(knee));
  say("ligaments, muscle curves, wrapping");
  cases.push_back(verify_ligament_closed_form());
  cases.push_back(verify_ligament_stiffness());
  cases.push_back(verify_millard_construction_points());
  cases.push_back(verify_millard_derivatives());
  cases.push_back(verify_thelen_formulas());
  cases.push_back(verify_wrap_cylinder());
  cases.push_back(verify_wrap_sphere());
  say("moment arms, inverse dynamics, static optimisation");
  for (CodeCase& c : verify_moment_arms(knee)) cases.push_back(std::move(c));
  cases.push_back(verify_inverse_dynamics_power(knee));
  cases.push_back(verify_static_optimization_kkt());
  cases.push_back(verify_static_optimization_balance());
  say("patellofemoral equilibrium");
  cases.push_back(verify_equilibrium_jacobian(knee));
  cases.push_back(verify_equilibrium_residual(knee));
  return cases;
}

}  // namespace patella::validation
