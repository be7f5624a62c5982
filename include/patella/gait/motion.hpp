#pragma once
/// A gait input: the right leg's coordinates over time and the ground reaction on the right foot.
/// Ground frame G (OpenSim): X forward, Y up, Z to the right. SI units: s, rad, m, N, N m.
#include <array>
#include <limits>
#include <string>
#include <vector>

#include "patella/model/leg.hpp"
#include "patella/gait/signal.hpp"

namespace patella {

/// The ground reaction force on the right foot, sampled. Either the point is in ground (an
/// OpenSim GRF .mot: force, centre of pressure and free torque) or it is a fraction along the
/// foot, from heel to toe tip (the default running cycle), placed on the foot at each instant.
struct GroundReaction {
  std::vector<double> time;        ///< [s], increasing
  std::vector<Vec3> force;         ///< on the foot, in G [N]
  std::vector<Vec3> point;         ///< centre of pressure in G [m] (point_in_ground)
  std::vector<Vec3> torque;        ///< free torque in G [N m]
  std::vector<double> foot_fraction;  ///< heel 0 .. toe tip 1 (when !point_in_ground)
  bool point_in_ground = true;
};

/// Kinematic what-ifs applied on top of the recorded or default motion (PHYSICS.md 8).
struct KinematicEdits {
  double pelvic_tilt_offset = 0.0;     ///< added to pelvis_tilt over the whole cycle [rad]
  double hip_adduction_offset = 0.0;   ///< added to hip_add_r during stance [rad]
  double hip_rotation_offset = 0.0;    ///< added to hip_rot_r (internal +) during stance [rad]
  /// The femur turned internally under a planted foot during stance [rad] (the dynamic Q angle,
  /// Powers 2003): hip_rot_r += theta w(t) while the tibia, shank and foot keep the pose in ground
  /// they have without it, so the femoral groove turns under the patella (see leg_poses).
  double femoral_rotation_offset = 0.0;
  /// Ankle dorsiflexion limit [rad] (NaN: none): ankle_flex_r is capped smoothly
  /// (softplus of width 1 deg, so inverse dynamics stays smooth).
  double ankle_dorsiflexion_limit = std::numeric_limits<double>::quiet_NaN();
};

struct GaitInput {
  std::string label;                          ///< e.g. the trial file or "default running"
  std::array<CubicSpline, kNumLegDofs> q;     ///< coordinates of time [rad, m]
  GroundReaction grf;
  double t_start = 0.0, t_end = 0.0;          ///< the cycle: right foot strike to the next [s]
  double stance_end = 0.0;                    ///< right toe-off [s]
  double speed = 0.0;                         ///< forward speed [m/s] (0 when unknown)
  std::vector<std::string> notes;             ///< how the input was prepared, for the report
  KinematicEdits edits;                       ///< what-ifs on the motion (none by default)
};

struct Wrench {
  Vec3 force = Vec3::Zero();    ///< [N], in G
  Vec3 point = Vec3::Zero();    ///< [m], in G
  Vec3 torque = Vec3::Zero();   ///< [N m], in G
};


/// Which GRF .mot columns act on the right foot (OpenSim ExternalForce identifiers).
struct ExternalForceMapping {
  std::string force_identifier = "ground_force_v";   ///< columns <id>x, <id>y, <id>z [N]
  std::string point_identifier = "ground_force_p";   ///< [m], in ground
  std::string torque_identifier = "ground_torque_";  ///< [N m], in ground
  std::string applied_to_body = "calcn_r";
};

/// How to read an OpenSim trial (io/gait_reader.hpp read_opensim_gait).
struct OpenSimGaitOptions {
  std::string coordinates_file;           ///< IK .mot/.sto (degrees if inDegrees=yes)
  std::string grf_file;                   ///< GRF .mot
  ExternalForceMapping mapping;
  double filter_hz = 6.0;                 ///< coordinate low-pass cut-off [Hz], 0 = none
  double cycle_start = -1.0;              ///< [s]; < 0: the first right foot strike in the GRF
  double cycle_end = -1.0;                ///< [s]; < 0: the next right foot strike
  double strike_threshold = 20.0;         ///< vertical GRF that marks contact [N]
};

/// The stance window w(t) of the stance offsets: a raised cosine over the right stance, 0 at foot
/// strike and toe-off, 1 mid-stance, 0 in swing (the cycle repeats).
double stance_window(const GaitInput& in, double t);

/// How far the femur is turned internally under the planted foot at t [rad]
/// (femoral_rotation_offset w(t)).
double femoral_rotation_at(const GaitInput& in, double t);

/// Coordinates at time t, with the input's kinematic edits: stance offsets rise and fall with a
/// raised-cosine window over the right stance (zero at foot strike and toe-off, C1).
LegQ coordinates_at(const GaitInput& in, double t);

/// Moves the motion's pelvis translation by R_GP(t) d (d in the pelvis frame), at each of the
/// pelvis translation's samples: a model whose hip centre sits d away from the one the motion
/// was measured with then has its hip centre where the subject's was, and the leg below it
/// reaches the ground where the subject's did (scaling to a subject, session/gait_setup.hpp).
void shift_pelvis_in_pelvis_frame(GaitInput& in, const Leg& leg, const Vec3& d);

/// Where t falls among the ground reaction's samples: t is (1 - s) of sample k - 1 and s of sample
/// k. False outside the samples (no load there).
bool ground_reaction_sample(const GroundReaction& g, double t, std::size_t& k, double& s);

/// The ground reaction on the right foot at time t (linear interpolation between samples, zero
/// outside them). X: leg poses at t (for a foot-fraction point).
Wrench ground_reaction_at(const GaitInput& in, const FootLine& foot, const LegPoses& X, double t);

}  // namespace patella
