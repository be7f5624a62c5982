#pragma once
/// A what-if scenario as plain data (the file format and every key: io/scenario.hpp and
/// `patella scenario-keys`).
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "patella/gait/emg_constraints.hpp"
#include "patella/gait/motion.hpp"
#include "patella/gait/step_rate.hpp"
#include "patella/model/muscle_params.hpp"
#include "patella/muscle/release_tools.hpp"

namespace patella {

/// A scenario as read and resolved (io/scenario.hpp read_scenario): plain data, SI units. Every
/// key's name, unit, range and place in this struct is declared once in src/io/scenario_keys.cpp.
struct Scenario {
  std::string file;                 ///< the scenario file
  std::string name;
  std::string description;
  /// Control hypothesis (PHYSICS.md 7, gait/gait_simulation.hpp Control): "compensated",
  /// "uncompensated" or "emg_constrained".
  std::string control = "compensated";
  EmgBands emg;                     ///< the emg_constrained hypothesis' bands
  std::string model_dir;            ///< resolved
  std::string cycle_csv;            ///< resolved; empty for an OpenSim trial
  /// A subject file (io/subject_read.hpp) the model is scaled to; resolved; empty: no scaling.
  std::string subject_file;
  /// A strength table (io/load_model.hpp ModelLoadOptions::strength_file); resolved; empty: the
  /// .osim's maximum isometric forces.
  std::string strength_file;
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
  /// The knee as the .osim builds it where the overlay adds to it (PHYSICS.md 5.3): the vasti
  /// unsplit (no oblique and long heads), and the .osim's patellar tendon and retinaculum
  /// stiffnesses instead of the measured ones.
  bool osim_quadriceps = false;
  bool osim_ligament_stiffness = false;
  /// "coupled" (the coupling table places the tibia) or "solved" (mechanics/tibiofemoral.hpp).
  std::string tibiofemoral = "coupled";
  double tuberosity_offset = 0.0;                        ///< lateral + [m]
  std::string tuberosity_where;                          ///< file:line:col of that key
  std::map<std::string, double> ligament_stiffness;      ///< name prefix -> scale [-]
  std::string ligament_where;                            ///< file:line:col of that block
  /// name prefix -> slack length change [-] (negative tightens)
  std::map<std::string, double> ligament_slack_change;
  std::string ligament_slack_where;
  /// The model's own parameters (0: as the model files give them): every cartilage contact
  /// mesh's elastic modulus [Pa] and uniform thickness [m]; the ITB pathway's iliopatellar band
  /// and Kaplan fibre stiffnesses [N/m]; a quadriceps head's share of its muscle's F0 [-].
  double cartilage_modulus = 0.0;
  double cartilage_thickness = 0.0;
  double itb_stiffness = 0.0;
  double itb_kaplan_stiffness = 0.0;
  std::map<std::string, double> head_share;
  std::string head_share_where;
  /// A muscle's maximum isometric force scaled as a model parameter (a split vastus: each
  /// head), not a what-if: uncompensated control keeps it, unlike MuscleEdit::strength_scale.
  std::map<std::string, double> model_strength;
  std::string model_strength_where;
  KinematicEdits kinematics;
  double step_rate_change = 0.0;   ///< [-]: the run at another step rate (gait/step_rate.hpp)
  double contact_time_exponent = kContactTimeExponent;  ///< [-] (StepRateChange)
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

}  // namespace patella
