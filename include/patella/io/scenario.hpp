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

#include "patella/muscle/muscle_edit.hpp"
#include "patella/muscle/release_tools.hpp"

#include "patella/io/gait_reader.hpp"

namespace patella {

struct Scenario {
  std::string file;                 ///< the scenario file
  std::string name;
  std::string description;
  std::string model_dir;            ///< resolved
  std::string cycle_csv;            ///< resolved; empty for an OpenSim trial
  OpenSimGaitOptions trial;         ///< files resolved
  int cycles = 1;
  int frames_per_cycle = 101;
  bool write_csv = true;
  bool write_hdf5 = true;
  bool write_sto = true;            ///< OpenSim .sto/.mot: forces, activations, kinematics
  std::vector<double> pressure_at;  ///< gait percents whose per-triangle pressure the HDF5 keeps
  std::map<std::string, MuscleEdit> muscle_edits;
  std::map<std::string, double> min_activation;          ///< per muscle [-]
  double quadriceps_angle = 0.0;                         ///< [rad]
  double itb_pretension = 0.0;                           ///< [N]
  double tuberosity_offset = 0.0;                        ///< lateral + [m]
  std::string tuberosity_where;                          ///< file:line:col of that key
  std::map<std::string, double> ligament_stiffness;      ///< name prefix -> scale [-]
  std::string ligament_where;                            ///< file:line:col of that block
  KinematicEdits kinematics;
  double step_rate_change = 0.0;   ///< [-]: picks the cycle CSV's step-rate variant
  std::string step_rate_where;     ///< file:line:col of that key
  struct Intervention {
    std::string tool, muscle, where;
    double duration = 0.0;          ///< [s]
    int sessions = 1;
    double minutes_since = 0.0;     ///< [min]
    /// Pressure on the tissue [Pa] (0: not given). Recorded with the results; it does not scale
    /// the release (no dose-response measured, muscle/release_tools.hpp).
    double pressure = 0.0;
    bool hypothetical = false;
    double release = 0.0;           ///< r: literature-bounded, or the user's when hypothetical
    std::string basis;              ///< where r comes from
    double requested_release = std::numeric_limits<double>::quiet_NaN();  ///< the file's, if any
    std::string release_where, release_text, schedule_where;
  };
  std::vector<Intervention> interventions;
  /// A treatment protocol over days (every intervention at every session); days == 0: none.
  /// The gait cycle is simulated `run_after_last_session` [min] after its last session.
  TreatmentProtocol protocol;
  double run_after_last_session = 0.0;
  std::string protocol_where;
  /// How its interventions' release is grounded: "no intervention", "release
  /// literature-bounded" or "release hypothetical". Results carry this label; a scenario's own
  /// what-if values (a taut band's size, a weakness) say in its description whether they are
  /// hypotheses.
  std::string evidence = "no intervention";
  std::map<std::string, std::string> muscle_edit_where;  ///< file:line:column of each muscle key
  std::vector<std::string> chain;   ///< the file and the files it extends, child first
};

/// @throws ModelError / IoError naming file, line, key and value.
Scenario read_scenario(const std::string& path);

}  // namespace patella

#include <functional>
#include <memory>

#include "patella/gait/gait_simulation.hpp"
#include "patella/io/results_writer.hpp"

namespace patella {

/// Everything a scenario's gait simulation needs, loaded and checked.
struct GaitSetup {
  std::unique_ptr<Model> model;
  Leg leg;
  MuscleSet muscles;
  FootLine foot;
  GaitInput input;
  GaitOptions options;
};

/// Loads the scenario's model and gait input. @throws as read_scenario and the readers.
std::unique_ptr<GaitSetup> load_gait_setup(const Scenario& scenario);

}  // namespace patella

namespace patella {

/// Simulates every setup, `threads` at a time (each run is independent, so the numbers do not
/// depend on the thread count). progress(name, done, total) is called under a lock.
/// @throws SimulationError naming the failed setup's scenario.
std::vector<GaitResult> simulate_all(
    const std::vector<std::unique_ptr<GaitSetup>>& setups, const std::vector<std::string>& labels,
    int threads, const std::function<void(const std::string&, std::size_t, std::size_t)>& progress);

/// A protocol's course over days, every `step_min` minutes from the first session to one day
/// after the last and at every session's end: time_h, day, then per intervention its release
/// (release_<tool>_<muscle>, %) and per treated muscle what is left of its taut band
/// (band_fraction_<muscle>, % of the fibres), with units and descriptions. Empty without a
/// protocol.
ColumnTable protocol_table(const Scenario& scenario, double step_min = 15.0);

/// The scenario as resolved (after `extends`), as YAML: what a result was computed from.
std::string resolved_scenario_yaml(const Scenario& scenario);

/// Provenance attributes for result files: software version and git commit, UTC date, command
/// line, the resolved scenario YAML and the SHA-256 of the model and input files.
std::vector<std::pair<std::string, std::string>> provenance(const Scenario& scenario,
                                                            const std::string& command,
                                                            const std::string& git_commit);

}  // namespace patella
