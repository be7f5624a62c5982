// Scaling a model spec to a subject: see scale_to_subject.hpp.
#include "patella/compiler/scale_to_subject.hpp"

#include <cmath>

#include "patella/core/error.hpp"
#include "patella/core/strings.hpp"

namespace patella {

namespace {

std::vector<std::string> joint_names(const ModelSpec& spec) {
  std::vector<std::string> n;
  for (const JointSpec& j : spec.joints) n.push_back(j.name);
  return n;
}


// where a joint's frame on `body` sits in `body` [m], as fixed + s * scaled for a scale factor s
// of `body`: its parent or child frame on the body itself (all of it scales), or on a body
// welded to it, one weld away in either direction (only the weld's frame on `body` scales)
bool frame_on(const ModelSpec& spec, const JointSpec& j, const std::string& body, Vec3& fixed,
              Vec3& scaled) {
  for (const OffsetFrameSpec* f : {&j.parent, &j.child}) {
    if (f->body == body) {
      fixed = Vec3::Zero();
      scaled = f->translation;
      return true;
    }
    for (const JointSpec& w : spec.joints) {
      if (w.type != "WeldJoint") continue;
      // p_body = t_near + R_near R_far^T (p_far - t_far)
      const bool down = w.parent.body == body && w.child.body == f->body;
      const bool up = w.child.body == body && w.parent.body == f->body;
      if (!down && !up) continue;
      const OffsetFrameSpec& near = down ? w.parent : w.child;
      const OffsetFrameSpec& far = down ? w.child : w.parent;
      scaled = near.translation;
      fixed = body_fixed_xyz(near.orientation) *
              (body_fixed_xyz(far.orientation).transpose() * (f->translation - far.translation));
      return true;
    }
  }
  return false;
}

// the segment's end-to-end vector as A + s B
void segment_vector(const ModelSpec& spec, const std::string& body, const std::string& from,
                    const std::string& to, Vec3& A, Vec3& B) {
  if (!spec.find_body(body)) throw ModelError("no body '" + body + "' in the model");
  Vec3 fixed[2], scaled[2];
  const std::string names[2] = {from, to};
  for (int k = 0; k < 2; ++k) {
    const JointSpec* j = spec.find_joint(names[k]);
    if (!j) throw ModelError("no joint '" + names[k] + "' in the model" + did_you_mean(names[k], joint_names(spec)));
    if (!frame_on(spec, *j, body, fixed[k], scaled[k]))
      throw ModelError("joint '" + names[k] + "' has no frame on body '" + body + "' (or a body welded to it)");
  }
  A = fixed[1] - fixed[0];
  B = scaled[1] - scaled[0];
}

void scale_path(PathSpec& path, const std::string& body, double s) {
  for (PathPointSpec& p : path.points) {
    if (p.body != body) continue;
    p.location *= s;
    for (int k = 0; k < 3; ++k)
      if (p.moving[k]) p.functions[k].scale *= s;
  }
}

}  // namespace

double segment_length(const ModelSpec& spec, const std::string& body, const std::string& from,
                      const std::string& to) {
  Vec3 A, B;
  segment_vector(spec, body, from, to, A, B);
  return (A + B).norm();
}

SubjectScaling scale_to_subject(ModelSpec& spec, const SubjectScale& subject) {
  SubjectScaling out;
  const std::string where = subject.source + ": ";
  for (const BodySpec& b : spec.bodies) out.model_mass += b.mass;
  if (!(subject.body_mass > 0) || !(out.model_mass > 0))
    throw ModelError(where + "body mass " + fmt(subject.body_mass) + " kg (model " +
                     fmt(out.model_mass) + " kg): both must be positive");
  out.subject_mass = subject.body_mass;
  out.mass_factor = subject.body_mass / out.model_mass;
  for (const SubjectSegment& seg : subject.segments) {
    Vec3 A, B;
    try {
      segment_vector(spec, seg.body, seg.from_joint, seg.to_joint, A, B);
    } catch (const ModelError& e) {
      throw ModelError(where + "segment '" + seg.body + "': " + e.what());
    }
    const double l0 = (A + B).norm();
    if (!(seg.length > 0) || !(B.norm() > 1e-6 * l0))
      throw ModelError(where + "segment '" + seg.body + "': length " + fmt(seg.length) +
                       " m (model " + fmt(l0) + " m): both must be positive, and the joints' "
                       "frames must sit on the body itself");
    if (out.length_factor.count(seg.body))
      throw ModelError(where + "segment '" + seg.body + "' is given twice");
    // |A + s B| = L: the positive root (A: the part of the segment on welded, unscaled bodies)
    const double a = B.squaredNorm(), b = 2 * A.dot(B), c = A.squaredNorm() - seg.length * seg.length;
    const double disc = b * b - 4 * a * c;
    if (!(disc >= 0))
      throw ModelError(where + "segment '" + seg.body + "': no scale reaches length " + fmt(seg.length) + " m");
    const double sf = (-b + std::sqrt(disc)) / (2 * a);
    if (!(sf > 0))
      throw ModelError(where + "segment '" + seg.body + "': length " + fmt(seg.length) + " m is too short");
    out.length_factor[seg.body] = sf;
    out.model_length[seg.body] = l0;
  }
  if (subject.has_hip_centre) {
    const JointSpec* hip = spec.find_joint(subject.hip_joint);
    if (!hip) throw ModelError(where + "no joint '" + subject.hip_joint + "' in the model");
    out.hip_shift = subject.hip_centre_in_pelvis - hip->parent.translation;
  }
  for (const auto& [body, s] : out.length_factor) {
    for (BodySpec& b : spec.bodies)
      if (b.name == body) b.mass_center *= s;
    for (JointSpec& j : spec.joints)
      for (OffsetFrameSpec* f : {&j.parent, &j.child})
        if (f->body == body) f->translation *= s;
    for (WrapSpec& w : spec.wraps)
      if (w.body == body) w.translation *= s;
    for (MuscleSpec& m : spec.muscles) scale_path(m.path, body, s);
    for (LigamentSpec& l : spec.ligaments) scale_path(l.path, body, s);
    for (MarkerSpec& mk : spec.markers)
      if (mk.body == body) mk.location *= s;
  }
  for (BodySpec& b : spec.bodies) {
    const auto it = out.length_factor.find(b.name);
    const double s = it == out.length_factor.end() ? 1.0 : it->second;
    b.mass *= out.mass_factor;
    for (double& I : b.inertia) I *= out.mass_factor * s * s;
  }
  return out;
}

}  // namespace patella
