#include "support/synthetic_knee.hpp"

#include <cmath>
#include <functional>

namespace patella::test {

namespace {

using Grid = std::function<Vec3(double u, double v)>;

/// Triangulates the grid u0..u1 (nu cells) x v0..v1 (nv cells, symmetric about v = 0) so that
/// the faces are mirror images about v = 0 (the cell diagonal flips with the sign of v).
/// Winding: counter-clockwise in (u, v) (normal along dP/du x dP/dv), reversed when `flip`.
TriMesh grid_mesh(const Grid& point, double u0, double u1, int nu, double v1, int nv, bool flip) {
  TriMesh m;
  for (int i = 0; i <= nu; ++i)
    for (int j = 0; j <= nv; ++j)
      m.vertices.push_back(point(u0 + (u1 - u0) * i / nu, -v1 + 2 * v1 * j / nv));
  auto id = [&](int i, int j) { return i * (nv + 1) + j; };
  auto add = [&](int a, int b, int c) {
    m.faces.push_back(flip ? std::array<int, 3>{a, c, b} : std::array<int, 3>{a, b, c});
  };
  for (int i = 0; i < nu; ++i)
    for (int j = 0; j < nv; ++j) {
      const int a = id(i, j), b = id(i + 1, j), c = id(i + 1, j + 1), d = id(i, j + 1);
      if (2 * j >= nv) {  // v >= 0: diagonal a-c
        add(a, b, c);
        add(a, c, d);
      } else {  // v < 0: the mirror image, diagonal b-d
        add(a, b, d);
        add(b, c, d);
      }
    }
  return m;
}

/// Point of the groove surface at angle theta about Z_F and height z, in F.
Vec3 groove_point(double theta, double z) {
  const double rho = SyntheticGroove::radius + SyntheticGroove::curvature * z * z;
  return {rho * std::cos(theta), rho * std::sin(theta), z};
}

FunctionSpec linear(double slope) {
  FunctionSpec f;
  f.kind = FunctionSpec::Kind::Linear;
  f.slope = slope;
  return f;
}

/// A CustomJoint with the axis layout of lenhart2015's pf_r and knee_r.
JointSpec custom_joint(const std::string& name, const std::string& parent, const std::string& child,
                       const std::string& prefix, const std::array<double, 6>& defaults) {
  JointSpec j;
  j.name = name;
  j.type = "CustomJoint";
  j.parent.body = parent;
  j.child.body = child;
  const char* suffix[6] = {"flex", "rot", "tilt", "tx", "ty", "tz"};
  if (prefix == "knee") suffix[1] = "add", suffix[2] = "rot";
  const Vec3 axis[6] = {Vec3::UnitZ(), Vec3::UnitX(), Vec3::UnitY(),
                        Vec3::UnitX(), Vec3::UnitY(), Vec3::UnitZ()};
  for (int k = 0; k < 6; ++k) {
    const std::string coord = prefix + "_" + suffix[k] + "_r";
    j.coordinates.push_back({coord, defaults[k], k < 3 ? -1.6 : -0.2, k < 3 ? 1.6 : 0.2});
    j.axes[k].coordinate = coord;
    j.axes[k].axis = axis[k];
    j.axes[k].function = linear(k == 0 ? -1.0 : 1.0);
  }
  return j;
}

LigamentSpec ligament(const std::string& name, const std::string& body_a, const Vec3& a,
                      const std::string& body_b, const Vec3& b, double k, double slack) {
  LigamentSpec l;
  l.name = name;
  l.path.points = {{name + "-P1", body_a, a, "PathPoint"}, {name + "-P2", body_b, b, "PathPoint"}};
  l.linear_stiffness = k;
  l.slack_length = slack;
  return l;
}

MuscleSpec muscle(const std::string& name, const Vec3& femur_point, const Vec3& patella_point) {
  MuscleSpec m;
  m.name = name;
  m.path.points = {{name + "-P1", "femur_distal_r", femur_point, "PathPoint"},
                   {name + "-P2", "patella_r", patella_point, "PathPoint"}};
  m.max_isometric_force = 1000.0;
  m.optimal_fiber_length = 0.1;
  m.tendon_slack_length = 0.1;
  return m;
}

Vec3 mirror(const Vec3& p) { return {p.x(), p.y(), -p.z()}; }

}  // namespace

ModelSpec synthetic_knee_spec() {
  ModelSpec s;
  s.name = "synthetic_symmetric_knee";
  s.source_file = "synthetic_knee.osim";
  for (const char* b : {"ground", "femur_distal_r", "patella_r", "tibia_proximal_r"}) {
    BodySpec body;
    body.name = b;
    s.bodies.push_back(body);
  }

  // joints: femur welded to ground; knee_r and pf_r laid out like lenhart2015's
  JointSpec weld;
  weld.name = "ground_femur_distal_r";
  weld.type = "WeldJoint";
  weld.parent.body = "ground";
  weld.child.body = "femur_distal_r";
  s.joints.push_back(weld);
  s.joints.push_back(custom_joint("knee_r", "femur_distal_r", "tibia_proximal_r", "knee", {}));
  s.joints.push_back(custom_joint("pf_r", "femur_distal_r", "patella_r", "pf",
                                  {0, 0, 0, SyntheticGroove::patella_x, 0, 0}));

  // trochlea: theta -90..30 deg in 5 deg cells, z +/-20 mm in 5 mm cells (384 faces); the
  // (theta, z) counter-clockwise winding has its normal along +radial: outward, toward the patella
  s.mesh_data["synthetic-femur-cartilage.stl"] =
      grid_mesh(groove_point, -kPi / 2, kPi / 6, 24, 0.020, 8, false);
  // patellar cartilage: the same surface over theta +/-20 deg, z +/-15 mm (160 faces), in K
  // (K's origin at (patella_x, 0, 0) of F at the default pose), normals toward the femur
  const Vec3 origin(SyntheticGroove::patella_x, 0, 0);
  s.mesh_data["synthetic-patella-cartilage.stl"] = grid_mesh(
      [&](double th, double z) { return Vec3(groove_point(th, z) - origin); }, -kPi / 9, kPi / 9,
      8, 0.015, 10, true);

  ContactMeshSpec femur{"femur_cartilage", "femur_distal_r", "synthetic-femur-cartilage.stl"};
  ContactMeshSpec patella{"patella_cartilage", "patella_r", "synthetic-patella-cartilage.stl"};
  for (ContactMeshSpec* c : {&femur, &patella}) {
    c->elastic_modulus = 10e6;
    c->poissons_ratio = 0.45;
    c->thickness = 0.003;
    s.contact_meshes.push_back(*c);
  }
  ContactForceSpec pf;
  pf.name = "pf_contact";
  pf.target_mesh = "femur_cartilage";
  pf.casting_mesh = "patella_cartilage";
  pf.min_proximity = 0.0;
  pf.max_proximity = 0.02;
  s.contact_forces.push_back(pf);

  // patellar tendon (two bundles) and the medial/lateral PFL pair, mirror images about z = 0
  const Vec3 pt_patella(0.0, -0.012, 0.006), pt_tibia(0.030, -0.050, 0.008);
  s.ligaments.push_back(ligament("PT1", "patella_r", pt_patella, "tibia_proximal_r", pt_tibia,
                                 5000, 0.036));
  s.ligaments.push_back(ligament("PT2", "patella_r", mirror(pt_patella), "tibia_proximal_r",
                                 mirror(pt_tibia), 5000, 0.036));
  const Vec3 pfl_femur(0.0, 0.0, 0.040), pfl_patella(0.0, 0.0, 0.014);
  s.ligaments.push_back(ligament("lPFL", "femur_distal_r", pfl_femur, "patella_r", pfl_patella,
                                 500, 0.044));
  s.ligaments.push_back(ligament("mPFL", "femur_distal_r", mirror(pfl_femur), "patella_r",
                                 mirror(pfl_patella), 500, 0.044));

  // quadriceps in KneeNames order: vaslat (+z) and vasmed (-z) mirror images, the others on z = 0
  const Vec3 vl_femur(0.030, 0.120, 0.025), vl_patella(0.0, 0.012, 0.008);
  s.muscles.push_back(muscle("vaslat_r", vl_femur, vl_patella));
  s.muscles.push_back(muscle("vasmed_r", mirror(vl_femur), mirror(vl_patella)));
  s.muscles.push_back(muscle("vasint_r", {0.028, 0.120, 0.0}, {0.0, 0.012, 0.0}));
  s.muscles.push_back(muscle("recfem_r", {0.032, 0.150, 0.0}, {0.003, 0.012, 0.0}));

  s.itb_link.enabled = false;
  s.tibiofemoral.mode = "zero";
  return s;
}

}  // namespace patella::test
