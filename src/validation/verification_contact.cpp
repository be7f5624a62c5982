// Code verification of the elastic-foundation contact (see verification.hpp): a flat patch on a
// flat slab against the closed form, and the analytic contact Jacobian against central
// differences on the real knee.
#include <algorithm>
#include <array>
#include <cmath>

#include "patella/mechanics/contact.hpp"
#include "patella/mechanics/quadriceps_loads.hpp"
#include "patella/mechanics/sweep.hpp"
#include "patella/validation/verification.hpp"

namespace patella::validation {

TriMesh box_mesh(const Vec3& lo, const Vec3& hi) {
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

TriMesh patch_mesh(double y0, double z0, double side, int n,
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

namespace {

ContactResult evaluate(const ContactModel& m, const Transform& X_FK, bool jacobian = false) {
  ContactWorkspace ws = make_contact_workspace(m);
  ContactResult out;
  compute_contact(m, X_FK, jacobian, ws, out);
  return out;
}

double rel(double got, double want) { return std::abs(got - want) / std::abs(want); }

}  // namespace

CodeCase verify_contact_flat_patch() {
  CodeCase c{"elastic-foundation contact",
             "flat 1 cm2 patch 0.2 mm into a flat slab, as placed and moved rigidly: p = K d / h, "
             "K = E (1 - v) / ((1 + v)(1 - 2 v)) (Bei & Fregly 2004, Med Eng Phys 26:777), "
             "F = p A, centre of pressure at the patch centre",
             "force, moment, area, mean and peak pressure (relative); centre of pressure "
             "(relative to the 10 mm patch side)",
             0.0, 1e-9, "relative", 0, "contact of a flat patch on a flat slab matches the elastic-foundation closed form", {}};
  // the .osim's cartilage: E 10 MPa, v 0.45, 3 mm + 3 mm
  constexpr double kE = 10e6, kNu = 0.45, kH = 0.006;
  const double kK = kE * (1 - kNu) / ((1 + kNu) * (1 - 2 * kNu));  // 37.9 MPa
  const TriMesh slab = box_mesh({-0.02, -0.02, -0.02}, {0.0, 0.02, 0.02});  // surface x = 0, normal +X
  const TriMesh flat = patch_mesh(0.003, 0.002, 0.01, 10, [](double, double) { return 0.0; });
  const double d = 2e-4;                   // 0.2 mm overlap
  const double p = kK * d / kH, A = 1e-4;  // 1.26 MPa over 1 cm^2
  int faces_ok = 0;
  for (const Transform& T : {Transform{}, Transform{axis_angle(Vec3(0.3, -1, 2), 0.9),
                                                    Vec3(0.02, -0.01, 0.04)}}) {
    TriMesh target = slab;
    for (Vec3& v : target.vertices) v = T * v;
    const ContactModel m = make_contact_model(target, flat, kE, kNu, kH, 0.0, 0.02);
    const Transform X_FK = T * Transform{Mat3::Identity(), Vec3(-d, 0.001, -0.002)};
    const ContactResult r = evaluate(m, X_FK);
    const Vec3 F = T.R * Vec3(p * A, 0, 0);
    const Vec3 M = T.R * Vec3(0, 0.003, 0.002).cross(Vec3(p * A, 0, 0));
    const std::array<double, 7> errors{
        rel(m.modulus_over_thickness, kK / kH), (r.force - F).norm() / F.norm(),
        (r.moment - M).norm() / M.norm(), rel(r.area, A), rel(r.mean_pressure, p),
        rel(r.peak_pressure, p), (r.center_of_pressure - X_FK * Vec3(0, 0.003, 0.002)).norm() / 0.01};
    for (double e : errors) c.error = std::max(c.error, e);
    c.samples += static_cast<int>(errors.size());
    faces_ok += r.faces_in_contact == 200;
  }
  c.coverage["placements with all 200 faces in contact"] = faces_ok;
  return c;
}

CodeCase verify_contact_jacobian(const Model& knee) {
  CodeCase c{"elastic-foundation contact",
             "analytic 6x6 contact stiffness vs central differences (steps 1 nm, 50 nrad) at the "
             "equilibrium at 30 deg under 500 N of quadriceps, real knee",
             "each column, force and moment rows against their own norm",
             0.0, 1e-4, "relative", 0, "contact Jacobian matches central differences on the real knee", {}};
  SweepOptions opt;
  opt.flexion = {deg_to_rad(30.0)};
  opt.loads.quadriceps = quadriceps_split(knee, 500.0);  // PCSA split as `patella knee`
  const SweepRow row = run_sweep(knee, opt).front();
  c.coverage["equilibrium converged"] = row.report.converged ? 1 : 0;
  const Transform X = row.state.X_FK;
  const ContactResult r = evaluate(knee.contact, X, true);
  c.coverage["faces in contact"] = r.faces_in_contact;
  // Steps of 1 nm and 50 nrad (1 nm at L_c = 2 cm): small enough that almost no patellar ray
  // crosses a femoral triangle edge (a kink of the piecewise-planar surface) in between, large
  // enough that roundoff (~1e-16 * 500 N / 1e-9 m) stays far below 1e-4 of the columns.
  for (int j = 0; j < 6; ++j) {
    const double h = j < 3 ? 5e-8 : 1e-9;
    Eigen::Matrix<double, 6, 1> x = Eigen::Matrix<double, 6, 1>::Zero();
    x[j] = h;
    const ContactResult plus = evaluate(knee.contact, apply_step(PatellaState{X}, x).X_FK);
    x[j] = -h;
    const ContactResult minus = evaluate(knee.contact, apply_step(PatellaState{X}, x).X_FK);
    Eigen::Matrix<double, 6, 1> fd;
    fd << (plus.force - minus.force) / (2 * h), (plus.moment - minus.moment) / (2 * h);
    c.error = std::max({c.error, (r.jacobian.col(j).head<3>() - fd.head<3>()).norm() / fd.head<3>().norm(),
                        (r.jacobian.col(j).tail<3>() - fd.tail<3>()).norm() / fd.tail<3>().norm()});
    c.samples += 2;
  }
  return c;
}

}  // namespace patella::validation
