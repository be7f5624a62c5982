// Moment arms of every leg muscle: OpenSim's r = -dl/dq (central differences of the wrapped
// path length) against the virtual work of the path's tension on the bodies.
#include <catch2/catch.hpp>

#include <cmath>

#include "patella/gait/muscle_set.hpp"
#include "patella/mechanics/equilibrium.hpp"
#include "patella/compiler/compile_leg.hpp"
#include "patella/mechanics/leg_kinematics.hpp"
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
  const Model& knee = test::real_model();
  const Leg leg = make_leg(knee);
  const MuscleSet set = make_muscle_set(knee, knee.spec.itb_link.muscles);
  REQUIRE(set.muscles.size() == 44);
  const Transform X_FK = default_patella_state(knee).X_FK;
  const double h = 1e-6;   // kinematics for the virtual work
  const double hl = 1e-4;  // length differences: larger, so the wrap solver's round-off (1e-10 m)
                           // does not swamp them; truncation error O(hl^2) stays below 1e-7 m
  int wrapped_checked = 0;
  for (const LegQ& q : {pose(20, 5, -5, 30, 10), pose(-10, -5, 10, 60, -15), pose(45, 0, 0, 90, 0)}) {
    LegPoses X;
    leg_poses(leg, q, X_FK, X);
    for (std::size_t j = 0; j < kDrivenDofs.size(); ++j) {
      LegQ qp = q, qm = q, qlp = q, qlm = q;
      qp[kDrivenDofs[j]] += h;
      qm[kDrivenDofs[j]] -= h;
      qlp[kDrivenDofs[j]] += hl;
      qlm[kDrivenDofs[j]] -= hl;
      LegPoses Xp, Xm, Xlp, Xlm;
      leg_poses(leg, qp, X_FK, Xp);
      leg_poses(leg, qm, X_FK, Xm);
      leg_poses(leg, qlp, X_FK, Xlp);
      leg_poses(leg, qlm, X_FK, Xlm);
      for (const LegMuscle& m : set.muscles) {
        PathGeometry g, gp, gm;
        evaluate_path(set.wraps, m.path, X, q, g);
        evaluate_path(set.wraps, m.path, Xlp, qlp, gp);
        evaluate_path(set.wraps, m.path, Xlm, qlm, gm);
        const double r_length = -(gp.length - gm.length) / (2 * hl);
        const double r_work = path_generalized_force(g, X, Xp, Xm, h);
        bool ellipsoid = false;
        for (int w : m.path.wraps) ellipsoid = ellipsoid || set.wraps[w].type != LegWrap::Type::Cylinder;
        INFO(m.name << " dof " << j << " wrapped spans " << g.wrapped_spans);
        // exact for shortest paths (points, cylinders); the planar ellipsoid wrap is not quite a
        // geodesic, so the tension's work and the length change differ slightly there
        CHECK(r_work == Approx(r_length).margin(ellipsoid && g.wrapped_spans ? 2e-4 : 2e-6));
        wrapped_checked += g.wrapped_spans > 0;
      }
    }
  }
  CHECK(wrapped_checked > 20);  // the wrapped paths were exercised
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
