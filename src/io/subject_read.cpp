#include "patella/io/subject_read.hpp"

#include <cmath>

#include "patella/core/files.hpp"
#include "yaml_keys.hpp"

namespace patella {

SubjectScale read_subject(const std::string& path) {
  using namespace yaml_keys;
  require_input_file(path, "the subject file");
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw ModelError(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  check_no_duplicate_keys(path, root);
  check_keys(path, root, "the subject file",
             {"name", "body_mass_kg", "segments", "hip_joint", "hip_centre_in_pelvis_m"});
  SubjectScale s;
  s.source = path;
  auto number = [&](const YAML::Node& n, const std::string& key, double lo, double hi) {
    const std::string text = scalar(path, n, "'" + key + "'");
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(v) || v < lo || v > hi)
      throw ModelError(where(path, n) + ": key '" + key + "' has value '" + text +
                       "'; expected a number in [" + fmt(lo) + ", " + fmt(hi) + "]");
    return v;
  };
  if (root["name"]) s.name = scalar(path, root["name"], "'name'");
  if (!root["body_mass_kg"]) throw ModelError(path + ": no key 'body_mass_kg'");
  s.body_mass = number(root["body_mass_kg"], "body_mass_kg", 1.0, 500.0);
  if (const YAML::Node segs = root["segments"]) {
    if (!segs.IsSequence())
      throw ModelError(where(path, segs) + ": 'segments' must be a list of {body, from, to, length_m}");
    for (const YAML::Node& n : segs) {
      check_keys(path, n, "a segment", {"body", "from", "to", "length_m"});
      for (const char* k : {"body", "from", "to", "length_m"})
        if (!n[k]) throw ModelError(where(path, n) + ": a segment needs '" + k + "'");
      SubjectSegment seg;
      seg.body = scalar(path, n["body"], "'body'");
      seg.from_joint = scalar(path, n["from"], "'from'");
      seg.to_joint = scalar(path, n["to"], "'to'");
      seg.length = number(n["length_m"], "length_m", 1e-3, 2.0);
      s.segments.push_back(seg);
    }
  }
  if (root["hip_joint"]) s.hip_joint = scalar(path, root["hip_joint"], "'hip_joint'");
  if (const YAML::Node h = root["hip_centre_in_pelvis_m"]) {
    if (!h.IsSequence() || h.size() != 3)
      throw ModelError(where(path, h) + ": 'hip_centre_in_pelvis_m' must be a list of three numbers [m]");
    for (int k = 0; k < 3; ++k) s.hip_centre_in_pelvis[k] = number(h[k], "hip_centre_in_pelvis_m", -1.0, 1.0);
    s.has_hip_centre = true;
  }
  return s;
}

}  // namespace patella
