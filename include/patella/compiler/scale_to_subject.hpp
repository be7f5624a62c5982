#pragma once
/// Scaling a model spec to a subject (issue 13), as OpenSim's ScaleTool does with measured
/// segment lengths and "preserve mass distribution":
/// - each listed segment body is scaled uniformly by s = subject length / model length, where a
///   length is the distance between the two named joints' frames on that body (through welds):
///   its mass centre, the joint frames on it, the path points of muscles and ligaments on it
///   (MovingPathPoint functions too) and the wrap surfaces' positions on it. Wrap sizes are kept:
///   they stand for local bone shape (condyles, shaft girth, pelvic brim), which the length
///   measurements do not measure;
/// - bodies welded to a segment (lenhart2015's femur_distal_r, tibia_proximal_r) and the knee's
///   patella are not scaled: the knee's cartilage, ligaments and contact keep their MRI size,
///   and the shafts carry the length difference;
/// - every body's mass is multiplied by subject mass / model mass; inertias by that factor and s^2.
/// Fibre and tendon slack lengths follow the path lengths (ScaleTool keeps their ratio): the
/// session layer does that after compiling (session/gait_setup.cpp), since it needs the paths.
#include <map>
#include <string>

#include "patella/model/spec.hpp"
#include "patella/model/subject.hpp"

namespace patella {

struct SubjectScaling {
  double mass_factor = 1.0;                  ///< subject mass / model mass
  double model_mass = 0.0, subject_mass = 0.0;  ///< [kg]
  std::map<std::string, double> length_factor;  ///< per scaled body
  std::map<std::string, double> model_length;   ///< per scaled body, before scaling [m]
  /// subject hip centre - model hip centre, in the pelvis frame [m] (zero without one)
  Vec3 hip_shift = Vec3::Zero();
};

/// Distance between two joints' frames on `body` (a joint's frame on a body welded to it counts)
/// [m]. @throws ModelError naming the joint or body that is missing or not on the body.
double segment_length(const ModelSpec& spec, const std::string& body, const std::string& from_joint,
                      const std::string& to_joint);

/// Scales the spec in place. @throws ModelError naming the subject file and the segment or joint
/// that the spec does not have, or a length or mass that is not positive.
SubjectScaling scale_to_subject(ModelSpec& spec, const SubjectScale& subject);

}  // namespace patella
