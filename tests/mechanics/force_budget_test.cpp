// The force budget on the patella (mechanics/force_budget.hpp): its terms are the residual's
// forces, grouped, so they sum to the residual everywhere and to zero at an equilibrium.
#include <catch2/catch.hpp>

#include <cmath>

#include "patella/core/conventions.hpp"
#include "patella/mechanics/force_budget.hpp"
#include "patella/mechanics/quadriceps_loads.hpp"
#include "support/knee_runs.hpp"
#include "support/real_model.hpp"

using namespace patella;
using test::real_model;

namespace {

const ForceTerm& term(const PatellaForceBudget& b, const std::string& name) {
  for (const ForceTerm& t : b.terms)
    if (t.name == name) return t;
  FAIL("no budget term " << name);
  return b.terms.front();
}

KneeLoads cadaver_loads(const Model& m) {  // 175 N of quadriceps, 90 N on the band
  KneeLoads l;
  l.quadriceps = quadriceps_split(m, 175.0);
  l.itb_tension = 90.0;
  return l;
}

}  // namespace

TEST_CASE("Force budget: the terms name every quadriceps head, ligament group, the ITB and both facets",
          "[mechanics][budget]") {
  const Model& m = real_model();
  const std::vector<std::string> names = force_budget_terms(m);
  std::vector<std::string> expected;
  for (const PatellaMuscle& mu : m.muscles) expected.push_back(mu.name);
  for (const char* n : {"PT", "lPFL", "mPFL", "itb_iliopatellar", "contact_lateral_facet",
                        "contact_medial_facet", "external"})
    expected.push_back(n);
  CHECK(names == expected);
}

TEST_CASE("Force budget: at an equilibrium the terms sum to zero force and moment",
          "[mechanics][budget][real]") {
  const Model& m = real_model();
  const KneeLoads loads = cadaver_loads(m);
  for (double deg : {0.0, 60.0}) {
    const SweepRow row = test::solve_at(m, deg, loads);
    REQUIRE(row.report.converged);
    KneePose pose;
    pose.knee_flexion = deg_to_rad(deg);
    const KneeFrames frames = compute_knee_frames(m, pose);
    EquilibriumWorkspace ws = make_equilibrium_workspace(m);
    const PatellaForceBudget b = force_budget(m, frames, loads, row.state, ws);
    INFO(deg << " deg");
    // the solver's tolerances: 1e-3 N and 1e-5 N m
    CHECK(b.net_force.norm() < 1e-3);
    CHECK(b.net_moment.norm() < 1e-5);
    // and the budget is not trivially zero: the contact and the tendon carry the load
    CHECK(term(b, "PT").force.norm() > 50.0);
    CHECK((term(b, "contact_lateral_facet").force + term(b, "contact_medial_facet").force).norm() > 50.0);
  }
}

TEST_CASE("Force budget: away from equilibrium it sums to the residual - each term is its elements' force",
          "[mechanics][budget][real]") {
  const Model& m = real_model();
  KneeLoads loads = cadaver_loads(m);
  loads.push_lateral = 40.0;
  const SweepRow row = test::solve_at(m, 30.0, cadaver_loads(m));
  REQUIRE(row.report.converged);
  KneePose pose;
  pose.knee_flexion = deg_to_rad(30.0);
  const KneeFrames frames = compute_knee_frames(m, pose);
  PatellaState moved = row.state;  // 0.4 mm medially, tilted 0.5 deg: not an equilibrium
  Eigen::Matrix<double, 6, 1> x;
  x << 0.0, deg_to_rad(0.5), 0.0, 0.0, 0.0, -0.4e-3;
  moved = apply_step(moved, x);
  EquilibriumWorkspace ws = make_equilibrium_workspace(m);
  const PatellaForceBudget b = force_budget(m, frames, loads, moved, ws);
  Residual r;
  compute_residual(m, frames, loads, moved, ws, r, nullptr);
  REQUIRE(r.head<3>().norm() > 1.0);
  CHECK((b.net_force - r.head<3>()).norm() < 1e-9 * (1.0 + r.head<3>().norm()));
  CHECK((b.net_moment - r.tail<3>() * kMomentScale).norm() < 1e-9);
  // the push is the external term, along +Z_F
  CHECK((term(b, "external").force - Vec3(0, 0, 40.0)).norm() < 1e-12);
  // a muscle's term is its tendon force along its line
  for (std::size_t i = 0; i < m.muscles.size(); ++i) {
    const Vec3 F = loads.quadriceps[i] * ws.forces.muscle_direction[i];
    CHECK((term(b, m.muscles[i].name).force - F).norm() < 1e-9);
  }
  // the two facets share the contact
  const ContactResult& c = ws.forces.contact;
  CHECK((term(b, "contact_lateral_facet").force + term(b, "contact_medial_facet").force - c.force).norm() < 1e-9);
  // a ligament group's term is the sum of its bundles' pulls, each no larger than its tension
  double pt_tension = 0.0;
  for (std::size_t i = 0; i < m.ligaments.size(); ++i)
    if (m.ligaments[i].name.rfind("PT", 0) == 0) pt_tension += ws.forces.ligament_tension[i];
  CHECK(term(b, "PT").force.norm() <= pt_tension + 1e-9);
  CHECK(term(b, "PT").force.norm() > 0.9 * pt_tension);  // the bundles run nearly parallel
}

TEST_CASE("Force budget: the lateral facet pushes the patella medially, the medial facet laterally",
          "[mechanics][budget][real]") {
  // Signs written once (PHYSICS.md 3: Z_F lateral): the facets slope toward the groove, so each
  // pushes the patella toward the other side. At 60 deg and 175 N, both facets are loaded.
  const Model& m = real_model();
  const KneeLoads loads = cadaver_loads(m);
  const SweepRow row = test::solve_at(m, 60.0, loads);
  REQUIRE(row.report.converged);
  KneePose pose;
  pose.knee_flexion = deg_to_rad(60.0);
  EquilibriumWorkspace ws = make_equilibrium_workspace(m);
  const PatellaForceBudget b = force_budget(m, compute_knee_frames(m, pose), loads, row.state, ws);
  CHECK(term(b, "contact_lateral_facet").force.z() < -1.0);
  CHECK(term(b, "contact_medial_facet").force.z() > 1.0);
}
