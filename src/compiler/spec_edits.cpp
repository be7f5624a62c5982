#include "patella/compiler/spec_edits.hpp"

#include <cmath>
#include <map>
#include <set>

#include "patella/core/error.hpp"

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

void use_measured_ligament_stiffness(ModelSpec& spec) {
  const std::string& use = spec.ligament_stiffness.use;
  for (const LigamentGroupSpec& g : spec.ligament_stiffness.groups) {
    if (use == "osim" || (use == "overlay" && !g.use_measured)) continue;
    double total = 0.0;
    for (const LigamentSpec& l : spec.ligaments)
      if (l.name.rfind(g.prefix, 0) == 0) total += l.linear_stiffness / l.slack_length;
    if (!(total > 0.0))
      throw ModelError(g.where + ": ligament group '" + g.prefix + "': no ligament of " +
                       spec.source_file + " starts with it");
    scale_ligament_stiffness(spec, g.prefix, g.measured_total / total);
  }
}

void split_quadriceps_heads(ModelSpec& spec) {
  std::map<std::string, double> total;
  std::map<std::string, std::string> first;  // muscle -> where its first head is
  std::set<std::string> names;
  for (const QuadricepsHeadSpec& h : spec.quadriceps_heads.heads) {
    if (!names.insert(h.name).second)
      throw ModelError(h.where + ": quadriceps head '" + h.name + "' is named twice");
    total[h.muscle] += h.share;
    first.emplace(h.muscle, h.where);
  }
  for (const auto& [muscle, sum] : total)
    if (std::abs(sum - 1.0) > 1e-6)
      throw ModelError(first.at(muscle) + ": the heads of '" + muscle + "' have shares summing to " +
                       fmt(sum) + ", not 1");
  std::vector<MuscleSpec> out;
  for (const MuscleSpec& m : spec.muscles) {
    if (!total.count(m.name)) {
      out.push_back(m);
      continue;
    }
    for (const QuadricepsHeadSpec& h : spec.quadriceps_heads.heads) {
      if (h.muscle != m.name) continue;
      MuscleSpec head = m;
      head.name = h.name;
      head.head_of = m.name;
      head.max_isometric_force = m.max_isometric_force * h.share;
      head.has_frontal_angle = h.has_frontal_angle;
      head.frontal_angle = h.frontal_angle;
      head.insertion = h.insertion;
      head.wraps_at_patella = h.wraps_at_patella;
      out.push_back(std::move(head));
    }
  }
  spec.muscles = std::move(out);
}

}  // namespace patella
