#pragma once
/// A subject the model is scaled to (compiler/scale_to_subject.hpp): body mass and segment
/// lengths measured on the subject's own scaled model (for example AddBiomechanics' final.osim),
/// as OpenSim's ScaleTool scales a generic model. Read from a subject file
/// (io/subject_read.hpp); SI units.
#include <string>
#include <vector>

#include "patella/core/types.hpp"

namespace patella {

struct SubjectSegment {
  std::string body;        ///< the scaled body, e.g. femur_r
  std::string from_joint;  ///< the joint whose centre starts the segment (its frame on the body)
  std::string to_joint;    ///< the joint whose centre ends it
  double length = 0.0;     ///< the subject's distance between the two joint centres [m]
};

struct SubjectScale {
  std::string source;                       ///< the file, for messages and provenance
  std::string name;                         ///< e.g. "Hamner & Delp 2013 subject01"
  double body_mass = 0.0;                   ///< [kg]; every body's mass scales to this total
  std::vector<SubjectSegment> segments;
  /// The subject's hip joint centre in its pelvis frame [m] (the hip joint's frame on the
  /// pelvis): the motion's pelvis translation is moved so the model's hip centre follows it.
  bool has_hip_centre = false;
  std::string hip_joint = "hip_r";
  Vec3 hip_centre_in_pelvis = Vec3::Zero();
};

}  // namespace patella
