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

#include "patella/core/mesh.hpp"
#include "patella/core/types.hpp"
#include "patella/mechanics/distance_grid.hpp"
#include "patella/model/contact_model.hpp"

namespace patella {

/// The target surface of a contact pair (femoral cartilage, in its body frame F) ready for ray
/// and distance queries: per-face geometry and walk records, BVH, edge neighbours, distance grid,
/// graph radii and shell thicknesses searched within max_proximity (read back from the disk
/// cache when an earlier run built it; mechanics/distance_grid.hpp).
TargetSurface build_target_surface(const TriMesh& target_F, double max_proximity);

/// Builds the contact model. The facets divide at the median ridge: the z_K (mediolateral) level
/// where the cartilage surface reaches furthest posterior (most negative mean x_K over 1 mm bins
/// of z_K); faces with centroid z_K above it are lateral.
ContactModel make_contact_model(const TriMesh& target_F, const TriMesh& casting_K,
                                double elastic_modulus, double poissons_ratio,
                                double total_thickness, double min_proximity,
                                double max_proximity);

/// The same on an already built target surface (one femoral cartilage serves the patellar and
/// the tibiofemoral contact), built for a search bound target_max_proximity >= max_proximity.
ContactModel make_contact_model(const TargetSurface& target, double target_max_proximity,
                                const TriMesh& casting_K, double elastic_modulus,
                                double poissons_ratio, double total_thickness,
                                double min_proximity, double max_proximity);

/// Divides a tibial casting surface into its plateaus: at the middle of the widest mediolateral
/// gap between face centroids (the intercondylar eminence, where the cartilage is absent) within
/// the middle 60 % of its z extent; sets ridge_z there and `lateral` for faces above it (z
/// lateral). Without such a gap (one continuous plate), at the middle of the extent.
void split_compartments(CastingSurface& casting);

/// Per-evaluation scratch: the femoral face each patellar face hit last time (tried first, as
/// JAM does, since poses change little between evaluations), and per-face outputs. The scratch
/// is in the casting surface's (cluster) order; the outputs depth, pressure, hit_face and
/// in_contact are by the casting mesh's triangles (CastingSurface::mesh_face).
struct ContactWorkspace {
  /// Culling of faces that are out of contact, by the target's distance grid
  /// (distance_screen): a cluster of faces whose centre is further outside than its radius,
  /// then each face further from that centre than the centre's screen, then each face the grid
  /// places outside, then the exact signed distance. Off: every face is
  /// ray-cast through the BVH (the exact reference, for tests and `patella bench`).
  bool use_culling = true;
  /// Each face's lower bound on its distance outside the target and the centroid where it
  /// held: while the centroid stays within it, the face is skipped at no cost.
  std::vector<double> clearance;    ///< [m], <= 0 when unknown
  std::vector<Vec3> clear_at;       ///< [m], in F
  std::vector<int> last_hit;        ///< target face index or -1
  std::vector<int> nearest;         ///< nearest target face at the last distance query, or -1
  std::vector<double> depth;        ///< d_i [m], 0 when not in contact
  std::vector<double> pressure;     ///< p_i [Pa]
  std::vector<int> hit_face;        ///< target face of the contact, -1 when none
  std::vector<int> in_contact;      ///< the mesh triangles in contact at the last evaluation
  /// Per casting cluster, when the last evaluation with culling (at pose_at_slack) skipped it
  /// or every face of it: the least room left [m], the screen at its centre less its radius,
  /// or min_i (clearance_i - |c_i - clear_at_i|) over its faces; -1 when unknown. While the
  /// patella's motion since then moves no point of the cluster's ball by as much, all its faces
  /// stay out of contact without being visited.
  std::vector<double> cluster_slack;
  Transform pose_at_slack;          ///< X_FK of the evaluation the slacks refer to
  Transform last_pose;              ///< X_FK of the last evaluation with culling
  bool evaluated = false;           ///< whether last_pose holds one
  double reach = 0.0;               ///< the casting centroids' largest distance from K's origin [m]
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
  /// The part of force and moment carried by the lateral facet's faces (centroid lateral of
  /// the patellar ridge); the medial facet carries the rest.
  Vec3 lateral_force = Vec3::Zero();   ///< [N]
  Vec3 lateral_moment = Vec3::Zero();  ///< about the patella origin [N m]
  int faces_in_contact = 0;
  /// The elastic foundation's strain energy, sum of (K/h) d^2 A / 2 over the faces [J]: its
  /// derivatives by the casting body's motion check the force and moment (tests).
  double energy = 0.0;
  /// d(force, moment)/d(twist) with twist = (dtheta, dp): rotation of the patella about its
  /// origin and translation, both in F. Filled when requested.
  Eigen::Matrix<double, 6, 6> jacobian = Eigen::Matrix<double, 6, 6>::Zero();
};

/// Evaluates the contact. Set want_jacobian for the 6x6 stiffness (analytic, see contact.cpp).
void compute_contact(const ContactModel& model, const Transform& X_FK, bool want_jacobian,
                     ContactWorkspace& ws, ContactResult& out);

/// Ray-segment query against the target: the nearest face crossed at a distance in
/// [t_min, t_max] from o along unit u, whatever its orientation. Returns the face index or -1;
/// t receives the distance.
int cast_ray(const TargetSurface& target, const Vec3& o, const Vec3& u, double t_min,
             double t_max, double& t);

}  // namespace patella
