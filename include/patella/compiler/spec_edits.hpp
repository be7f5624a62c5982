#pragma once
/// What-if edits of a model's description, applied before it is compiled (PHYSICS.md 8).
#include <string>

#include "patella/model/model.hpp"  // KneeNames

namespace patella {

/// Multiplies the linear stiffness of every ligament whose name starts with `prefix`.
/// Returns how many ligaments it changed.
int scale_ligament_stiffness(ModelSpec& spec, const std::string& prefix, double scale);

/// Moves the tibial tuberosity: the tibial end of every ligament joining the patella to a tibia
/// body (the patellar tendon bundles) moves `offset` [m] along the tibia's +Z axis, lateral for
/// this right knee. This is a change of the TT-TG distance (normal about 10-13 mm, > 20 mm
/// pathological: Dejour et al. 1994). Slack lengths stay as in the file: the tendon keeps its
/// length at rest and its line of pull turns. Returns how many attachments moved.
int move_tibial_tuberosity(ModelSpec& spec, double offset, const KneeNames& names = KneeNames{});

}  // namespace patella
