#pragma once
/// The editable model description (MuJoCo's mjSpec): what a .osim file (plus the project's YAML
/// overlay) says, in SI units, before compile() checks it and builds an immutable Model.
/// Names and meanings follow the OpenSim 4 XML elements they come from.
#include <array>
#include <map>
#include <string>
#include <vector>

#include "patella/core/mesh.hpp"
#include "patella/core/types.hpp"
#include "patella/model/muscle_params.hpp"

namespace patella {

/// A scalar function of one coordinate, as used by OpenSim TransformAxis.
/// MultiplierFunction is folded into `scale` (value = scale * inner(x)).
struct FunctionSpec {
  enum class Kind { Constant, Linear, SimmSpline };
  Kind kind = Kind::Constant;
  double value = 0.0;              ///< Constant: the value
  double slope = 0.0;              ///< Linear: coefficients[0]
  double intercept = 0.0;          ///< Linear: coefficients[1]
  std::vector<double> x, y;        ///< SimmSpline knots
  double scale = 1.0;              ///< MultiplierFunction scale (1 when absent)
};

struct CoordinateSpec {
  std::string name;
  double default_value = 0.0;      ///< [rad] or [m]
  double range_min = 0.0;          ///< [rad] or [m]
  double range_max = 0.0;          ///< [rad] or [m]
};

/// One of the six TransformAxis entries of a CustomJoint's SpatialTransform
/// (rotation1..3, translation1..3).
struct TransformAxisSpec {
  std::string coordinate;          ///< empty: the function takes no coordinate (constant)
  Vec3 axis = Vec3::UnitX();       ///< in the parent (joint) frame, as written in the file
  FunctionSpec function;
};

/// An OpenSim PhysicalOffsetFrame: a frame fixed on a body.
struct OffsetFrameSpec {
  std::string body;                ///< body the frame is fixed to
  Vec3 translation = Vec3::Zero(); ///< [m]
  Vec3 orientation = Vec3::Zero(); ///< body-fixed XYZ angles [rad]
};

struct JointSpec {
  std::string name;
  std::string type;                ///< "CustomJoint" or "WeldJoint"
  OffsetFrameSpec parent;          ///< the joint frame on the parent body
  OffsetFrameSpec child;           ///< the joint frame on the child body
  std::vector<CoordinateSpec> coordinates;
  std::array<TransformAxisSpec, 6> axes;  ///< CustomJoint only: rotation1..3, translation1..3
};

struct MeshRefSpec {
  std::string name;
  std::string file;                ///< file name as written in the .osim (resolved later)
};

struct BodySpec {
  std::string name;
  double mass = 0.0;               ///< [kg]
  Vec3 mass_center = Vec3::Zero(); ///< [m]
  std::array<double, 6> inertia{}; ///< [kg m^2] Ixx Iyy Izz Ixy Ixz Iyz about the mass centre
  std::vector<MeshRefSpec> meshes;
};

/// A wrap surface fixed on a body (WrapCylinder, WrapEllipsoid, WrapSphere).
struct WrapSpec {
  std::string name;
  std::string body;
  std::string type;                     ///< "WrapCylinder", "WrapEllipsoid", "WrapSphere"
  Vec3 translation = Vec3::Zero();      ///< [m]
  Vec3 xyz_body_rotation = Vec3::Zero();///< [rad]
  std::string quadrant = "all";         ///< e.g. "x", "-y", "all"
  double radius = 0.0;                  ///< cylinder/sphere [m]
  double length = 0.0;                  ///< cylinder [m]
  Vec3 dimensions = Vec3::Zero();       ///< ellipsoid semi-axes [m]
};

struct PathPointSpec {
  std::string name;
  std::string body;
  Vec3 location = Vec3::Zero();    ///< p_BP [m]
  std::string type = "PathPoint";  ///< PathPoint, ConditionalPathPoint or MovingPathPoint
  /// ConditionalPathPoint: the point is on the path only while `coordinate` lies in
  /// [range_min, range_max] (rad or m).
  std::string coordinate;
  double range_min = 0.0, range_max = 0.0;
  /// MovingPathPoint: location component k is functions[k](value of coordinates[k]) when
  /// moving[k] (else location[k]).
  std::array<std::string, 3> coordinates;
  std::array<FunctionSpec, 3> functions;
  std::array<bool, 3> moving{false, false, false};
};

struct PathSpec {
  std::vector<PathPointSpec> points;  ///< origin first
  std::vector<std::string> wraps;     ///< names of WrapSpec the path may wrap over
};

/// Blankevoort1991Ligament (OpenSim 4): see mechanics/ligament.hpp for the force law.
struct LigamentSpec {
  std::string name;
  PathSpec path;
  double linear_stiffness = 0.0;     ///< k [N per unit strain]
  double slack_length = 0.0;         ///< l0 [m]
  double transition_strain = 0.06;   ///< e_t [-], OpenSim default when absent
  double damping_coefficient = 0.003;///< [s], OpenSim default when absent
};

/// Millard2012EquilibriumMuscle parameters (curve parameters at their OpenSim defaults unless
/// the file sets them).
struct MuscleSpec {
  std::string name;
  PathSpec path;
  double max_isometric_force = 0.0;       ///< F0 [N]
  double optimal_fiber_length = 0.0;      ///< lM0 [m]
  double tendon_slack_length = 0.0;       ///< lTs [m]
  double pennation_angle_at_optimal = 0.0;///< [rad]
  double max_contraction_velocity = 10.0; ///< [lM0/s]
  double minimum_activation = 0.01;       ///< [-]
  double activation_time_constant = 0.01; ///< [s]
  double deactivation_time_constant = 0.04;///< [s]
  MillardCurveParams curves;              ///< the four curve elements (absent = OpenSim default)
  /// What-if edits a scenario makes before compiling (PHYSICS.md 8): weakness, taut band and its
  /// release, passive tightness; and a co-contraction floor on its activation [-].
  MuscleEdit edit;
  double activation_floor = 0.0;
  /// A head of an .osim muscle (PHYSICS.md 5.3; the overlay's quadriceps_heads): the name of the
  /// muscle it was split from ("" for a muscle of the file), and, when set, the frontal-plane
  /// angle of its pull at the patella [rad], measured from the femur's long axis (femur_r +Y,
  /// proximal), positive lateral (+Z). The sagittal direction stays the .osim muscle's.
  std::string head_of;
  bool has_frontal_angle = false;
  double frontal_angle = 0.0;
  /// "" (the .osim's patellar point), "medial_border" or "lateral_border": the head inserts on
  /// that border of the patellar bone mesh, in its superior half.
  std::string insertion;
  /// false: the head's pull on the patella does not wrap over the .osim's wrap cylinders (an
  /// oblique head reaches the patella from beside the femur, not over its front).
  bool wraps_at_patella = true;
};

/// Smith2018ContactMesh.
struct ContactMeshSpec {
  std::string name;
  std::string body;
  std::string mesh_file;
  Vec3 location = Vec3::Zero();      ///< [m]
  Vec3 orientation = Vec3::Zero();   ///< [rad]
  double elastic_modulus = 0.0;      ///< E [Pa]
  double poissons_ratio = 0.0;       ///< v [-]
  double thickness = 0.0;            ///< h [m]
};

/// Smith2018ArticularContactForce.
struct ContactForceSpec {
  std::string name;
  std::string target_mesh;           ///< e.g. femur_cartilage
  std::string casting_mesh;          ///< e.g. patella_cartilage
  double min_proximity = 0.0;        ///< [m]
  double max_proximity = 0.0;        ///< [m]
  std::string formulation = "linear";
  bool lumped = true;
};

/// The iliotibial band's pathway to the lateral patella (PHYSICS.md 5.4; Model::itb), which
/// lenhart2015.osim lacks. Read from the YAML overlay (itb_patellar_link).
struct ItbLinkSpec {
  bool enabled = true;
  std::string itb_ligament = "ITB1";      ///< the .osim ligament whose path is the band
  double stiffness = 97.0e3;              ///< [N/m] the whole iliopatellar band, Merican et al. 2009
  double failure_force = 582.0;           ///< [N] same source
  int bundles = 3;                        ///< Blankevoort bundles it is split into
  double reference_strain = 0.0;          ///< bundles' strain at the reference pose [-]
  double kaplan_stiffness = 100.0e3;      ///< [N/m] Kaplan fibres (no measurement: swept)
  std::string source;                     ///< where these came from (overlay file:line), for messages
  /// Muscles that insert into the band; their force adds to its tension (PHYSICS.md 5.4).
  std::vector<std::string> muscles;
};

/// One head of a quadriceps muscle as the overlay defines it (PHYSICS.md 5.3): it takes `share`
/// of the muscle's F0, its path and curves, and (optionally) its own frontal-plane line of action.
struct QuadricepsHeadSpec {
  std::string name;                       ///< e.g. vmo_r
  std::string muscle;                     ///< the .osim muscle it is a head of, e.g. vasmed_r
  double share = 0.0;                     ///< of the muscle's F0 [-]; a muscle's heads sum to 1
  bool has_frontal_angle = false;
  double frontal_angle = 0.0;             ///< [rad] + lateral, from femur_r +Y
  std::string insertion;                  ///< "", "medial_border" or "lateral_border"
  bool wraps_at_patella = true;           ///< see MuscleSpec::wraps_at_patella
  std::string where;                      ///< overlay file:line, for messages
};

/// A group of the .osim's Blankevoort ligaments (name prefix) and its measured total stiffness
/// (PHYSICS.md 5.3; the overlay's ligament_stiffness).
struct LigamentGroupSpec {
  std::string prefix;                     ///< e.g. PT, mPFL, lPFL
  double measured_total = 0.0;            ///< sum of the bundles' k / l0 [N/m]
  bool use_measured = false;              ///< the overlay's choice for this group
  std::string source;
  std::string where;                      ///< overlay file:line
};

struct LigamentStiffnessSpec {
  /// "overlay" (each group as its `use` says), "osim" (none scaled) or "measured" (all scaled)
  std::string use = "overlay";
  std::vector<LigamentGroupSpec> groups;
};

struct QuadricepsHeadsSpec {
  bool enabled = false;                   ///< split the muscles into their heads
  std::vector<QuadricepsHeadSpec> heads;
};

/// How the tibiofemoral secondary coordinates follow knee flexion.
struct TibiofemoralSpec {
  std::string mode = "coupled";           ///< "coupled" (table) or "zero"
  std::string coupling_file;              ///< CSV: knee_flex_deg, knee_add_deg, knee_rot_deg,
                                          ///< knee_tx_mm, knee_ty_mm, knee_tz_mm
  std::vector<double> flexion;            ///< [rad]
  std::array<std::vector<double>, 5> values;  ///< add, rot [rad]; tx, ty, tz [m]
};

/// An OpenSim Marker: a point on a body (the foot line of the default running cycle uses R.Heel
/// and R.MT5).
struct MarkerSpec {
  std::string name;
  std::string body;                ///< its socket_parent_frame's body ("" when not given)
  Vec3 location = Vec3::Zero();    ///< [m], in that body
};

struct ModelSpec {
  std::string name;
  std::string source_file;          ///< the .osim path it was read from
  std::string geometry_dir;         ///< where mesh files are looked up
  std::vector<BodySpec> bodies;
  std::vector<JointSpec> joints;
  std::vector<WrapSpec> wraps;
  std::vector<LigamentSpec> ligaments;
  std::vector<MuscleSpec> muscles;
  std::vector<ContactMeshSpec> contact_meshes;
  std::vector<ContactForceSpec> contact_forces;
  std::vector<MarkerSpec> markers;
  std::vector<std::string> warnings; ///< elements read but not supported, named

  // filled by io::load_model, not by read_osim:
  std::map<std::string, TriMesh> mesh_data;  ///< mesh file name -> mesh in its body frame
  ItbLinkSpec itb_link;
  TibiofemoralSpec tibiofemoral;
  QuadricepsHeadsSpec quadriceps_heads;   ///< read from the overlay; applied by load_model_spec
  LigamentStiffnessSpec ligament_stiffness;  ///< read from the overlay; applied by load_model_spec

  const BodySpec* find_body(const std::string& n) const;
  const JointSpec* find_joint(const std::string& n) const;
  const WrapSpec* find_wrap(const std::string& n) const;
  const LigamentSpec* find_ligament(const std::string& n) const;
  const MuscleSpec* find_muscle(const std::string& n) const;
  const ContactMeshSpec* find_contact_mesh(const std::string& n) const;
  const ContactForceSpec* find_contact_force(const std::string& n) const;
};

}  // namespace patella
