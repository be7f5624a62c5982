#pragma once
/// The leg's muscles (every Millard2012EquilibriumMuscle of the .osim on the right leg) and the
/// iliotibial band, evaluated at one instant of the gait cycle: path lengths, lengthening
/// velocities, moment arms r = -dl/dq for the driven coordinates (by virtual work), and the rigid-tendon force
/// split F = a A + P (OpenSim's static optimisation treats Millard muscles with a rigid tendon).
///
/// The quadriceps insert on the patella, so their knee moment is not -dl/dq at a fixed patella:
/// it is the patellar tendon's generalized force on the tibia, which the gait solver finds from
/// the patellofemoral equilibrium (patellar_tendon_knee_force in gait_simulation.cpp).
#include <array>
#include <map>
#include <string>
#include <vector>

#include "patella/gait/muscle_path.hpp"
#include "patella/model/leg.hpp"

namespace patella {

/// Everything static optimisation needs at one instant.
struct MuscleFrame {
  std::vector<double> length;                        ///< [m]
  std::vector<double> velocity;                      ///< lengthening [m/s]
  std::vector<std::array<double, 5>> moment_arm;     ///< [m], kDrivenDofs order; quadriceps'
                                                     ///< knee entry is the patellar arm
  std::vector<double> active;                        ///< A [N per unit activation]
  std::vector<double> passive;                       ///< P [N]
  double itb_passive = 0.0;                          ///< ITB1 stretch force [N]
};

/// The leg at one instant and at the neighbouring states the derivatives need.
struct FrameKinematics {
  LegQ q{}, q_prev{}, q_next{};        ///< at t, t - ht, t + ht
  LegPoses X, X_prev, X_next;
  std::array<std::array<LegQ, 2>, 5> dq_q{};      ///< driven dof j at q -/+ hq
  std::array<std::array<LegPoses, 2>, 5> dq;
  double ht = 0.0;                     ///< [s]
  double hq = 0.0;                     ///< [rad]
};

/// Muscle geometry and force coefficients at one instant. quadriceps_only: update just the
/// muscles that reach the patella (the rest do not depend on its pose); out must hold a frame.
void evaluate_muscles(const MuscleSet& set, const FrameKinematics& k, MuscleFrame& out,
                      bool quadriceps_only = false);

}  // namespace patella
