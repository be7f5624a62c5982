// The solved tibiofemoral coordinates (mechanics/tibiofemoral.hpp): the forces on the tibia,
// their projection on the five secondary coordinates, the joint solve and its report, signs.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "patella/core/conventions.hpp"
#include "patella/mechanics/contact.hpp"
#include "patella/mechanics/equilibrium.hpp"
#include "patella/mechanics/sweep.hpp"
#include "patella/mechanics/tibiofemoral.hpp"
#include "support/knee_runs.hpp"
#include "support/real_model.hpp"

using namespace patella;
using test::real_model;

namespace {

// the tibia's frames at secondary coordinates q (flexion `knee_deg`)
KneeFrames frames_at(const Model& m, double knee_deg, const std::array<double, 5>& q) {
  KneePose p;
  p.knee_flexion = deg_to_rad(knee_deg);
  p.tf_override = true;
  p.tf_secondary = q;
  return compute_knee_frames(m, p);
}

// one solved-knee equilibrium at a flexion, by continuation from the default pose
SweepRow solve_tf(const Model& m, double knee_deg, const KneeLoads& loads) {
  SweepOptions o;
  o.flexion = {deg_to_rad(knee_deg)};
  o.loads = loads;
  o.solver.solve_tibiofemoral = true;
  return run_sweep(m, o).front();
}

double group_tension(const Model& m, const SweepRow& row, const std::string& prefix) {
  double t = 0.0;
  for (std::size_t i = 0; i < m.tf_ligaments.size(); ++i)
    if (m.tf_ligaments[i].name.rfind(prefix, 0) == 0) t += row.tibia.ligament_tension[i];
  return t;
}

}  // namespace

TEST_CASE("Tibiofemoral: the femur-tibia ligaments of the .osim compile with their wraps",
          "[tibiofemoral][real]") {
  const Model& m = real_model();
  // 76 bundles less the patella's 20 (PT 6, mPFL 6, lPFL 8) and ITB1 (pelvis to tibia)
  CHECK(m.tf_ligaments.size() == 55);
  int ellipsoid = 0, cylinder = 0;
  for (const KneeLigament& l : m.tf_ligaments) {
    ellipsoid += l.ellipsoid >= 0;
    cylinder += l.cylinder >= 0;
    CHECK(l.femur_body == m.femur);
  }
  CHECK(ellipsoid == 16);  // MCLd1-5, MCLs1-6 over Med_Lig_r, MCLp1-5 over Med_LigP_r
  CHECK(cylinder == 8);    // pCAP1-8 over Capsule_r
}

TEST_CASE("Tibiofemoral: the contact's generalized forces are minus the derivatives of its "
          "energy along the five secondary coordinates", "[tibiofemoral][real]") {
  // Q_c = omega_c . M + v_c . F (tibia_twist_basis) against -dU/dq_c by central differences,
  // the tibia pushed 1 mm up into the femur at 30 deg
  const Model& m = real_model();
  std::array<double, 5> q = tibiofemoral_secondary(m, deg_to_rad(30.0));
  q[3] += 1e-3;
  const KneeFrames fr = frames_at(m, 30.0, q);
  ContactWorkspace ws = make_contact_workspace(m.tf_contact);
  ws.use_culling = false;
  ContactResult r;
  compute_contact(m.tf_contact, fr.X_FB[m.tibia], false, ws, r);
  REQUIRE(r.force.norm() > 100.0);
  const Eigen::Matrix<double, 6, 5> S = tibia_twist_basis(m, fr);
  auto energy = [&](const std::array<double, 5>& qq) {
    ContactResult e;
    compute_contact(m.tf_contact, frames_at(m, 30.0, qq).X_FB[m.tibia], false, ws, e);
    return e.energy;
  };
  for (int c = 0; c < 5; ++c) {
    const double h = c < 2 ? 1e-5 : 1e-6;
    std::array<double, 5> qp = q, qm = q;
    qp[c] += h;
    qm[c] -= h;
    const double dU = (energy(qp) - energy(qm)) / (2 * h);
    const double Q = S.col(c).head<3>().dot(r.moment) + S.col(c).tail<3>().dot(r.force);
    const double scale = c < 2 ? 0.02 : 1.0;  // compare moments as forces at 20 mm
    INFO("coordinate " << c << ": Q " << Q << ", -dU/dq " << -dU);
    CHECK(std::abs(Q + dU) / scale < 0.05 * r.force.norm() + 0.5);
  }
}

TEST_CASE("Tibiofemoral: the solved knee converges at 0, 30, 60 and 90 deg and its report "
          "describes the returned state", "[tibiofemoral][real]") {
  const Model& m = real_model();
  const KneeLoads tone = passive_tone_loads(m);
  for (double deg : {0.0, 30.0, 60.0, 90.0}) {
    INFO(deg << " deg");
    const SweepRow row = solve_tf(m, deg, tone);
    REQUIRE(row.report.converged);
    CHECK(row.report.tibiofemoral_solved);
    const SolverOptions tol;
    CHECK(row.report.residual_force < tol.force_tolerance);
    CHECK(row.report.tibia_residual_force < tol.force_tolerance);
    CHECK(row.report.tibia_residual_moment < tol.moment_tolerance);
    // the tibia's balance re-evaluated afresh at the returned pose agrees with the report
    KneePose p;
    p.knee_flexion = deg_to_rad(deg);
    p.tf_override = true;
    p.tf_secondary = row.tf_secondary;
    const KneeFrames fr = compute_knee_frames(m, p);
    KneeLoads loads = tone;
    add_tibia_gravity(m, fr, loads);
    EquilibriumWorkspace ws = make_equilibrium_workspace(m);
    Residual r;
    PatellaState s = row.state;
    compute_residual(m, fr, loads, s, ws, r, nullptr);
    compute_tibia_forces(m, fr, loads, s, false, ws);
    const auto& Q = ws.tibia.generalized;
    CHECK(std::hypot(Q[2], Q[3], Q[4]) == Approx(row.report.tibia_residual_force).margin(1e-6));
    CHECK(std::hypot(Q[0], Q[1]) == Approx(row.report.tibia_residual_moment).margin(1e-8));
    // the tibia is carried by cartilage on both plateaus, and some ligament is taut
    CHECK(row.tibia.contact.force.norm() > 1.0);
    double tension = 0.0;
    for (double t : row.tibia.ligament_tension) tension += t;
    CHECK(tension > 1.0);
  }
}

TEST_CASE("SIGNS: an anterior force on the tibia translates it anteriorly (+knee_tx) and loads "
          "the ACL, a posterior one the PCL", "[tibiofemoral][real][signs]") {
  // the anterior drawer at 30 deg: F's +X is anterior (PHYSICS.md 3), knee_tx translates the
  // tibia along it
  const Model& m = real_model();
  const KneeLoads tone = passive_tone_loads(m);
  SweepOptions o;
  o.flexion = {deg_to_rad(30.0)};
  o.solver.solve_tibiofemoral = true;
  o.tibia_gravity = false;  // the drawer force replaces the shank's weight in all three
  o.loads = tone;
  const SweepRow free = run_sweep(m, o).front();
  o.loads.tibia_force = Vec3(100.0, 0.0, 0.0);
  const SweepRow a = run_sweep(m, o).front();
  o.loads.tibia_force = Vec3(-100.0, 0.0, 0.0);
  const SweepRow p = run_sweep(m, o).front();
  REQUIRE(free.report.converged);
  REQUIRE(a.report.converged);
  REQUIRE(p.report.converged);
  INFO("knee_tx free " << free.tf_secondary[2] * 1e3 << " mm, anterior " << a.tf_secondary[2] * 1e3
                       << " mm, posterior " << p.tf_secondary[2] * 1e3 << " mm");
  CHECK(a.tf_secondary[2] > free.tf_secondary[2] + 0.5e-3);
  CHECK(p.tf_secondary[2] < free.tf_secondary[2] - 0.5e-3);
  CHECK(group_tension(m, a, "ACL") > group_tension(m, free, "ACL") + 50.0);
  CHECK(group_tension(m, p, "PCL") > group_tension(m, free, "PCL") + 50.0);
}

TEST_CASE("Tibiofemoral: the quadriceps pull the solved tibia anteriorly at 30 deg, as in the "
          "isometric extension reference", "[tibiofemoral][real]") {
  // the reference forward simulation (A2) moves the tibia anteriorly by about 12 mm when the
  // vasti ramp to ~2.7 kN; through the patellar tendon the pull must move it the same way
  const Model& m = real_model();
  const SweepRow tone = solve_tf(m, 30.0, passive_tone_loads(m));
  const SweepRow loaded = solve_tf(m, 30.0, test::standard_loads(m));
  REQUIRE(tone.report.converged);
  REQUIRE(loaded.report.converged);
  INFO("knee_tx at tone " << tone.tf_secondary[2] * 1e3 << " mm, at 500 N " << loaded.tf_secondary[2] * 1e3 << " mm");
  CHECK(loaded.tf_secondary[2] > tone.tf_secondary[2] + 0.5e-3);
  // the tendon's pull reaches the tibia
  CHECK(loaded.tibia.tendon_force.norm() > 300.0);
}
