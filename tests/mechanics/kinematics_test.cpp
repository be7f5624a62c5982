#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "patella/compiler/compile_kinematics.hpp"
#include "patella/mechanics/kinematics.hpp"
#include "support/real_model.hpp"

using namespace patella;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {
FunctionSpec spline(std::vector<double> x, std::vector<double> y, double scale = 1.0) {
  FunctionSpec f;
  f.kind = FunctionSpec::Kind::SimmSpline;
  f.x = std::move(x);
  f.y = std::move(y);
  f.scale = scale;
  return f;
}
// the spec's function, compiled as the model compiler does
double eval(const FunctionSpec& f, double x) { return eval_function(compile_function(f), x); }
}  // namespace

TEST_CASE("eval_function: constant, linear and SimmSpline with a Multiplier scale",
          "[kinematics]") {
  FunctionSpec c;
  c.kind = FunctionSpec::Kind::Constant;
  c.value = 2.5;
  CHECK(eval(c, -3.0) == 2.5);
  c.scale = 2.0;
  CHECK(eval(c, 7.0) == 5.0);

  FunctionSpec lin;
  lin.kind = FunctionSpec::Kind::Linear;
  lin.slope = 3.0;
  lin.intercept = -1.0;
  CHECK_THAT(eval(lin, 2.0), WithinRel(5.0, 1e-15));
  lin.scale = 0.5;
  CHECK_THAT(eval(lin, 2.0), WithinRel(2.5, 1e-15));

  // a spline through uneven knots passes through every knot (1e-12: roundoff of the solve)
  const std::vector<double> x{0.0, 0.5, 1.2, 2.0, 3.0}, y{0.0, 0.3, -0.2, 0.8, 1.0};
  const FunctionSpec s = spline(x, y), s2 = spline(x, y, -2.0);
  for (std::size_t k = 0; k < x.size(); ++k) {
    CHECK_THAT(eval(s, x[k]), WithinAbs(y[k], 1e-12));
    CHECK_THAT(eval(s2, x[k]), WithinAbs(-2.0 * y[k], 1e-12));
  }
  // between knots the scale multiplies the whole curve
  CHECK_THAT(eval(s2, 0.77), WithinRel(-2.0 * eval(s, 0.77), 1e-14));
  // a natural cubic spline reproduces linear data exactly, between and beyond the knots
  const FunctionSpec line = spline(x, {1.0, 2.0, 3.4, 5.0, 7.0});
  for (double q : {0.1, 0.77, 1.9, 2.5, -0.4, 3.6}) CHECK_THAT(eval(line, q), WithinAbs(1 + 2 * q, 1e-12));
  // it is smooth between knots, not piecewise linear: the middle of a bent interval differs
  // from the chord
  CHECK(std::abs(eval(s, 0.85) - (0.3 + -0.2) / 2) > 1e-3);
}

TEST_CASE("pf_r joint transform is Rz(-flex) Rx(rot) Ry(tilt), p = (tx, ty, tz)",
          "[kinematics][real]") {
  const Joint pf = compile_joint(*test::real_model().spec.find_joint("pf_r"));
  REQUIRE(pf.coordinates.size() == 6);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> angle(-1.2, 1.2), shift(-0.08, 0.08);
  for (int trial = 0; trial < 20; ++trial) {
    const std::vector<double> q{angle(rng), angle(rng), angle(rng), shift(rng), shift(rng),
                                shift(rng)};
    const Mat3 R = Eigen::AngleAxisd(-q[0], Vec3::UnitZ()).toRotationMatrix() *
                   Eigen::AngleAxisd(q[1], Vec3::UnitX()).toRotationMatrix() *
                   Eigen::AngleAxisd(q[2], Vec3::UnitY()).toRotationMatrix();
    const Transform X = joint_transform(pf, q.data());
    // pf_r has no offset frames in lenhart2015.osim, so child-in-parent is the same map
    const Transform Xc = joint_child_in_parent(pf, q.data());
    CHECK((X.R - R).norm() < 1e-12);
    CHECK((X.p - Vec3(q[3], q[4], q[5])).norm() < 1e-12);
    CHECK((Xc.R - R).norm() < 1e-12);
    CHECK((Xc.p - Vec3(q[3], q[4], q[5])).norm() < 1e-12);
  }
}

TEST_CASE("joint_coordinates recovers random pf_r coordinates", "[kinematics][real]") {
  const Model& model = test::real_model();
  const Joint& pf = model.tree.joints[model.pf_joint];
  std::mt19937 rng(11);
  // angles within +/-0.7 rad keep clear of the Euler singularity (rotation2 = +/-90 deg)
  std::uniform_real_distribution<double> angle(-0.7, 0.7), shift(-0.05, 0.05);
  // the pose of the patella at pf coordinates q (the others at their defaults)
  auto pose = [&](const std::vector<double>& q) {
    std::vector<double> all = model.tree.default_q;
    for (int k = 0; k < 6; ++k) all[pf.coordinates[k]] = q[k];
    return joint_child_in_parent(pf, all.data());
  };
  for (int trial = 0; trial < 20; ++trial) {
    const std::vector<double> q{angle(rng), angle(rng), angle(rng), shift(rng), shift(rng),
                                shift(rng)};
    const std::vector<double> back =
        joint_coordinates(pf, pose(q), model.pf_default, model.tree.default_q);
    REQUIRE(back.size() == 6);
    // Newton stops at a pose residual < 1e-12; the map is well conditioned here, so 1e-9
    for (int k = 0; k < 6; ++k) CHECK_THAT(back[k], WithinAbs(q[k], 1e-9));
  }
}

TEST_CASE("body_poses puts femur_distal_r at its WeldJoint offset from femur_r",
          "[kinematics][real]") {
  const Model& model = test::real_model();
  const KinematicTree& tree = model.tree;
  // femur_femur_distal_r in lenhart2015.osim: parent frame femur_r_offset, translation below,
  // orientation 0 0 0; child frame is femur_distal_r itself. Holds for any hip angles.
  const Vec3 offset(-0.0055513564376633642, -0.37418143637169787, -0.0011706232813375212);
  for (const auto& hip : {std::map<std::string, double>{},
                          std::map<std::string, double>{
                              {"hip_flex_r", 0.6}, {"hip_add_r", -0.2}, {"hip_rot_r", 0.3}}}) {
    std::vector<double> q = tree.default_q;
    for (const auto& [name, value] : hip) q[tree.coordinate(name)] = value;
    std::vector<Transform> X_G;
    body_poses(tree, {}, q.data(), X_G);
    const Transform X_femur = X_G[tree.body("femur_r")].inverse() * X_G[tree.body("femur_distal_r")];
    CHECK((X_femur.R - Mat3::Identity()).norm() < 1e-12);
    CHECK((X_femur.p - offset).norm() < 1e-12);
    // and the patella hangs off femur_distal_r through pf_r at its default coordinates
    const Transform X_FK = X_G[tree.body("femur_distal_r")].inverse() * X_G[tree.body("patella_r")];
    CHECK((X_FK.p - Vec3(0.053, 0.005, 0.004)).norm() < 1e-12);
  }
}

TEST_CASE("the knee solver's frames and the gait chain come from the same kinematics",
          "[kinematics][real]") {
  const Model& model = test::real_model();
  const KinematicTree& tree = model.tree;
  // a joint evaluated alone (compiled on its own) and inside the tree agree exactly
  const Joint alone = compile_joint(*model.spec.find_joint("knee_r"));
  const Joint& in_tree = tree.joints[model.knee_joint];
  const std::vector<double> q_knee{0.7, 0.02, -0.05, 0.001, -0.002, 0.003};
  std::vector<double> q = tree.default_q;
  for (int k = 0; k < 6; ++k) q[in_tree.coordinates[k]] = q_knee[k];
  const Transform A = joint_child_in_parent(alone, q_knee.data());
  const Transform B = joint_child_in_parent(in_tree, q.data());
  CHECK(A.R == B.R);
  CHECK(A.p == B.p);
  // body_poses over a sub-chain gives the same poses as over the whole tree
  std::vector<int> chain;
  for (int b = tree.body("toes_r"); tree.joint_of_body[b] >= 0; b = tree.joints[tree.joint_of_body[b]].parent)
    chain.insert(chain.begin(), tree.joint_of_body[b]);
  std::vector<Transform> all, part;
  body_poses(tree, {}, q.data(), all);
  body_poses(tree, chain, q.data(), part);
  for (int j : chain) {
    const int b = tree.joints[j].child;
    CHECK(all[b].R == part[b].R);
    CHECK(all[b].p == part[b].p);
  }
}
