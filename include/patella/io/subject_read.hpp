#pragma once
/// A subject file: what the model is scaled to (model/subject.hpp). YAML:
///   name: text
///   body_mass_kg: 72.94
///   segments:                      # joint-centre distances on the subject's scaled model
///     - {body: femur_r, from: hip_r, to: knee_r, length_m: 0.44835}
///   hip_centre_in_pelvis_m: [x, y, z]   # optional, with hip_joint (default hip_r)
/// Unknown keys are errors naming file, line and the allowed keys.
#include <string>

#include "patella/model/subject.hpp"

namespace patella {

/// @throws IoError (unreadable) or ModelError (file:line:column, key and value).
SubjectScale read_subject(const std::string& path);

}  // namespace patella
