// Moment arms of every leg muscle: OpenSim's r = -dl/dq (central differences of the wrapped
// path length) against the virtual work of the path's tension on the bodies.
#include <catch2/catch.hpp>

#include <cmath>

#include "patella/gait/muscle_set.hpp"
#include "patella/mechanics/equilibrium.hpp"
#include "patella/compiler/compile_leg.hpp"
#include "patella/mechanics/leg_kinematics.hpp"
#include "patella/mechanics/quadriceps_loads.hpp"
#include "patella/mechanics/sweep.hpp"
#include "support/code_case.hpp"
#include "support/real_model.hpp"

using namespace patella;

namespace {
LegQ pose(double hip_flex, double hip_add, double hip_rot, double knee, double ankle) {
  LegQ q{};
  q[kPelvisTy] = 0.93;
  q[kHipFlex] = deg_to_rad(hip_flex);
  q[kHipAdd] = deg_to_rad(hip_add);
  q[kHipRot] = deg_to_rad(hip_rot);
  q[kKneeFlex] = deg_to_rad(knee);
  q[kAnkleFlex] = deg_to_rad(ankle);
  return q;
}
}  // namespace

TEST_CASE("Muscle paths: moment arms from -dl/dq equal the tension's virtual work", "[gait]") {
  // validation::verify_moment_arms (docs/verification.md): 46 muscles (the .osim's 44, two
  // vasti split into two heads each) x 3 poses x 5 coordinates;
  // exact for shortest paths (points, cylinders); the planar ellipsoid wrap is not quite a
  // geodesic, so the tension's work and the length change differ slightly there
  const std::vector<validation::CodeCase> cases = validation::verify_moment_arms(test::real_model());
  REQUIRE(cases.size() == 2);
  for (const validation::CodeCase& c : cases) {
    test::check_code_case(c);
    CHECK(c.coverage.at("muscles") == 46);
  }
  // the wrapped paths were exercised (a case that met none has no count)
  double wrapped = 0;
  for (const validation::CodeCase& c : cases)
    if (c.coverage.count("wrapped paths")) wrapped += c.coverage.at("wrapped paths");
  CHECK(wrapped > 20);
}

TEST_CASE("Muscle paths: signs of known moment arms", "[gait]") {
  const Model& knee = test::real_model();
  const Leg leg = make_leg(knee);
  const MuscleSet set = make_muscle_set(knee, knee.spec.itb_link.muscles);
  const Transform X_FK = default_patella_state(knee).X_FK;
  const LegQ q = pose(20, 0, 0, 30, 0);
  const double h = 1e-6;
  auto arm = [&](const std::string& name, int dof) {
    for (const LegMuscle& m : set.muscles)
      if (m.name == name) {
        LegQ qp = q, qm = q;
        qp[dof] += h;
        qm[dof] -= h;
        LegPoses Xp, Xm;
        leg_poses(leg, qp, X_FK, Xp);
        leg_poses(leg, qm, X_FK, Xm);
        PathGeometry gp, gm;
        evaluate_path(set.wraps, m.path, Xp, qp, gp);
        evaluate_path(set.wraps, m.path, Xm, qm, gm);
        return -(gp.length - gm.length) / (2 * h);
      }
    FAIL("no muscle " << name);
    return 0.0;
  };
  CHECK(arm("iliacus_r", kHipFlex) > 0.01);     // hip flexor
  CHECK(arm("glmax2_r", kHipFlex) < -0.01);     // hip extensor
  CHECK(arm("glmed2_r", kHipAdd) < -0.01);      // hip abductor
  CHECK(arm("addlong_r", kHipAdd) > 0.01);      // hip adductor
  CHECK(arm("bflh_r", kKneeFlex) > 0.01);       // knee flexor (shortens as the knee flexes)
  CHECK(arm("soleus_r", kAnkleFlex) < -0.02);   // plantarflexor
  CHECK(arm("tibant_r", kAnkleFlex) > 0.02);    // dorsiflexor
}

TEST_CASE("Muscle paths: conditional points switch with their coordinate, moving points follow it",
          "[gait]") {
  const Model& knee = test::real_model();
  const Leg leg = make_leg(knee);
  const std::vector<LegWrap> wraps = make_leg_wraps(knee.spec);
  const Transform X_FK = default_patella_state(knee).X_FK;
  PathSpec spec;
  spec.points.push_back({"origin", "pelvis", Vec3(-0.1, -0.1, 0.06)});
  PathPointSpec via{"via", "tibia_r", Vec3(-0.03, -0.05, 0.0), "ConditionalPathPoint"};
  via.coordinate = "knee_flex_r";
  via.range_min = 0.5;
  via.range_max = 2.0;
  spec.points.push_back(via);
  PathPointSpec moving{"insertion", "tibia_r", Vec3(0.0, -0.1, 0.0), "MovingPathPoint"};
  moving.moving[0] = true;
  moving.coordinates[0] = "knee_flex_r";
  moving.functions[0].kind = FunctionSpec::Kind::Linear;
  moving.functions[0].slope = 0.01;      // x = 0.01 q - 0.02 [m]
  moving.functions[0].intercept = -0.02;
  spec.points.push_back(moving);
  const LegPath path = make_leg_path(wraps, spec, "test");
  REQUIRE(path.has_moving_points);
  for (double knee_flex : {0.3, 1.0}) {
    LegQ q = pose(10, 0, 0, rad_to_deg(knee_flex), 0);
    LegPoses X;
    leg_poses(leg, q, X_FK, X);
    PathGeometry g;
    evaluate_path(wraps, path, X, q, g);
    const Vec3 a = X[kPelvis] * spec.points[0].location;
    const Vec3 v = X[kTibia] * via.location;
    const Vec3 b = X[kTibia] * Vec3(0.01 * knee_flex - 0.02, -0.1, 0.0);
    INFO("knee flexion " << knee_flex);
    CHECK(g.points_G.back().isApprox(b, 1e-12));  // the moving point where its function puts it
    if (knee_flex < 0.5) {
      CHECK(g.points_G.size() == 2);                // the conditional point is off
      CHECK(g.length == Approx((b - a).norm()).epsilon(1e-12));
    } else {
      CHECK(g.points_G.size() == 3);                // and on
      CHECK(g.length == Approx((v - a).norm() + (b - v).norm()).epsilon(1e-12));
    }
  }
  // a point driven by a coordinate outside the leg is refused, naming muscle and point
  PathSpec bad = spec;
  bad.points[2].coordinates[0] = "pf_tz_r";
  CHECK_THROWS_WITH(make_leg_path(wraps, bad, "test"),
                    Catch::Contains("'test'") && Catch::Contains("insertion") && Catch::Contains("pf_tz_r"));
}

TEST_CASE("Muscle paths: a span between two points of one body is never wrapped", "[gait]") {
  // the rectus femoris's two patellar points, with the patella deep in flexion where the span
  // between them passes on the forbidden (-x) side of the KnExt cylinder: the span stays straight
  const Model& knee = test::real_model();
  const Leg leg = make_leg(knee);
  const std::vector<LegWrap> wraps = make_leg_wraps(knee.spec);
  const MuscleSpec& rf = *knee.spec.find_muscle("recfem_r");
  const LegPath path = make_leg_path(wraps, rf.path, "recfem_r");
  REQUIRE(rf.path.points.size() == 3);
  REQUIRE(rf.path.points[1].body == "patella_r");
  REQUIRE(rf.path.points[2].body == "patella_r");
  bool forbidden_side_seen = false;
  for (double flex : {30.0, 90.0, 120.0}) {
    LegQ q = pose(0, 0, 0, flex, 0);
    SweepOptions so;  // the patella where 300 N of quadriceps hold it at this flexion
    so.flexion = {deg_to_rad(flex)};
    so.loads.quadriceps = quadriceps_split(knee, 300.0);
    const SweepRow row = run_sweep(knee, so)[0];
    REQUIRE(row.report.converged);
    LegPoses X;
    leg_poses(leg, q, row.state.X_FK, X);
    PathGeometry g;
    evaluate_path(wraps, path, X, q, g);
    const Vec3 p1 = X[kPatella] * rf.path.points[1].location, p2 = X[kPatella] * rf.path.points[2].location;
    INFO("knee flexion " << flex);
    REQUIRE(g.points_G.size() >= 2);
    CHECK(g.points_G[g.points_G.size() - 2].isApprox(p1, 1e-12));  // straight from p1 to p2
    CHECK(g.length > (p2 - p1).norm());
    // where the old rule wrapped the span: its midpoint on the cylinder's -x side
    const LegWrap& w = wraps[path.wraps[0]];
    const Vec3 mid = (X[w.body] * w.X_BW).inverse() * (0.5 * (p1 + p2));
    forbidden_side_seen = forbidden_side_seen || mid.x() < 0;
  }
  CHECK(forbidden_side_seen);
}
