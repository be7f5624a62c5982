#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

#include "patella/mechanics/contact.hpp"
#include "support/knee_runs.hpp"
#include "support/real_model.hpp"

using namespace patella;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

constexpr double kE = 10e6, kNu = 0.45, kH = 0.006;  // the .osim's cartilage, 3 mm + 3 mm
const double kK = kE * (1 - kNu) / ((1 + kNu) * (1 - 2 * kNu));  // 37.9 MPa

/// A closed box with outward normals (12 faces).
TriMesh box(const Vec3& lo, const Vec3& hi) {
  TriMesh m;
  const Vec3 d = hi - lo, ex(d.x(), 0, 0), ey(0, d.y(), 0), ez(0, 0, d.z());
  // each face: corner and two edges whose cross product points out of the box
  const std::array<std::array<Vec3, 3>, 6> quads{{{hi - ey - ez, ey, ez}, {lo, ez, ey},
                                                  {hi - ex - ez, ez, ex}, {lo, ex, ez},
                                                  {hi - ex - ey, ex, ey}, {lo, ey, ex}}};
  for (const auto& q : quads) {
    const int base = static_cast<int>(m.vertices.size());
    m.vertices.insert(m.vertices.end(), {q[0], q[0] + q[1], q[0] + q[1] + q[2], q[0] + q[2]});
    m.faces.push_back({base, base + 1, base + 2});
    m.faces.push_back({base, base + 2, base + 3});
  }
  return m;
}

/// An n x n grid patch x = shape(y, z) over a square of side `side` centred at (y0, z0), with
/// normals toward -X (toward a target lying at +X).
TriMesh patch(double y0, double z0, double side, int n,
              const std::function<double(double, double)>& shape) {
  TriMesh m;
  for (int i = 0; i <= n; ++i)
    for (int j = 0; j <= n; ++j) {
      const double y = y0 + side * (i / double(n) - 0.5), z = z0 + side * (j / double(n) - 0.5);
      m.vertices.emplace_back(shape(y, z), y, z);
    }
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const int a = i * (n + 1) + j, b = a + n + 1, c = b + 1, d = a + 1;
      // (b - a) along +y, (d - a) along +z: y x z = +X, so wind a-d-c-b for -X
      m.faces.push_back({a, d, c});
      m.faces.push_back({a, c, b});
    }
  return m;
}

const TriMesh kTarget = box({-0.02, -0.02, -0.02}, {0.0, 0.02, 0.02});  // surface x = 0, normal +X
const TriMesh kFlat = patch(0.003, 0.002, 0.01, 10, [](double, double) { return 0.0; });

ContactResult evaluate(const ContactModel& m, const Transform& X_FK, bool jacobian = false) {
  ContactWorkspace ws = make_contact_workspace(m);
  ContactResult out;
  compute_contact(m, X_FK, jacobian, ws, out);
  return out;
}

}  // namespace

TEST_CASE("contact of a flat patch on a flat slab matches the elastic-foundation closed form",
          "[contact]") {
  const double d = 2e-4;  // 0.2 mm overlap
  const double p = kK * d / kH, A = 1e-4;  // 1.26 MPa over 1 cm^2
  // the same configuration in F and moved rigidly (patch and slab together)
  for (const Transform& T : {Transform{}, Transform{axis_angle(Vec3(0.3, -1, 2), 0.9),
                                                    Vec3(0.02, -0.01, 0.04)}}) {
    TriMesh target = kTarget;
    for (Vec3& v : target.vertices) v = T * v;
    const ContactModel m = make_contact_model(target, kFlat, kE, kNu, kH, 0.0, 0.02);
    CHECK_THAT(m.modulus_over_thickness, WithinRel(kK / kH, 1e-14));
    const Transform X_FK = T * Transform{Mat3::Identity(), Vec3(-d, 0.001, -0.002)};
    const ContactResult c = evaluate(m, X_FK);
    // depths come from ray-triangle intersections, exact to roundoff (~1e-13 relative)
    const Vec3 F = T.R * Vec3(p * A, 0, 0);
    CHECK((c.force - F).norm() < 1e-9 * F.norm());
    CHECK(c.faces_in_contact == 200);
    CHECK_THAT(c.area, WithinRel(A, 1e-12));
    CHECK_THAT(c.mean_pressure, WithinRel(p, 1e-9));
    CHECK_THAT(c.peak_pressure, WithinRel(p, 1e-9));
    // centre of pressure at the patch centre (0, 0.003, 0.002) of K; moment of F about K's origin
    CHECK((c.center_of_pressure - X_FK * Vec3(0, 0.003, 0.002)).norm() < 1e-12);
    const Vec3 M = T.R * Vec3(0, 0.003, 0.002).cross(Vec3(p * A, 0, 0));
    CHECK((c.moment - M).norm() < 1e-9 * M.norm());
  }
}

TEST_CASE("no contact when the patch is separated from the slab", "[contact]") {
  const ContactModel m = make_contact_model(kTarget, kFlat, kE, kNu, kH, 0.0, 0.02);
  const ContactResult c = evaluate(m, {Mat3::Identity(), Vec3(1e-3, 0, 0)});
  CHECK(c.faces_in_contact == 0);
  CHECK(c.force.norm() == 0.0);
  CHECK(c.area == 0.0);
}

TEST_CASE("the contact search is bounded by max_proximity", "[contact]") {
  // a ray may only report a surface within max_proximity = 5 mm: 4 mm of overlap is contact,
  // 6 mm (as if the ray had crossed to the far side of a condyle) is not
  const ContactModel m = make_contact_model(kTarget, kFlat, kE, kNu, kH, 0.0, 0.005);
  const ContactResult near = evaluate(m, {Mat3::Identity(), Vec3(-0.004, 0, 0)});
  const ContactResult far = evaluate(m, {Mat3::Identity(), Vec3(-0.006, 0, 0)});
  CHECK(near.faces_in_contact == 200);
  CHECK_THAT(near.mean_pressure, WithinRel(kK * 0.004 / kH, 1e-9));
  CHECK(far.faces_in_contact == 0);
  CHECK(far.force.norm() == 0.0);
}

TEST_CASE("lateral_fraction is 1 when only faces lateral of the ridge are loaded", "[contact]") {
  // a V-shaped patch whose ridge (most posterior line, x = 0) runs at z = 2.5 mm, the centre of
  // a 1 mm bin, so the ridge detection must return exactly 2.5 mm
  const double ridge = 0.0025;
  const TriMesh v = patch(0.0, 0.0025, 0.015, 30,
                          [&](double, double z) { return 0.3 * std::abs(z - ridge); });
  // slabs covering only z > ridge + 0.5 mm, only z < ridge - 0.5 mm, and everything
  const ContactModel lat = make_contact_model(box({-0.02, -0.02, ridge + 5e-4}, {0, 0.02, 0.02}),
                                              v, kE, kNu, kH, 0.0, 0.02);
  const ContactModel med = make_contact_model(box({-0.02, -0.02, -0.02}, {0, 0.02, ridge - 5e-4}),
                                              v, kE, kNu, kH, 0.0, 0.02);
  REQUIRE_THAT(lat.casting.ridge_z, WithinAbs(ridge, 1e-12));
  const Transform X_FK{Mat3::Identity(), Vec3(-1e-3, 0, 0)};  // 1 mm overlap at the ridge
  const ContactResult cl = evaluate(lat, X_FK), cm = evaluate(med, X_FK);
  REQUIRE(cl.faces_in_contact > 20);
  REQUIRE(cm.faces_in_contact > 20);
  CHECK(cl.lateral_fraction == 1.0);
  CHECK(cm.lateral_fraction == 0.0);
}

TEST_CASE("contact Jacobian matches central differences on the real knee", "[contact][real]") {
  const Model& model = test::real_model();
  // an equilibrium pose at 30 deg under 500 N: about a thousand faces in contact
  const SweepRow row = test::solve_at(model, 30.0, test::standard_loads());
  REQUIRE(row.report.converged);
  const Transform X = row.state.X_FK;
  const ContactResult c = evaluate(model.contact, X, true);
  REQUIRE(c.faces_in_contact > 500);
  // Steps of 1 nm and 50 nrad (1 nm at L_c = 2 cm): small enough that almost no patellar ray
  // crosses a femoral triangle edge (a kink of the piecewise-planar surface) in between, large
  // enough that roundoff (~1e-16 * 500 N / 1e-9 m) stays far below 1e-4 of the columns.
  for (int j = 0; j < 6; ++j) {
    const double h = j < 3 ? 5e-8 : 1e-9;
    Eigen::Matrix<double, 7, 1> x = Eigen::Matrix<double, 7, 1>::Zero();
    x[j] = h;
    const ContactResult plus = evaluate(model.contact, apply_step({X, 0.0}, x).X_FK);
    x[j] = -h;
    const ContactResult minus = evaluate(model.contact, apply_step({X, 0.0}, x).X_FK);
    Eigen::Matrix<double, 6, 1> fd;
    fd << (plus.force - minus.force) / (2 * h), (plus.moment - minus.moment) / (2 * h);
    INFO("column " << j << "\nanalytic " << c.jacobian.col(j).transpose() << "\nfd       "
                   << fd.transpose());
    // force and moment rows each against their own scale (moments are ~50x smaller)
    CHECK((c.jacobian.col(j).head<3>() - fd.head<3>()).norm() < 1e-4 * fd.head<3>().norm());
    CHECK((c.jacobian.col(j).tail<3>() - fd.tail<3>()).norm() < 1e-4 * fd.tail<3>().norm());
  }
}

TEST_CASE("make_contact_model rejects non-physical parameters", "[contact]") {
  auto make = [&](double E, double nu, double h, double lo, double hi) {
    return make_contact_model(kTarget, kFlat, E, nu, h, lo, hi);
  };
  CHECK_NOTHROW(make(kE, kNu, kH, 0.0, 0.02));
  CHECK_THROWS_AS(make(0.0, kNu, kH, 0.0, 0.02), std::invalid_argument);
  CHECK_THROWS_AS(make(-1e6, kNu, kH, 0.0, 0.02), std::invalid_argument);
  CHECK_THROWS_AS(make(kE, 0.5, kH, 0.0, 0.02), std::invalid_argument);  // K would be infinite
  CHECK_THROWS_AS(make(kE, 0.6, kH, 0.0, 0.02), std::invalid_argument);
  CHECK_THROWS_AS(make(kE, -0.1, kH, 0.0, 0.02), std::invalid_argument);
  CHECK_THROWS_AS(make(kE, kNu, 0.0, 0.0, 0.02), std::invalid_argument);
  CHECK_THROWS_AS(make(kE, kNu, kH, 0.02, 0.02), std::invalid_argument);
}

TEST_CASE("culling never changes the contact: cached and uncached evaluations agree",
          "[contact][real]") {
  // the clearance cache and distance grid only skip triangles certainly out of contact, so a
  // warmed, culling workspace must give the same contact as a fresh one that ray-casts every
  // triangle, along a sweep and after perturbations of the pose
  const Model& model = test::real_model();
  SweepOptions opt;
  for (double deg : {0.0, 30.0, 60.0, 90.0}) opt.flexion.push_back(deg_to_rad(deg));
  for (int k = 0; k < 4; ++k) opt.loads.quadriceps[k] = 500.0 * (k == 0 ? 0.4 : k == 1 ? 0.25 : 0.175);
  const std::vector<SweepRow> rows = run_sweep(model, opt);
  ContactWorkspace warm = make_contact_workspace(model.contact);
  for (const SweepRow& row : rows) {
    for (int p = 0; p < 10; ++p) {
      // perturbations of 0 to 0.25 mm and 0 to 1 deg, as inside a solve, then 1 to 3 mm and
      // 2 to 4 deg, as on a large trial step (where a ray from a centroid outside the
      // cartilage may pass through it and out the far side: not contact)
      Transform X = row.state.X_FK;
      const double mm = p < 6 ? 0.05 * p : 1.0 + 0.5 * (p - 6);
      const double deg = p < 6 ? 0.2 * p : 2.0 + 0.5 * (p - 6);
      X.p += 1e-3 * mm * Vec3(0.3, -0.5, 1.0).normalized();
      X.R = axis_angle(Vec3(1, 2, -1), deg_to_rad(deg)) * X.R;
      ContactResult culled, reference;
      compute_contact(model.contact, X, true, warm, culled);
      ContactWorkspace fresh = make_contact_workspace(model.contact);
      fresh.use_culling = false;
      compute_contact(model.contact, X, true, fresh, reference);
      INFO("knee " << rad_to_deg(row.knee_flexion) << " deg, perturbation " << p);
      CHECK(culled.faces_in_contact == reference.faces_in_contact);
      CHECK((culled.force - reference.force).norm() <= 1e-9 * reference.force.norm() + 1e-9);
      CHECK((culled.moment - reference.moment).norm() <= 1e-9 * reference.moment.norm() + 1e-12);
    }
  }
}
