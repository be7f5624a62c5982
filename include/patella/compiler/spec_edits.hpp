#pragma once
/// What-if edits of a model's description, applied before it is compiled (PHYSICS.md 8).
#include <string>

#include "patella/model/model.hpp"  // KneeNames

namespace patella {

/// Multiplies the linear stiffness of every ligament whose name starts with `prefix`.
/// Returns how many ligaments it changed.
int scale_ligament_stiffness(ModelSpec& spec, const std::string& prefix, double scale);

/// Multiplies the slack length of every ligament whose name starts with `prefix` by
/// 1 + change (negative tightens). Returns how many ligaments it changed.
int change_ligament_slack(ModelSpec& spec, const std::string& prefix, double change);

/// Gives a quadriceps head (after split_quadriceps_heads) `share` of its muscle's F0 and the
/// muscle's other head the rest, their sum kept. @throws ModelError when `head` is not a head,
/// or its muscle has more or fewer than two heads (which one would take the rest?).
void set_head_share(ModelSpec& spec, const std::string& head, double share);

/// Moves the tibial tuberosity: the tibial end of every ligament joining the patella to a tibia
/// body (the patellar tendon bundles) moves `offset` [m] along the tibia's +Z axis, lateral for
/// this right knee. This is a change of the TT-TG distance (normal about 10-13 mm, > 20 mm
/// pathological: Dejour et al. 1994). Slack lengths stay as in the file: the tendon keeps its
/// length at rest and its line of pull turns. Returns how many attachments moved.
int move_tibial_tuberosity(ModelSpec& spec, double offset, const KneeNames& names = KneeNames{});

/// Scales the groups of spec.ligament_stiffness that its `use` selects ("measured": all,
/// "overlay": those the overlay marks measured, "osim": none; ligaments whose name starts with
/// the group's prefix) so that the bundles' linear-region stiffnesses k_i / l0_i sum to the
/// measured total (parallel bundles stretched alike); slack lengths stay.
/// @throws ModelError for a group with no ligament.
void use_measured_ligament_stiffness(ModelSpec& spec);

/// Splits each .osim muscle that the spec's quadriceps_heads name into its heads, in its place in
/// spec.muscles: each head copies the muscle (path, curves, edit) with F0 x share, its name, the
/// muscle's name in head_of and its frontal angle. @throws ModelError when a muscle's shares do
/// not sum to 1 (within 1e-6) or a head is named twice.
void split_quadriceps_heads(ModelSpec& spec);

}  // namespace patella
