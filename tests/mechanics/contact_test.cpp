#include <algorithm>
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "patella/core/mesh_subdivide.hpp"
#include "patella/mechanics/contact.hpp"
#include "patella/mechanics/distance_grid.hpp"
#include "patella/mechanics/quadriceps_loads.hpp"
#include "patella/validation/verification.hpp"
#include "support/code_case.hpp"
#include "support/knee_runs.hpp"
#include "support/real_model.hpp"

using namespace patella;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

constexpr double kE = 10e6, kNu = 0.45, kH = 0.006;  // the .osim's cartilage, 3 mm + 3 mm
const double kK = kE * (1 - kNu) / ((1 + kNu) * (1 - 2 * kNu));  // 37.9 MPa

const TriMesh kTarget = validation::box_mesh({-0.02, -0.02, -0.02}, {0.0, 0.02, 0.02});  // surface x = 0, normal +X
const TriMesh kFlat = validation::patch_mesh(0.003, 0.002, 0.01, 10, [](double, double) { return 0.0; });

ContactResult evaluate(const ContactModel& m, const Transform& X_FK, bool jacobian = false) {
  ContactWorkspace ws = make_contact_workspace(m);
  ContactResult out;
  compute_contact(m, X_FK, jacobian, ws, out);
  return out;
}

}  // namespace

TEST_CASE("contact of a flat patch on a flat slab matches the elastic-foundation closed form",
          "[contact]") {
  // the computation is validation::verify_contact_flat_patch, shared with docs/verification.md
  const validation::CodeCase c = validation::verify_contact_flat_patch();
  test::check_code_case(c);
  CHECK(c.coverage.at("placements with all 200 faces in contact") == 2);
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

TEST_CASE("the casting surface is stored cluster by cluster, its per-triangle outputs in mesh order",
          "[contact]") {
  const ContactModel m = make_contact_model(kTarget, kFlat, kE, kNu, kH, 0.0, 0.02);
  const CastingSurface& cs = m.casting;
  const std::size_t n = kFlat.faces.size();
  REQUIRE(cs.centroid.size() == n);
  // mesh_face is a permutation, and each stored face is that mesh triangle
  std::vector<int> seen(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const int k = cs.mesh_face[i];
    REQUIRE(k >= 0);
    REQUIRE(static_cast<std::size_t>(k) < n);
    ++seen[k];
    const auto& F = kFlat.faces[k];
    const Vec3 c = (kFlat.vertices[F[0]] + kFlat.vertices[F[1]] + kFlat.vertices[F[2]]) / 3.0;
    CHECK((cs.centroid[i] - c).norm() < 1e-15);
  }
  CHECK(std::all_of(seen.begin(), seen.end(), [](int x) { return x == 1; }));
  CHECK_FALSE(std::is_sorted(cs.mesh_face.begin(), cs.mesh_face.end()));  // the order is exercised
  // the clusters' ranges cover the faces in order, each within its ball, at most 32 faces
  const std::size_t nc = cs.cluster_centre.size();
  REQUIRE(cs.cluster_first.size() == nc + 1);
  CHECK(cs.cluster_first.front() == 0);
  CHECK(cs.cluster_first.back() == static_cast<int>(n));
  for (std::size_t k = 0; k < nc; ++k) {
    CHECK(cs.cluster_first[k] < cs.cluster_first[k + 1]);
    CHECK(cs.cluster_first[k + 1] - cs.cluster_first[k] <= 32);
    for (int i = cs.cluster_first[k]; i < cs.cluster_first[k + 1]; ++i) {
      CHECK(cs.centre_offset[i] == (cs.centroid[i] - cs.cluster_centre[k]).norm());
      CHECK(cs.centre_offset[i] <= cs.cluster_radius[k]);
    }
  }
  CHECK(nc > 1);
  // tilted 2 deg about Z, 4 mm in: each mesh triangle's depth along its ray to the plane x = 0
  // lands at that triangle's index, culled or exact
  Transform X{axis_angle(Vec3::UnitZ(), 2.0 * 3.14159265358979323846 / 180.0), Vec3(-0.004, 0, 0)};
  for (bool culling : {true, false}) {
    ContactWorkspace ws = make_contact_workspace(m);
    ws.use_culling = culling;
    ContactResult out;
    compute_contact(m, X, false, ws, out);
    CHECK(out.faces_in_contact == static_cast<int>(n));
    for (std::size_t k = 0; k < n; ++k) {
      const auto& F = kFlat.faces[k];
      const Vec3 c = X * ((kFlat.vertices[F[0]] + kFlat.vertices[F[1]] + kFlat.vertices[F[2]]) / 3.0);
      const Vec3 u = X.R * Vec3::UnitX();  // -normal: the patch faces -X in K
      INFO("mesh triangle " << k << (culling ? ", culled" : ", exact"));
      CHECK_THAT(ws.depth[k], WithinAbs(-c.x() / u.x(), 1e-12));
      CHECK(ws.pressure[k] == m.modulus_over_thickness * ws.depth[k]);
    }
  }
}

TEST_CASE("lateral_fraction is 1 when only faces lateral of the ridge are loaded", "[contact]") {
  // a V-shaped patch whose ridge (most posterior line, x = 0) runs at z = 2.5 mm, the centre of
  // a 1 mm bin, so the ridge detection must return exactly 2.5 mm
  const double ridge = 0.0025;
  const TriMesh v = validation::patch_mesh(0.0, 0.0025, 0.015, 30,
                          [&](double, double z) { return 0.3 * std::abs(z - ridge); });
  // slabs covering only z > ridge + 0.5 mm, only z < ridge - 0.5 mm, and everything
  const ContactModel lat = make_contact_model(validation::box_mesh({-0.02, -0.02, ridge + 5e-4}, {0, 0.02, 0.02}),
                                              v, kE, kNu, kH, 0.0, 0.02);
  const ContactModel med = make_contact_model(validation::box_mesh({-0.02, -0.02, -0.02}, {0, 0.02, ridge - 5e-4}),
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
  // validation::verify_contact_jacobian: at the equilibrium at 30 deg under 500 N
  const validation::CodeCase c = validation::verify_contact_jacobian(test::real_model());
  test::check_code_case(c);
  CHECK(c.coverage.at("equilibrium converged") == 1);
  CHECK(c.coverage.at("faces in contact") > 500);
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
  opt.loads.quadriceps = quadriceps_split(model, 500.0);
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

TEST_CASE("a warm contact walks its hits across the femoral faces and still equals a fresh one",
          "[contact][real]") {
  // sweeps with the workspace carried along: each centroid's hit, found by walking the edge
  // neighbours, is never a different face than the BVH's first crossing (checked face by face)
  // nor a different force
  const Model& model = test::real_model();
  const TargetSurface& ts = model.contact.target;
  std::size_t linked = 0, one_way = 0;
  for (std::size_t f = 0; f < ts.neighbour.size(); ++f)
    for (int k = 0; k < 3; ++k) {
      const int g = ts.neighbour[f][k];
      if (g < 0) continue;
      ++linked;
      const auto& back = ts.neighbour[g];
      if (std::count(back.begin(), back.end(), static_cast<int>(f)) != 1) ++one_way;
    }
  CHECK(one_way == 0);
  CHECK(linked > 2 * ts.neighbour.size());  // a surface, not a soup of triangles
  // a sweep in `step` deg steps from `from` to `to` with one workspace carried along. 1 deg
  // steps move each hit over a few femoral faces; 10 deg steps move the contact by millimetres,
  // so the walks start at the grid's nearest faces (compute_contact's kSeedMove) instead
  auto sweep = [&](int from, int to, int step) {
    SweepOptions opt;
    for (int deg = from; deg <= to; deg += step) opt.flexion.push_back(deg_to_rad(deg));
    opt.loads.quadriceps = quadriceps_split(model, 800.0);
    ContactWorkspace warm = make_contact_workspace(model.contact);
    for (const SweepRow& row : run_sweep(model, opt)) {
      ContactResult walked, reference;
      compute_contact(model.contact, row.state.X_FK, true, warm, walked);
      ContactWorkspace fresh = make_contact_workspace(model.contact);
      fresh.use_culling = false;
      compute_contact(model.contact, row.state.X_FK, true, fresh, reference);
      INFO("knee " << rad_to_deg(row.knee_flexion) << " deg, steps of " << step << " deg");
      REQUIRE(reference.faces_in_contact > 0);
      CHECK(walked.faces_in_contact == reference.faces_in_contact);
      CHECK(warm.hit_face == fresh.hit_face);
      CHECK((walked.force - reference.force).norm() <= 1e-9 * reference.force.norm());
      CHECK((walked.jacobian - reference.jacobian).norm() <= 1e-9 * reference.jacobian.norm());
    }
  };
  sweep(20, 80, 1);
  sweep(0, 100, 10);
}

TEST_CASE("the distance grid's nearest faces: exact at the nodes, a walk's start within reach of any point",
          "[contact][real]") {
  // at a band node of the every-other-node lattice the face held is one at the node's exact
  // distance; for a point near the surface the face its nearest such node holds is within
  // |sd(p)| + 2 h sqrt(3) of it (the node is within h sqrt(3) of p, and sd is 1-Lipschitz)
  const TargetSurface& s = test::real_model().contact.target;
  const DistanceGrid& g = s.distance;
  const std::size_t mx = (g.nx + 1) / 2, my = (g.ny + 1) / 2, mz = (g.nz + 1) / 2;
  REQUIRE(g.nearest.size() == mx * my * mz);
  auto face_distance = [&](const Vec3& p, int f) {
    return (p - closest_on_triangle(p, s.a[f], s.e1[f], s.e2[f])).norm();
  };
  std::size_t in_band = 0;
  for (std::size_t id = 0; id < g.nearest.size(); id += 13) {
    const int f = g.nearest[id];
    const std::size_t i = 2 * (id % mx), j = 2 * ((id / mx) % my), k = 2 * (id / (mx * my));
    const std::size_t node = (k * g.ny + j) * g.nx + i;
    const Vec3 x = g.origin + g.spacing * Vec3(double(i), double(j), double(k));
    INFO("node " << node);
    if (std::abs(g.value[node]) < g.exact_band * 0.999) {
      REQUIRE(f >= 0);
      CHECK_THAT(face_distance(x, f), WithinAbs(std::abs(g.value[node]), 1e-9));
      ++in_band;
    }
    if (f < 0) CHECK(std::abs(g.value[node]) >= g.exact_band * 0.999);
  }
  CHECK(in_band > 100);
  // points about the femoral faces' centroids, up to 1 mm off the surface either way
  int seeded = 0;
  for (std::size_t f = 0; f < s.a.size(); f += 101) {
    const Vec3 c = s.a[f] + (s.e1[f] + s.e2[f]) / 3.0;
    for (double off : {-1e-3, -0.3e-3, 0.0, 0.4e-3, 1e-3}) {
      const Vec3 p = c + off * s.normal[f] + 0.2e-3 * Vec3(0.3, -0.7, 0.5);
      const int hint = nearest_face_hint(g, p);
      if (hint < 0) continue;
      ++seeded;
      INFO("face " << f << ", offset " << off);
      CHECK(face_distance(p, hint) <= std::abs(signed_distance(s, p)) + 2 * std::sqrt(3.0) * g.spacing + 1e-12);
    }
  }
  CHECK(seeded > 1000);
  CHECK(nearest_face_hint(g, g.origin - Vec3::Constant(1e-3)) == -1);  // off the grid
}

TEST_CASE("subdivide keeps the surface and refines only the contact quadrature", "[contact]") {
  auto area = [](const TriMesh& m) {
    double a = 0.0;
    for (const auto& f : m.faces)
      a += 0.5 * (m.vertices[f[1]] - m.vertices[f[0]]).cross(m.vertices[f[2]] - m.vertices[f[0]]).norm();
    return a;
  };
  // two levels: 4^2 times the faces and the same area
  const TriMesh box = validation::box_mesh({-0.01, -0.02, -0.03}, {0.01, 0.02, 0.03});
  const TriMesh box2 = subdivide(box, 2);
  CHECK(box2.faces.size() == 16 * box.faces.size());
  CHECK_THAT(area(box2), WithinRel(area(box), 1e-12));
  // a midpoint is shared by the two triangles of its edge: box_mesh gives each of its 6 squares
  // its own 4 vertices, so one level adds one vertex per edge of a square (4 sides, 1 diagonal)
  const TriMesh box1 = subdivide(box, 1);
  CHECK(box1.vertices.size() == box.vertices.size() + 30);  // 5 edges per square x 6
  CHECK(subdivide(box, 0).faces == box.faces);
  CHECK_THROWS_AS(subdivide(box, -1), std::invalid_argument);
  // winding kept: every child's normal is its parent's
  for (std::size_t i = 0; i < box.faces.size(); ++i) {
    auto normal = [](const TriMesh& m, std::size_t k) {
      const auto& f = m.faces[k];
      return (m.vertices[f[1]] - m.vertices[f[0]]).cross(m.vertices[f[2]] - m.vertices[f[0]]).normalized();
    };
    for (int c = 0; c < 4; ++c) CHECK((normal(box1, 4 * i + c) - normal(box, i)).norm() < 1e-12);
  }
  // a uniform overlap: the subdivided patch gives the same force, area and pressure with 4x the
  // faces in contact
  const ContactModel m0 = make_contact_model(kTarget, kFlat, kE, kNu, kH, 0.0, 0.02);
  const ContactModel m1 = make_contact_model(kTarget, subdivide(kFlat), kE, kNu, kH, 0.0, 0.02);
  const Transform X{Mat3::Identity(), Vec3(-2e-4, 0.001, -0.002)};
  const ContactResult c0 = evaluate(m0, X), c1 = evaluate(m1, X);
  CHECK(c1.faces_in_contact == 4 * c0.faces_in_contact);
  CHECK((c1.force - c0.force).norm() < 1e-9 * c0.force.norm());
  CHECK_THAT(c1.area, WithinRel(c0.area, 1e-12));
  CHECK_THAT(c1.peak_pressure, WithinRel(c0.peak_pressure, 1e-9));
}

TEST_CASE("Tibiofemoral contact: two flat plateaus on a flat slab split at their gap, each "
          "carrying its closed-form force", "[contact][tibiofemoral]") {
  // a medial plateau at z = -12 mm and a lateral one at z = +12 mm (10 mm square, 14 mm apart),
  // the lateral set 0.1 mm back from the slab (x < 0 is inside it): pressed in by d,
  // p_med = K d / h and p_lat = K (d - 0.1 mm) / h over 1 cm^2 each, along +X
  TriMesh casting = validation::patch_mesh(0.003, -0.012, 0.01, 10, [](double, double) { return 0.0; });
  const TriMesh lateral = validation::patch_mesh(0.003, 0.012, 0.01, 10, [](double, double) { return 1e-4; });
  const int offset = static_cast<int>(casting.vertices.size());
  casting.vertices.insert(casting.vertices.end(), lateral.vertices.begin(), lateral.vertices.end());
  for (auto f : lateral.faces) casting.faces.push_back({f[0] + offset, f[1] + offset, f[2] + offset});
  const TriMesh slab = validation::box_mesh({-0.02, -0.02, -0.03}, {0.0, 0.02, 0.03});
  ContactModel m = make_contact_model(slab, casting, kE, kNu, kH, 0.0, 0.02);
  split_compartments(m.casting);
  CHECK_THAT(m.casting.ridge_z, WithinAbs(0.0, 1e-3));  // the middle of the 14 mm gap
  const double d = 2e-4, A = 1e-4;
  const ContactResult r = evaluate(m, {Mat3::Identity(), Vec3(-d, 0.0, 0.0)});
  const double f_med = kK * d / kH * A, f_lat = kK * (d - 1e-4) / kH * A;
  CHECK(r.faces_in_contact == 400);
  CHECK_THAT(r.force.x(), WithinRel(f_med + f_lat, 1e-9));
  CHECK_THAT(r.lateral_force.x(), WithinRel(f_lat, 1e-9));
  CHECK_THAT(r.lateral_fraction, WithinRel(f_lat / (f_med + f_lat), 1e-9));
  // moment about the origin: each plateau's force at its centre (0, 3 mm, +-12 mm)
  const Vec3 M = Vec3(0, 0.003, -0.012).cross(Vec3(f_med, 0, 0)) + Vec3(0, 0.003, 0.012).cross(Vec3(f_lat, 0, 0));
  CHECK((r.moment - M).norm() < 1e-9 * M.norm());
}

TEST_CASE("Tibiofemoral contact: the .osim's tf_contact compiles, with a medial and a lateral plateau",
          "[contact][real][tibiofemoral]") {
  const Model& m = test::real_model();
  REQUIRE(m.has_tf_contact);
  const CastingSurface& c = m.tf_contact.casting;
  double area[2] = {0.0, 0.0};
  for (std::size_t f = 0; f < c.centroid.size(); ++f) {
    area[c.lateral[f] ? 1 : 0] += c.area[f];
    // the plateaus divide at the intercondylar gap: no face straddles it
    CHECK(std::abs(c.centroid[f].z() - c.ridge_z) > 1e-4);
  }
  // two plateaus of comparable size (this model's meshes: 10.0 and 10.2 cm^2 of faces each)
  CHECK(area[0] > 5e-4);
  CHECK(area[1] > 5e-4);
  CHECK(area[0] / area[1] == Approx(1.0).margin(0.5));
}

TEST_CASE("Tibiofemoral contact: the tibia pushed into the femur is pushed back, on both plateaus, "
          "harder the deeper", "[contact][real][tibiofemoral]") {
  const Model& m = test::real_model();
  REQUIRE(m.has_tf_contact);
  const int tibia = m.tree.body(m.names.tibia);
  REQUIRE(tibia >= 0);
  const KneeFrames frames = compute_knee_frames(m, KneePose{});
  const Transform X_FT = frames.X_FB[static_cast<std::size_t>(tibia)];
  const Vec3 up = X_FT.R * Vec3::UnitY();  // the tibia's long axis, proximal, in F
  double last = 0.0;
  for (double push : {0.5e-3, 1.0e-3, 1.5e-3}) {
    Transform X = X_FT;
    X.p += push * up;
    const ContactResult r = evaluate(m.tf_contact, X);
    INFO("pushed " << push * 1e3 << " mm");
    // the femur pushes the tibia back down its axis, through both plateaus
    CHECK(r.force.dot(up) < 0.0);
    CHECK(std::abs(r.force.dot(up)) > 0.8 * r.force.norm());
    CHECK(r.lateral_fraction > 0.1);
    CHECK(r.lateral_fraction < 0.9);
    CHECK(r.force.norm() > last);
    last = r.force.norm();
  }
}

TEST_CASE("Tibiofemoral contact: force and moment are the derivatives of the foundation's energy",
          "[contact][real][tibiofemoral]") {
  // F = -dU/dx and M = -dU/dtheta for motions of the tibia (the casting body) in F, by central
  // differences; equal where the cartilage surfaces meet nearly parallel, as they do here (the
  // lumped force acts along the casting face's normal, the depth is measured along it)
  const Model& m = test::real_model();
  const int tibia = m.tree.body(m.names.tibia);
  const Transform X_FT = compute_knee_frames(m, KneePose{}).X_FB[static_cast<std::size_t>(tibia)];
  Transform X = X_FT;
  X.p += 1.0e-3 * (X_FT.R * Vec3::UnitY());
  const ContactResult r = evaluate(m.tf_contact, X);
  REQUIRE(r.force.norm() > 100.0);
  constexpr double h = 1e-6, a = 1e-5;  // [m], [rad]
  Vec3 dU_dx, dU_dth;
  for (int j = 0; j < 3; ++j) {
    Transform p = X, q = X;
    p.p[j] += h;
    q.p[j] -= h;
    dU_dx[j] = (evaluate(m.tf_contact, p).energy - evaluate(m.tf_contact, q).energy) / (2 * h);
    const Eigen::Matrix3d Rp = Eigen::AngleAxisd(a, Vec3::Unit(j)).toRotationMatrix();
    const Eigen::Matrix3d Rq = Eigen::AngleAxisd(-a, Vec3::Unit(j)).toRotationMatrix();
    Transform rp{Rp * X.R, X.p}, rq{Rq * X.R, X.p};  // turned about the tibia's origin
    dU_dth[j] = (evaluate(m.tf_contact, rp).energy - evaluate(m.tf_contact, rq).energy) / (2 * a);
  }
  INFO("F " << r.force.transpose() << "  -dU/dx " << -dU_dx.transpose());
  INFO("M " << r.moment.transpose() << "  -dU/dth " << -dU_dth.transpose());
  CHECK((r.force + dU_dx).norm() < 0.05 * r.force.norm());
  CHECK((r.moment + dU_dth).norm() < 0.05 * r.moment.norm());
}

TEST_CASE("the target surface read back from the cache (distance grid, graph radii, shell thicknesses, "
          "BVH, edge neighbours) equals the one built, and a damaged cache file is rebuilt", "[contact][cache]") {
  // a subdivided box: 12 x 4^4 = 3,072 faces is under the cache's 10,000, 12 x 4^5 over it
  const std::string folder = (std::filesystem::temp_directory_path() /
                              ("patella-grid-cache-test-" + std::to_string(::getpid()))).string();
  std::filesystem::remove_all(folder);
  const char* before = std::getenv("PATELLA_CACHE_DIR");
  const std::string saved = before ? before : "";
  ::setenv("PATELLA_CACHE_DIR", folder.c_str(), 1);
  const TriMesh box = subdivide(validation::box_mesh({-0.01, -0.02, -0.015}, {0.01, 0.02, 0.015}), 5);
  auto files = [&] {
    std::vector<std::filesystem::path> out;
    if (std::filesystem::exists(folder))
      for (const auto& e : std::filesystem::directory_iterator(folder)) out.push_back(e.path());
    return out;
  };
  const ContactModel built = make_contact_model(box, kFlat, kE, kNu, kH, 0.0, 0.02);
  REQUIRE(files().size() == 1);
  const ContactModel cached = make_contact_model(box, kFlat, kE, kNu, kH, 0.0, 0.02);
  auto same = [](const DistanceGrid& a, const DistanceGrid& b) {
    return a.nx == b.nx && a.ny == b.ny && a.nz == b.nz && a.origin == b.origin &&
           a.spacing == b.spacing && a.margin == b.margin && a.exact_band == b.exact_band &&
           a.value == b.value && a.smooth == b.smooth && a.nearest == b.nearest;
  };
  CHECK(same(built.target.distance, cached.target.distance));
  CHECK(built.target.graph_radius == cached.target.graph_radius);
  CHECK(built.target.flat_radius == cached.target.flat_radius);
  CHECK(built.target.shell_thickness == cached.target.shell_thickness);
  CHECK(built.target.neighbour == cached.target.neighbour);
  CHECK(built.target.bvh.order == cached.target.bvh.order);
  REQUIRE(built.target.bvh.nodes.size() == cached.target.bvh.nodes.size());
  for (std::size_t k = 0; k < built.target.bvh.nodes.size(); ++k) {
    const TriangleBvh::Node &x = built.target.bvh.nodes[k], &y = cached.target.bvh.nodes[k];
    CHECK((x.box.min() == y.box.min() && x.box.max() == y.box.max() && x.left == y.left &&
           x.right == y.right && x.first == y.first && x.count == y.count));
  }
  // most faces have their three neighbours (the box's sides need not share vertices at its edges)
  std::size_t inner = 0;
  for (const auto& nb : cached.target.neighbour) inner += *std::min_element(nb.begin(), nb.end()) >= 0;
  CHECK(inner > cached.target.neighbour.size() / 2);
  // a closed box 20 x 40 x 30 mm: a face's shell ends at the opposite side, found within the
  // 20 mm reach (max_proximity) only across x
  std::size_t across_x = 0;
  for (std::size_t f = 0; f < built.target.a.size(); ++f) {
    const double t = built.target.shell_thickness[f];
    if (std::abs(built.target.normal[f].x()) > 0.9) {
      ++across_x;
      CHECK(t == Approx(0.02).margin(1e-8));
    } else {
      CHECK(std::isinf(t));
    }
  }
  CHECK(across_x > 0);
  // the graph radius on a box: from a face's centroid to the nearest edge of its side (where
  // the normal turns 90 deg, more than both 55 and 25 deg), capped at 3 mm
  const TargetSurface& t = built.target;
  REQUIRE(t.graph_radius.size() == t.a.size());
  REQUIRE(t.flat_radius.size() == t.a.size());
  const Vec3 half(0.01, 0.02, 0.015);
  double worst = 0.0;
  for (std::size_t f = 0; f < t.a.size(); ++f) {
    const Vec3 c = t.a[f] + (t.e1[f] + t.e2[f]) / 3.0;
    int axis;
    t.normal[f].cwiseAbs().maxCoeff(&axis);
    double to_edge = 1.0;
    for (int k = 0; k < 3; ++k)
      if (k != axis) to_edge = std::min(to_edge, half[k] - std::abs(c[k]));
    worst = std::max(worst, std::abs(t.graph_radius[f] - std::min(to_edge, 3e-3)));
    worst = std::max(worst, std::abs(t.flat_radius[f] - std::min(to_edge, 3e-3)));
  }
  CHECK(worst < 1e-8);
  // truncated: ignored, rebuilt (and rewritten whole)
  const std::filesystem::path file = files().at(0);
  const auto size = std::filesystem::file_size(file);
  std::filesystem::resize_file(file, size / 2);
  const ContactModel rebuilt = make_contact_model(box, kFlat, kE, kNu, kH, 0.0, 0.02);
  CHECK(same(built.target.distance, rebuilt.target.distance));
  CHECK(built.target.graph_radius == rebuilt.target.graph_radius);
  CHECK(built.target.flat_radius == rebuilt.target.flat_radius);
  CHECK(built.target.neighbour == rebuilt.target.neighbour);
  CHECK(std::filesystem::file_size(file) == size);
  // a mesh with the same triangles but every face on vertices of its own (no shared edges): the
  // neighbours differ, so the vertex indices are part of the key (its own file, none found)
  TriMesh split;
  for (const auto& f : box.faces) {
    const int v0 = static_cast<int>(split.vertices.size());
    for (int v : f) split.vertices.push_back(box.vertices[v]);
    split.faces.push_back({v0, v0 + 1, v0 + 2});
  }
  const ContactModel unshared = make_contact_model(split, kFlat, kE, kNu, kH, 0.0, 0.02);
  CHECK(files().size() == 2);
  for (const auto& nb : unshared.target.neighbour) CHECK(nb == std::array<int, 3>{-1, -1, -1});
  // no cache: the same grid, nothing written
  ::setenv("PATELLA_CACHE_DIR", "", 1);
  std::filesystem::remove_all(folder);
  const ContactModel uncached = make_contact_model(box, kFlat, kE, kNu, kH, 0.0, 0.02);
  CHECK(same(built.target.distance, uncached.target.distance));
  CHECK(files().empty());
  // a small surface stays out of the cache
  ::setenv("PATELLA_CACHE_DIR", folder.c_str(), 1);
  make_contact_model(subdivide(validation::box_mesh({-0.01, -0.02, -0.015}, {0.01, 0.02, 0.015}), 4), kFlat,
                     kE, kNu, kH, 0.0, 0.02);
  CHECK(files().empty());
  std::filesystem::remove_all(folder);
  if (before) ::setenv("PATELLA_CACHE_DIR", saved.c_str(), 1);
  else ::unsetenv("PATELLA_CACHE_DIR");
}

TEST_CASE("each femoral face's walk data: its plane, the dual basis of its edges and its centroid",
          "[contact][real]") {
  // the walk reads barycentric weights as g1.(x - a), g2.(x - a): g_i.e_j must be the identity
  const TargetSurface& s = test::real_model().contact.target;
  REQUIRE(s.walk.size() == s.a.size());
  for (std::size_t f = 0; f < s.a.size(); f += 7) {
    const TargetSurface::WalkFace& w = s.walk[f];
    INFO("face " << f);
    CHECK_THAT(w.g1.dot(s.e1[f]), WithinAbs(1.0, 1e-9));
    CHECK_THAT(w.g1.dot(s.e2[f]), WithinAbs(0.0, 1e-9));
    CHECK_THAT(w.g2.dot(s.e2[f]), WithinAbs(1.0, 1e-9));
    CHECK_THAT(w.g2.dot(s.e1[f]), WithinAbs(0.0, 1e-9));
    CHECK_THAT(w.g1.dot(w.n), WithinAbs(0.0, 1e-9 * w.g1.norm()));  // in the face's plane
    CHECK(w.n == s.normal[f]);
    CHECK_THAT(w.offset, WithinAbs(s.normal[f].dot(s.a[f]), 1e-15));
    CHECK((w.centroid - (s.a[f] + (s.e1[f] + s.e2[f]) / 3.0)).norm() < 1e-15);
  }
}

TEST_CASE("each femoral face's sheet radii: the distance to the nearest face turning more than 55 and 25 deg",
          "[contact][real]") {
  // brute force over every face for a sample of faces, against the BVH search the contact's
  // certificates rely on (capped at 3 mm, rounded down to float)
  const TargetSurface& s = test::real_model().contact.target;
  REQUIRE(s.graph_radius.size() == s.a.size());
  REQUIRE(s.flat_radius.size() == s.a.size());
  int tighter = 0, sampled = 0;
  for (std::size_t f = 0; f < s.a.size(); f += 211) {
    const Vec3 c = s.a[f] + (s.e1[f] + s.e2[f]) / 3.0;
    double near55 = 3e-3, near25 = 3e-3;
    for (std::size_t g = 0; g < s.a.size(); ++g) {
      const double cos_turn = s.normal[g].dot(s.normal[f]);
      if (cos_turn >= std::cos(25.0 * kPi / 180.0)) continue;
      const double dist =
          (c - closest_on_triangle(c, s.a[g], s.e1[g], s.e2[g])).norm();
      near25 = std::min(near25, dist);
      if (cos_turn < std::cos(55.0 * kPi / 180.0)) near55 = std::min(near55, dist);
    }
    INFO("face " << f);
    CHECK(s.flat_radius[f] <= s.graph_radius[f]);
    CHECK_THAT(s.graph_radius[f], WithinAbs(near55, 1e-9));
    CHECK_THAT(s.flat_radius[f], WithinAbs(near25, 1e-9));
    CHECK(s.graph_radius[f] <= near55);  // a bound: rounded down
    CHECK(s.flat_radius[f] <= near25);
    tighter += s.flat_radius[f] < s.graph_radius[f];
    ++sampled;
  }
  // within 3 mm the cartilage turns 25 deg sooner than 55 deg at some faces (23 of the 142
  // sampled; the rest are capped at 3 mm or turn sharply at a rim): two distinct bounds
  CHECK(sampled > 100);
  CHECK(tighter > 0);
}
