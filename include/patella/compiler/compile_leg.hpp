#pragma once
/// The gait side of the model, compiled from the spec: the leg chain, its muscle set (paths,
/// wraps, curves) and the foot line.
#include <map>
#include <string>
#include <vector>

#include "patella/model/leg.hpp"
#include "patella/model/model.hpp"
#include "patella/model/spec.hpp"

namespace patella {

/// Whether the spec has every body and joint of the leg's chain (else the model is a knee alone).
bool has_leg(const ModelSpec& spec);

/// @throws ModelError naming the missing body or joint.
Leg make_leg(const Model& knee);

/// Wrap surfaces on leg bodies. @throws ModelError for an unknown wrap type.
std::vector<LegWrap> make_leg_wraps(const ModelSpec& spec);

/// A path of the spec on the leg. @throws ModelError naming the muscle for a point on a body
/// outside the leg, an unknown wrap object, or a conditional/moving point driven by a coordinate
/// that is not one of the leg's.
LegPath make_leg_path(const std::vector<LegWrap>& wraps, const PathSpec& path,
                      const std::string& owner);

/// The leg's muscles with the spec's what-if edits and activation floors, and the ITB.
/// @throws ModelError naming the muscle and the element that cannot be evaluated.
MuscleSet make_muscle_set(const Model& knee, const std::vector<std::string>& itb_muscles);

/// The foot line of the model's right foot, in calcn_r: from the R.Heel marker to the toe tip,
/// both at the sole height of the R.MT5 marker. The toe tip is taken twice the toes' mass-centre
/// distance beyond the MTP joint (a uniform toe segment). @throws ModelError if a marker is absent.
FootLine make_foot_line(const ModelSpec& spec);

}  // namespace patella
