#include "patella/compiler/spec_edits.hpp"

namespace patella {

int scale_ligament_stiffness(ModelSpec& spec, const std::string& prefix, double scale) {
  int n = 0;
  for (LigamentSpec& l : spec.ligaments)
    if (l.name.rfind(prefix, 0) == 0) {
      l.linear_stiffness *= scale;
      ++n;
    }
  return n;
}

int move_tibial_tuberosity(ModelSpec& spec, double offset, const KneeNames& names) {
  int n = 0;
  for (LigamentSpec& l : spec.ligaments) {
    bool on_patella = false;
    for (const PathPointSpec& p : l.path.points) on_patella = on_patella || p.body == names.patella;
    if (!on_patella) continue;
    for (PathPointSpec& p : l.path.points)
      if (p.body.rfind("tibia", 0) == 0) {
        p.location.z() += offset;
        ++n;
      }
  }
  return n;
}

}  // namespace patella
