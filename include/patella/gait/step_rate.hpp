#pragma once
/// A gait input run at another step rate, same speed (PHYSICS.md 8): the stride, the stance and
/// the ground reaction change together, and the joint angles take the changes Heiderscheit et al.
/// (2011, Med Sci Sports Exerc 43:296, Table 3) measured for the condition.
///
/// At speed v a step rate higher by a fraction c shortens the stride to T' = T / (1 + c). Stance
/// time follows t_c' = t_c (T'/T)^k (k: contact_time_exponent, see below). Time is warped: stance
/// runs uniformly at t_c/t_c' of its pace, swing takes the rest, and the change of pace is spread
/// over `pace_ramp` of swing next to each event so that accelerations stay continuous. The ground
/// reaction keeps its shape in stance time and is scaled so that each step's vertical impulse
/// keeps the measured ratio to body weight times step time (vertical momentum is periodic, so it
/// is 1 in a steady run): the scale is (T'/T)^(1-k). Its centre of pressure keeps its place on the
/// foot (it is carried in the calcaneus frame from the measured pose to the new one), so a foot
/// that lands closer under the hip moves the ground reaction's point with it. In stance the ankle
/// takes up the knee and hip changes, so the planted foot keeps its measured pitch.
#include <array>
#include <string>

#include "patella/gait/motion.hpp"
#include "patella/model/leg.hpp"

namespace patella {

/// Stance-time exponent k: d ln t_c / d ln t_step at constant speed (0.7; its source is
/// kContactTimeExponentSource, its derivation in step_rate.cpp).
extern const double kContactTimeExponent;
extern const char* const kContactTimeExponentSource;

/// Heiderscheit et al. 2011 Table 3: change from the preferred step rate [rad], for a step-rate
/// change c in [-0.10, 0.10] (linear between the measured -10/-5/0/+5/+10 % conditions).
struct StepRateAngles {
  double knee_flexion_at_strike = 0.0;
  double knee_flexion_peak = 0.0;    ///< peak stance knee flexion
  double hip_flexion_peak = 0.0;     ///< peak hip flexion (late swing, at strike)
  double hip_adduction_peak = 0.0;   ///< peak stance hip adduction
};
/// @throws ModelError outside [-10 %, +10 %] (no measurement there)
StepRateAngles heiderscheit_angle_changes(double change);

struct StepRateChange {
  double change = 0.0;                            ///< +0.10: 10 % more steps a minute
  double contact_time_exponent = kContactTimeExponent;
  double pace_ramp = 0.04;                        ///< [s] of swing each side of stance
};

/// What change_step_rate did, for the report and the tests.
struct StepRateReport {
  double stride_before = 0.0, stride_after = 0.0;  ///< [s]
  double stance_before = 0.0, stance_after = 0.0;  ///< [s]
  double force_scale = 0.0;                        ///< (T'/T)^(1-k)
  StepRateAngles angles;
};

/// The input at the new step rate, from its own cycle [t_start, t_end] with stance to
/// stance_end. leg and foot place the centre of pressure on the foot (the model that will run).
/// The new cycle starts at the same t_start. in.edits are not applied (they act later, in
/// coordinates_at); notes gain one line saying what was done.
/// @throws ModelError when the swing is too short for the pace ramps or the trial's coordinates
///   do not cover the warped cycle.
GaitInput change_step_rate(const GaitInput& in, const Leg& leg, const FootLine& foot,
                           const StepRateChange& c, StepRateReport* report = nullptr);

/// The vertical impulse of the right foot's ground reaction over [t0, t1] [N s] (trapezoid rule
/// on the samples and the interval's ends).
double vertical_impulse(const GroundReaction& g, double t0, double t1);

}  // namespace patella
