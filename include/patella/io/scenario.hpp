#pragma once
/// A scenario file (YAML, strict keys: an unknown key is an error naming file, line and key).
///
///   name: baseline_running            # output files are <out>/<name>.h5 and .csv
///   description: free text
///   model: ../models/lenhart2015      # model folder, relative to this file
///   gait:                             # one of:
///     cycle_csv: ../models/running/default_running_cycle.csv   # a one-stride cycle
///     # or an OpenSim trial:
///     coordinates: trial_ik.mot       # IK output (.mot/.sto)
///     grf: trial_grf.mot              # ground reactions
///     external_force:                 # as an OpenSim ExternalForce
///       force_identifier: ground_force_2_v
///       point_identifier: ground_force_2_p
///       torque_identifier: ground_torque_2_
///       applied_to_body: calcn_r
///     filter_hz: 6                    # coordinate low-pass [Hz]
///     start_s: 1.263                  # cycle start/end [s] (default: right foot strikes)
///     end_s: 2.31
///   cycles: 1                         # strides to simulate (a cycle CSV only)
///   output:
///     frames_per_cycle: 101
///     csv: true
///     hdf5: true
///     sto: true                       # <name>_forces.sto, _activations.sto, _kinematics.mot
///   extends: baseline_running.yaml    # take every key from that scenario, then override
///   muscles:                          # what-if edits (PHYSICS.md 8), per muscle of the model
///     vaslat_r:
///       strength_scale: 80 %          # F0 multiplier
///       taut_band: {fraction: 10 %, contracture: 5 %, stiffness_ratio: 2}
///       release: 12 %                 # of the band (fraction and contracture)
///       min_activation: 10 %          # co-contraction: the least activation allowed
///       passive_tightness: {curve_shift: 5 %, tendon_slack_change: -2 %}
///   knee:                             # what-ifs at the knee
///     quadriceps_angle: 5 deg         # quadriceps line swung laterally (Q angle +)
///     itb_pretension: 50 N            # added to the band's tension throughout
///     ligament_stiffness: {mPFL: 80 %}   # scales every ligament whose name starts so
///     tibial_tuberosity_offset: 5 mm  # patellar tendon's tibial end moved laterally (+)
///   interventions:                    # self-treatment (PHYSICS.md 8; muscle/release_tools.hpp)
///     - {tool: massage_ball, muscle: vaslat_r, duration: 90 s, sessions: 14,
///        time_since_treatment: 0 min}
///     - {tool: percussion, muscle: tfl_r, hypothetical: true, release: 40 %}
///   protocol: {days: 7, sessions_per_day: 2, run_after_last_session: 0 h}  # sessions over days
///   kinematics:                       # what-ifs on the motion
///     hip_adduction_offset: 3 deg     # added during stance (raised-cosine window)
///     hip_internal_rotation_offset: 3 deg       # the whole leg turns, foot included
///     femoral_internal_rotation_planted_foot: 3 deg   # the femur turns under the foot
///     step_rate_change: 10 %          # the cycle CSV's step-rate variant
///     anterior_pelvic_tilt: 5 deg     # added over the whole cycle
///     ankle_dorsiflexion_limit: 15 deg
///
/// `extends` merges key by key: a key the file sets replaces the parent's (`gait` and `output`
/// as whole blocks are merged key by key too; a muscle's edit field by field).
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "patella/session/gait_setup.hpp"
#include "patella/session/scenario.hpp"

namespace patella {


/// @throws ModelError / IoError naming file, line, key and value.
Scenario read_scenario(const std::string& path);

/// The scenario as resolved (after `extends`), as YAML: what a result was computed from.
std::string resolved_scenario_yaml(const Scenario& scenario);

/// Loads the scenario's model and gait input and applies the scenario (session/gait_setup.hpp). @throws as read_scenario and the readers.
std::unique_ptr<GaitSetup> load_gait_setup(const Scenario& scenario);

}  // namespace patella
