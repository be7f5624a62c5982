#pragma once
/// Patellofemoral articular contact: lumped, linear elastic foundation
/// (Bei & Fregly 2004, Med Eng Phys 26:777; Smith, Won Choi, Negrut & Thelen 2018, CMBBE Imaging
/// Vis 6:491), as OpenSim JAM's Smith2018ArticularContactForce with
/// elastic_foundation_formulation=linear and use_lumped_contact_model=true.
///
/// For every triangle i of the casting mesh (patellar cartilage) with centroid c_i, outward unit
/// normal n_i and area A_i, a ray is cast from c_i along u_i = -n_i (into the patella). If the
/// first triangle of the target mesh (femoral cartilage) it crosses, at a distance d in
/// [min_proximity, max_proximity], is one it leaves through (outward normal m with m.u > 0), the
/// centroid lies inside the cartilage and d is the overlap depth. A ray that first enters the
/// cartilage started outside it: no contact, even if it leaves again further on. The search is
/// bounded, so a ray cannot reach the far side of the condyles. Then
///   p_i = K d / h,   K = E (1 - v) / ((1 + v)(1 - 2 v)),   h = h_casting + h_target,
///   f_i = p_i A_i u_i   (force on the patella at c_i, pushing it off the femur).
/// E, v and h come from the .osim Smith2018ContactMesh elements (E 10 MPa, v 0.45, 3 mm each).
#include <array>
#include <vector>

#include "patella/core/types.hpp"
#include "patella/model/spec.hpp"

namespace patella {

/// Axis-aligned bounding-volume hierarchy over a triangle mesh (built once per model).
struct TriangleBvh {
  struct Node {
    Eigen::AlignedBox3d box;
    int left = -1, right = -1;  ///< children; -1 for a leaf
    int first = 0, count = 0;   ///< leaf: faces order[first .. first+count)
  };
  std::vector<Node> nodes;      ///< nodes[0] is the root
  std::vector<int> order;       ///< face indices in leaf order
};

/// Signed distance to the target surface sampled on a regular grid (sign from the nearest
/// face's normal: positive outside). Used only to skip casting faces that are certainly outside
/// the target: trilinear interpolation of a 1-Lipschitz distance errs by at most h sqrt(3).
struct DistanceGrid {
  Vec3 origin = Vec3::Zero();       ///< [m]
  double spacing = 0.0;             ///< h [m]
  int nx = 0, ny = 0, nz = 0;
  std::vector<float> value;         ///< [m], x fastest
  /// Interpolated signed distance; +infinity outside the grid.
  double at(const Vec3& p) const;
};

/// The target (femoral) surface in its body frame F, ready for ray queries.
struct TargetSurface {
  std::vector<Vec3> a, e1, e2;  ///< per face: vertex 0 and edges (v1-v0, v2-v0) [m]
  std::vector<Vec3> normal;     ///< per face outward unit normal (from the winding)
  /// per face: distance from its centroid inward along -normal to the next face crossed (the
  /// cartilage shell's other side) [m]; +infinity if none within max_proximity
  std::vector<double> shell_thickness;
  TriangleBvh bvh;
  DistanceGrid distance;
};

/// Signed distance from p to the target surface (exact, through the BVH) [m]. `hint` may name
/// a face likely to be nearest (it only tightens the search's first bound) and receives the
/// nearest face found.
double signed_distance(const TargetSurface& target, const Vec3& p, int* hint = nullptr);

/// The casting (patellar) surface in its body frame K.
struct CastingSurface {
  std::vector<Vec3> centroid;   ///< c_i [m]
  std::vector<Vec3> normal;     ///< n_i, outward unit normal
  std::vector<double> area;     ///< A_i [m^2]
  std::vector<char> lateral;    ///< 1 if the face lies on the lateral facet
  double ridge_z = 0.0;         ///< z_K of the median ridge dividing the facets [m]
};

struct ContactModel {
  TargetSurface target;
  CastingSurface casting;
  double modulus_over_thickness = 0.0;  ///< K / h [Pa/m]
  double min_proximity = 0.0;           ///< [m]
  double max_proximity = 0.0;           ///< [m]
};

/// Builds the contact model. The facets divide at the median ridge: the z_K (mediolateral) level
/// where the cartilage surface reaches furthest posterior (most negative mean x_K over 1 mm bins
/// of z_K); faces with centroid z_K above it are lateral.
ContactModel make_contact_model(const TriMesh& target_F, const TriMesh& casting_K,
                                double elastic_modulus, double poissons_ratio,
                                double total_thickness, double min_proximity,
                                double max_proximity);

/// Per-evaluation scratch: the femoral face each patellar face hit last time (tried first, as
/// JAM does, since poses change little between evaluations), and per-face outputs.
struct ContactWorkspace {
  /// Culling of faces that are certainly out of contact: each face keeps a lower bound on its
  /// distance outside the target (`clearance`) and the centroid where it held (`clear_at`);
  /// distance is 1-Lipschitz, so while clearance > |c - clear_at| the face cannot overlap and
  /// no ray is cast. Off: every face is ray-cast (reference behaviour, for tests).
  bool use_culling = true;
  std::vector<double> clearance;    ///< [m], <= 0 when unknown
  std::vector<Vec3> clear_at;       ///< [m], in F
  std::vector<int> last_hit;        ///< target face index or -1
  std::vector<int> nearest;         ///< nearest target face at the last distance query, or -1
  std::vector<double> depth;        ///< d_i [m], 0 when not in contact
  std::vector<double> pressure;     ///< p_i [Pa]
  std::vector<int> hit_face;        ///< target face of the contact, -1 when none
};
ContactWorkspace make_contact_workspace(const ContactModel& model);

/// Contact on the patella at pose X_FK, expressed in F.
struct ContactResult {
  Vec3 force = Vec3::Zero();        ///< total force on the patella [N]
  Vec3 moment = Vec3::Zero();       ///< moment about the patella origin p_FK [N m]
  Vec3 center_of_pressure = Vec3::Zero();  ///< pressure-weighted centroid, in F [m]
  double area = 0.0;                ///< faces in contact [m^2]
  double mean_pressure = 0.0;       ///< sum(p A) / sum(A) [Pa]
  double peak_pressure = 0.0;       ///< [Pa]
  double lateral_fraction = 0.0;    ///< lateral facet's share of sum(p A) [-]
  int faces_in_contact = 0;
  /// d(force, moment)/d(twist) with twist = (dtheta, dp): rotation of the patella about its
  /// origin and translation, both in F. Filled when requested.
  Eigen::Matrix<double, 6, 6> jacobian = Eigen::Matrix<double, 6, 6>::Zero();
};

/// Evaluates the contact. Set want_jacobian for the 6x6 stiffness (analytic, see contact.cpp).
void compute_contact(const ContactModel& model, const Transform& X_FK, ContactWorkspace& ws,
                     bool want_jacobian, ContactResult& out);

/// Ray-segment query against the target: the nearest face crossed at a distance in
/// [t_min, t_max] from o along unit u, whatever its orientation. Returns the face index or -1;
/// t receives the distance.
int cast_ray(const TargetSurface& target, const Vec3& o, const Vec3& u, double t_min,
             double t_max, double& t);

}  // namespace patella
