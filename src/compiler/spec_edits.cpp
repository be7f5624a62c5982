#include "patella/compiler/spec_edits.hpp"

#include <cmath>
#include <map>
#include <set>
#include <vector>

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

int change_ligament_slack(ModelSpec& spec, const std::string& prefix, double change) {
  int n = 0;
  for (LigamentSpec& l : spec.ligaments)
    if (l.name.rfind(prefix, 0) == 0) {
      l.slack_length *= 1.0 + change;
      ++n;
    }
  return n;
}

void set_head_share(ModelSpec& spec, const std::string& head, double share) {
  std::string muscle;
  std::vector<std::string> heads;
  for (const MuscleSpec& m : spec.muscles)
    if (m.name == head) muscle = m.head_of;
  for (const MuscleSpec& m : spec.muscles)
    if (!m.head_of.empty()) heads.push_back(m.name);
  if (muscle.empty()) {
    std::string list;
    for (const std::string& h : heads) list += (list.empty() ? "" : ", ") + h;
    throw ModelError("'" + head + "' is not a quadriceps head of the model (its heads: " +
                     (list.empty() ? "none; knee.osim_quadriceps keeps the vasti whole" : list) + ")");
  }
  std::vector<MuscleSpec*> of;
  for (MuscleSpec& m : spec.muscles)
    if (m.head_of == muscle) of.push_back(&m);
  if (of.size() != 2)
    throw ModelError("'" + muscle + "' has " + std::to_string(of.size()) +
                     " heads: a share of one leaves the others' split open");
  const double total = of[0]->max_isometric_force + of[1]->max_isometric_force;
  for (MuscleSpec* m : of) m->max_isometric_force = (m->name == head ? share : 1.0 - share) * total;
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
