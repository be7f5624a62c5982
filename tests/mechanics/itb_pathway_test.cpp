// The ITB's pathway to the patella (Model::itb, mechanics/itb_pathway.hpp) on the Lenhart knee.
#include <catch2/catch.hpp>

#include "patella/mechanics/itb_pathway.hpp"
#include "patella/mechanics/quadriceps_loads.hpp"
#include "support/knee_runs.hpp"
#include "support/real_model.hpp"

using namespace patella;
using test::real_model;

TEST_CASE("ITB node: its balance holds, and its stiffness G matches finite differences",
          "[itb][real]") {
  const Model& m = real_model();
  const ItbPathway& P = m.itb;
  REQUIRE(P.enabled);
  REQUIRE(P.bundle_p_K.size() == 3);
  // bundle points pulled 3 mm anteriorly from their reference places, band at 90 N: taut
  const SweepRow row = test::solve_at(m, 45.0, test::standard_loads(m));
  std::vector<Vec3> a;
  for (const Vec3& p : P.bundle_p_K) a.push_back(row.state.X_FK * p + Vec3(3e-3, 0, 0));
  KneePose pose;
  pose.knee_flexion = deg_to_rad(45.0);
  const Vec3 B = compute_knee_frames(m, pose).X_FB[P.distal_body_index] * P.distal_p_B;
  const ItbNodeResult r = solve_itb_node(P, a, B, 90.0, P.kaplan_anchor_F, true);
  REQUIRE(r.converged);
  double tension = 0.0;
  for (double t : r.bundle_tension) tension += t;
  CHECK(tension > 10.0);
  // dp_i/da_j by central differences (1 um), each node re-balanced from the same start
  constexpr double h = 1e-6;
  for (std::size_t j = 0; j < a.size(); ++j)
    for (int k = 0; k < 3; ++k) {
      std::vector<Vec3> ap = a, am = a;
      ap[j][k] += h;
      am[j][k] -= h;
      const ItbNodeResult rp = solve_itb_node(P, ap, B, 90.0, r.node, false);
      const ItbNodeResult rm = solve_itb_node(P, am, B, 90.0, r.node, false);
      for (std::size_t i = 0; i < a.size(); ++i) {
        const Vec3 fd = (rp.force_on_patella[i] - rm.force_on_patella[i]) / (2 * h);
        const Vec3 an = r.G[i * a.size() + j].col(k);
        CHECK((an - fd).norm() <= 1e-4 * std::max(1.0, fd.norm()) + 1e-2);
      }
    }
}

TEST_CASE("ITB node: band tension carries it posteriorly as the knee flexes (the bowstring)",
          "[itb][real]") {
  const Model& m = real_model();
  KneeLoads slack = test::standard_loads(m), taut = slack;
  taut.itb_tension = 90.0;
  const double x0 = test::solve_at(m, 0.0, taut).itb_node_offset.x();
  const double x45 = test::solve_at(m, 45.0, taut).itb_node_offset.x();
  const double x90 = test::solve_at(m, 90.0, taut).itb_node_offset.x();
  INFO("node's anterior offset from its anchor under 90 N: " << 1e3 * x0 << ", " << 1e3 * x45 << ", "
                                                            << 1e3 * x90 << " mm at 0, 45, 90 deg");
  CHECK(x45 < x0 - 1e-3);   // more than 1 mm posterior by 45 deg
  CHECK(x90 < x45 - 1e-3);
  // without band tension the Kaplan fibres hold it where it was
  CHECK(std::abs(test::solve_at(m, 45.0, slack).itb_node_offset.x()) < 1e-3);
}

TEST_CASE("iliopatellar bundles: just taut in the relaxed straight knee, 97 N/mm in all",
          "[itb][real]") {
  const Model& m = real_model();
  double k = 0.0;
  for (const BlankevoortParams& b : m.itb.bundle_params) k += b.linear_stiffness / b.slack_length;
  CHECK(k == Approx(97e3));
  SweepOptions o;
  o.flexion = {0.0};
  o.loads = passive_tone_loads(m);
  const SweepRow row = run_sweep(m, o).front();
  for (std::size_t i = 0; i < m.itb.bundle_p_K.size(); ++i) {
    const double l = (row.state.X_FK * m.itb.bundle_p_K[i] - m.itb.kaplan_anchor_F).norm();
    CHECK(l == Approx(m.itb.bundle_params[i].slack_length).epsilon(1e-3));
  }
}
