#include <catch2/catch.hpp>

#include <cmath>

#include "patella/mechanics/wrap.hpp"
#include "support/code_case.hpp"

using namespace patella;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {
// Path length over a cylinder of radius r between two points at distance D from its axis on
// opposite sides (the straight line through the axis): two tangents and the arc between them.
double symmetric_wrap_length(double D, double r) {
  return 2 * std::sqrt(D * D - r * r) + r * (kPi - 2 * std::acos(r / D));
}

// The cylinder's pose in F (axis = W's Z), not aligned with F, to exercise the frame change.
const Transform kX_FW{axis_angle(Vec3(1, 2, 0.5), 0.7), Vec3(0.01, -0.02, 0.03)};
constexpr double kR = 0.02;

// In W's cross-section: the tangent point lies on the circle and the segment from a to it is
// perpendicular to the radius there.
void check_tangent(const Vec3& a_F, const CylinderWrapResult& w) {
  const Transform X_WF = kX_FW.inverse();
  const Vec3 a = X_WF * a_F, t = X_WF * w.tangent_from_a;
  const Eigen::Vector2d t2 = t.head<2>(), d2 = (t - a).head<2>();
  CHECK_THAT(t2.norm(), WithinRel(kR, 1e-9));
  CHECK(std::abs(t2.normalized().dot(d2.normalized())) < 1e-9);
}
}  // namespace

TEST_CASE("wrap_cylinder leaves a segment that misses the cylinder straight", "[wrap]") {
  // in W: the segment runs at y = 0.03 > r, past the cylinder
  const Vec3 a = kX_FW * Vec3(0.05, 0.03, 0.0), b = kX_FW * Vec3(-0.05, 0.03, 0.01);
  const CylinderWrapResult w = wrap_cylinder(a, b, kX_FW, kR, "all");
  CHECK_FALSE(w.wrapped);
  CHECK((w.tangent_from_a - b).norm() == 0.0);
  CHECK_THAT(w.length, WithinRel((b - a).norm(), 1e-15));
}

TEST_CASE("wrap_cylinder wraps a crossing segment with the analytic length", "[wrap]") {
  // validation::verify_wrap_cylinder (docs/verification.md): the symmetric crossing and the
  // helix with 30 mm of rise against their analytic lengths, tangent points on the circle
  const validation::CodeCase c = validation::verify_wrap_cylinder();
  test::check_code_case(c);
  CHECK(c.coverage.at("wrapped") == 2);

  // an asymmetric crossing: still tangent, and longer than the straight segment
  const Vec3 a = kX_FW * Vec3(-0.04, 0.005, -0.01), d = kX_FW * Vec3(0.07, -0.01, 0.02);
  const CylinderWrapResult g = wrap_cylinder(a, d, kX_FW, kR, "all");
  REQUIRE(g.wrapped);
  CHECK(g.length > (d - a).norm());
  check_tangent(a, g);
}

TEST_CASE("wrap_cylinder quadrant x passes the path on the +x side", "[wrap]") {
  // a and b straddle the cylinder along y, on a line 1 mm to the -x side of the axis, so the
  // shorter way round is the -x side; quadrant "x" must take the +x side regardless
  const double D = 0.05;
  const Vec3 a = kX_FW * Vec3(-0.001, -D, 0), b = kX_FW * Vec3(-0.001, D, 0);
  const Transform X_WF = kX_FW.inverse();
  const CylinderWrapResult plus = wrap_cylinder(a, b, kX_FW, kR, "x");
  const CylinderWrapResult minus = wrap_cylinder(a, b, kX_FW, kR, "-x");
  const CylinderWrapResult any = wrap_cylinder(a, b, kX_FW, kR, "all");
  REQUIRE(plus.wrapped);
  REQUIRE(minus.wrapped);
  REQUIRE(any.wrapped);
  // tangent points at x = +/- r sqrt(1 - (r/D)^2) = +/-18.3 mm, far from 0
  CHECK((X_WF * plus.tangent_from_a).x() > 0.015);
  CHECK((X_WF * minus.tangent_from_a).x() < -0.015);
  check_tangent(a, plus);
  check_tangent(a, minus);
  // unconstrained, the path takes the shorter -x side; "x" pays for the longer one
  CHECK((X_WF * any.tangent_from_a).x() < -0.015);
  CHECK(plus.length > minus.length);
}

TEST_CASE("segment_hits_ellipsoid", "[wrap]") {
  const Vec3 radii(0.03, 0.02, 0.01);
  auto hits = [&](const Vec3& a_W, const Vec3& b_W) {
    return segment_hits_ellipsoid(kX_FW * a_W, kX_FW * b_W, kX_FW, radii);
  };
  CHECK(hits({-0.1, 0, 0}, {0.1, 0, 0}));              // through the centre
  CHECK(hits({-0.1, 0.015, 0}, {0.1, 0.015, 0}));      // (0.015/0.02)^2 = 0.56 < 1: inside
  CHECK_FALSE(hits({-0.1, 0.025, 0}, {0.1, 0.025, 0}));// beyond the y semi-axis
  CHECK_FALSE(hits({0, 0, 0.011}, {0, 0, 0.1}));       // stops short of the z semi-axis
  CHECK(hits({0, 0, 0.009}, {0, 0, 0.1}));             // starts inside
  CHECK_FALSE(hits({0.025, 0.015, -0.1}, {0.025, 0.015, 0.1}));  // (5/6)^2+(3/4)^2 > 1
}

TEST_CASE("wrap_cylinder: an end that sinks into the cylinder keeps the length continuous", "[wrap]") {
  // b on the far side, moved radially from just outside the surface to just inside: OpenSim
  // would drop the wrap there (a jump of centimetres); the lifted end changes it by the step
  const Vec3 a = kX_FW * Vec3(-0.08, 0.001, 0.0);
  double previous = -1;
  for (double d : {kR * 1.002, kR * 1.0005, kR * 0.9995, kR * 0.998}) {
    const Vec3 b = kX_FW * Vec3(d, 0.0, 0.01);
    const CylinderWrapResult w = wrap_cylinder(a, b, kX_FW, kR, "all");
    INFO("b at " << d / kR << " r");
    CHECK(w.wrapped);
    if (previous > 0) CHECK(std::abs(w.length - previous) < 2 * 0.0015 * kR + 1e-7);
    previous = w.length;
  }
}
