#pragma once
/// A recorded gait run as read back from a results file (io/results_reader.hpp): what pictures,
/// ParaView exports and replays need. A results type below io, so viz can use it without io.
#include <map>
#include <string>
#include <vector>

#include "patella/core/types.hpp"

namespace patella {

/// One scenario's recorded gait cycle(s).
struct RecordedRun {
  std::string name;
  std::string description;
  std::string model_dir;                         ///< from the provenance
  std::string evidence;                          ///< "no intervention", ...
  /// The scenario's knee.tibial_tuberosity_offset [m] (from its resolved YAML; 0 if none): the
  /// one model edit that moves geometry pictures draw.
  double tuberosity_offset = 0.0;
  std::vector<double> gait_percent;              ///< per frame
  std::vector<int> cycle;                        ///< per frame
  std::map<std::string, std::vector<double>> channels;  ///< every 1-D dataset of the group
  std::map<std::string, std::string> units;      ///< channel -> units attribute
  std::map<std::string, std::vector<Transform>> body_poses;  ///< in femur_distal_r, per frame
  std::vector<std::vector<float>> pressure;      ///< per frame, per patellar triangle [Pa]
  /// per frame, per tibial cartilage triangle [Pa]; empty unless the run solved the tibia
  std::vector<std::vector<float>> tf_pressure;
  std::vector<std::string> ligaments;
  std::vector<std::vector<double>> ligament_tension;  ///< per frame, per ligament [N]

  std::size_t frames() const { return gait_percent.size(); }
  /// A channel by name. @throws IoError naming the run and the channel.
  const std::vector<double>& channel(const std::string& name) const;
  /// The frame of the largest PF contact force in the last cycle.
  std::size_t peak_force_frame() const;
  /// The frame nearest a gait percent in the last cycle.
  std::size_t frame_at_percent(double percent) const;
};

}  // namespace patella
