#include "patella/compiler/compile_itb.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <cstdlib>

#include "patella/core/error.hpp"
#include "patella/mechanics/kinematics.hpp"

namespace patella {

namespace {

// least-squares sphere |x - c|^2 = r^2 through points: linear in (c, r^2 - |c|^2)
void fit_sphere(const std::vector<Vec3>& pts, Vec3& centre, double& radius) {
  Eigen::MatrixXd A(pts.size(), 4);
  Eigen::VectorXd b(pts.size());
  for (std::size_t i = 0; i < pts.size(); ++i) {
    A.row(i) << 2 * pts[i].x(), 2 * pts[i].y(), 2 * pts[i].z(), 1.0;
    b[i] = pts[i].squaredNorm();
  }
  const Eigen::Vector4d x = A.colPivHouseholderQr().solve(b);
  centre = x.head<3>();
  radius = std::sqrt(x[3] + centre.squaredNorm());
}

const TriMesh* body_mesh(const ModelSpec& spec, const std::string& body, const std::string& part) {
  const BodySpec* b = spec.find_body(body);
  if (!b) return nullptr;
  for (const MeshRefSpec& mr : b->meshes) {
    auto it = spec.mesh_data.find(mr.file);
    if (it != spec.mesh_data.end() && mr.file.find(part) != std::string::npos) return &it->second;
  }
  return nullptr;
}

}  // namespace

void build_itb_pathway(Model& m, const std::string& fallback_mesh, const std::string& fallback_owner) {
  const ModelSpec& spec = m.spec;
  const ItbLinkSpec& is = spec.itb_link;
  const std::string where = is.source.empty() ? spec.source_file : is.source;
  auto positive = [&](const char* key, double v, double scale) {
    if (!(v > 0.0) || !std::isfinite(v))
      throw ModelError(where + ": itb_patellar_link: " + key + " = " + fmt(v / scale) + " must be > 0");
  };
  positive("stiffness_N_per_mm", is.stiffness, 1e3);
  positive("failure_force_N", is.failure_force, 1.0);
  positive("kaplan_stiffness_N_per_mm", is.kaplan_stiffness, 1e3);
  if (is.bundles < 1 || is.bundles > 8)
    throw ModelError(where + ": itb_patellar_link: bundles = " + std::to_string(is.bundles) +
                     " must be 1 to 8");
  if (!(is.reference_strain > -0.5 && is.reference_strain < 0.5))
    throw ModelError(where + ": itb_patellar_link: reference_strain = " + fmt(is.reference_strain) +
                     " must be in (-0.5, 0.5)");
  const LigamentSpec* itb = spec.find_ligament(is.itb_ligament);
  if (!itb || itb->path.points.size() < 2)
    throw ModelError(where + ": itb_patellar_link: ligament '" + is.itb_ligament +
                     "' is absent or has fewer than 2 path points");
  const PathPointSpec& p2 = itb->path.points[itb->path.points.size() - 2];
  const PathPointSpec& p3 = itb->path.points.back();
  auto body = [&](const std::string& name) {
    const int b = m.tree.body(name);
    if (b < 0)
      throw ModelError(where + ": itb_patellar_link: ligament '" + is.itb_ligament +
                       "' has a point on body '" + name + "', which is absent");
    return b;
  };

  std::vector<Transform> X_G;
  body_poses(m.tree, {}, m.tree.default_q.data(), X_G);
  const Transform X_FG = X_G[m.femur].inverse();
  ItbPathway& P = m.itb;
  const int b2 = body(p2.body);
  // A must be femur-fixed: the band's proximal point is on the femur's side of the knee
  if (b2 != m.femur && b2 != m.tree.body("femur_r"))
    throw ModelError(where + ": itb_patellar_link: ligament '" + is.itb_ligament +
                     "': its second-to-last point must be on the femur (is on '" + p2.body + "')");
  P.proximal_F = X_FG * (X_G[b2] * p2.location);
  P.distal_body_index = body(p3.body);
  P.distal_p_B = p3.location;

  // the lateral patellar border: bone mesh (else the cartilage), vertices within 4 mm of the
  // most lateral, in bands from superior (+Y) to inferior
  const TriMesh* bone = body_mesh(spec, m.names.patella, "bone");
  if (!bone) {
    auto it = spec.mesh_data.find(fallback_mesh);
    if (it == spec.mesh_data.end())
      throw ModelError(spec.source_file + ": " + fallback_owner + ": mesh '" + fallback_mesh + "' was not loaded");
    bone = &it->second;
  }
  double zmax = -1e300;
  for (const Vec3& v : bone->vertices) zmax = std::max(zmax, v.z());
  std::vector<Vec3> border;
  for (const Vec3& v : bone->vertices)
    if (v.z() > zmax - 4e-3) border.push_back(v);
  std::sort(border.begin(), border.end(), [](const Vec3& a, const Vec3& b) { return a.y() > b.y(); });
  const std::size_t nb = static_cast<std::size_t>(is.bundles);
  if (border.size() < nb)
    throw ModelError(spec.source_file + ": patellar bone mesh has too few lateral vertices for " +
                     std::to_string(nb) + " iliopatellar bundles");
  P.bundle_p_K.clear();
  for (std::size_t k = 0; k < nb; ++k) {
    const std::size_t from = k * border.size() / nb, to = (k + 1) * border.size() / nb;
    Vec3 sum = Vec3::Zero();
    for (std::size_t i = from; i < to; ++i) sum += border[i];
    P.bundle_p_K.push_back(sum / static_cast<double>(to - from));
  }
  Vec3 border_centre = Vec3::Zero();
  for (const Vec3& v : P.bundle_p_K) border_centre += v;
  border_centre /= static_cast<double>(nb);

  // the lateral condyle's sphere, from the femur's subchondral bone (else its cartilage)
  const TriMesh* fb = body_mesh(spec, m.names.femur, "subchondral");
  if (!fb) fb = body_mesh(spec, m.names.femur, "cartilage");
  if (!fb)
    throw ModelError(spec.source_file + ": itb_patellar_link needs a bone or cartilage mesh on '" +
                     m.names.femur + "' for the lateral condyle");
  std::vector<Vec3> condyle;
  for (const Vec3& v : fb->vertices)
    if (v.z() > 10e-3 && v.x() < 0.0) condyle.push_back(v);
  if (condyle.size() < 20)
    throw ModelError(spec.source_file + ": the femoral mesh has too few lateral-condyle vertices (" +
                     std::to_string(condyle.size()) + ") to fit its sphere");
  fit_sphere(condyle, P.condyle_center_F, P.condyle_radius);

  // the Kaplan anchor: the band's point nearest the lateral patellar border at the reference pose
  const Vec3 B = X_FG * (X_G[P.distal_body_index] * P.distal_p_B);
  const Vec3 a = X_FG * (X_G[m.patella] * border_centre);
  const Vec3 d = (P.proximal_F - B).normalized();
  const double s = std::clamp((a - B).dot(d), 1e-3, (P.proximal_F - B).norm() - 1e-3);
  Vec3 K = B + s * d;
  const Vec3 c = K - P.condyle_center_F;
  if (c.norm() < P.condyle_radius) K = P.condyle_center_F + P.condyle_radius * c.normalized();
  P.kaplan_anchor_F = K;
  P.kaplan_stiffness = is.kaplan_stiffness;
  P.reference_strain = is.reference_strain;
  P.failure_force = is.failure_force;
  P.bundle_params.assign(nb, BlankevoortParams{});
  for (BlankevoortParams& b : P.bundle_params) {
    b.transition_strain = 0.06;  // OpenSim's Blankevoort1991Ligament default, as the .osim's PF ligaments
    b.slack_length = 1.0;        // set by calibrate_itb_bundles
    b.linear_stiffness = 1.0;
  }
  P.enabled = true;
}

}  // namespace patella
