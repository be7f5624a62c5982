#pragma once
/// The gait side of the model, compiled from the spec: the leg chain, its muscle set (paths,
/// wraps, curves) and the foot line.
#include <map>
#include <string>
#include <vector>

#include "patella/model/leg.hpp"

namespace patella {

/// @throws ModelError naming the missing body or joint.
Leg make_leg(const Model& knee);

/// Wrap surfaces on leg bodies. @throws ModelError for an unknown wrap type.
std::vector<LegWrap> make_leg_wraps(const ModelSpec& spec);

/// A path of the spec on the leg. @throws ModelError naming the muscle for a point on a body
/// outside the leg, an unknown wrap object, or a conditional/moving point driven by a coordinate
/// that is not one of the leg's.
LegPath make_leg_path(const std::vector<LegWrap>& wraps, const PathSpec& path,
                      const std::string& owner);

/// @throws ModelError naming the muscle and the element that cannot be evaluated, or an edit of
/// a muscle the leg does not have.
MuscleSet make_muscle_set(const Model& knee, const std::vector<std::string>& itb_muscles,
                          const std::map<std::string, MuscleEdit>& edits = {});

}  // namespace patella
