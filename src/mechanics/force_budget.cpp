#include "patella/mechanics/force_budget.hpp"

#include <cctype>

namespace patella {

namespace {

// "PT3" -> "PT", "mPFL12" -> "mPFL"; a name of digits only stays as it is
std::string ligament_group(const std::string& name) {
  std::size_t n = name.size();
  while (n > 0 && std::isdigit(static_cast<unsigned char>(name[n - 1]))) --n;
  return n == 0 ? name : name.substr(0, n);
}

std::vector<std::string> ligament_groups(const Model& model) {
  std::vector<std::string> groups;
  for (const PatellaLigament& l : model.ligaments) {
    const std::string g = ligament_group(l.name);
    bool seen = false;
    for (const std::string& h : groups) seen = seen || h == g;
    if (!seen) groups.push_back(g);
  }
  return groups;
}

}  // namespace

std::vector<std::string> force_budget_terms(const Model& model) {
  std::vector<std::string> names;
  for (const PatellaMuscle& m : model.muscles) names.push_back(m.name);
  for (const std::string& g : ligament_groups(model)) names.push_back(g);
  if (model.itb.enabled) names.push_back("itb_iliopatellar");
  names.push_back("contact_lateral_facet");
  names.push_back("contact_medial_facet");
  names.push_back("external");
  return names;
}

PatellaForceBudget force_budget(const Model& model, const KneeFrames& frames, const KneeLoads& loads,
                                const PatellaState& state, EquilibriumWorkspace& ws,
                                bool contact_current) {
  Residual r;
  compute_residual(model, frames, loads, state, ws, r, nullptr, contact_current);
  const ElementForces& e = ws.forces;
  PatellaForceBudget b;
  for (const std::string& n : force_budget_terms(model)) b.terms.push_back({n});
  std::size_t t = 0;
  for (std::size_t i = 0; i < model.muscles.size(); ++i, ++t) {
    b.terms[t].force = e.muscle_force[i];
    b.terms[t].moment = e.muscle_moment[i];
  }
  const std::vector<std::string> groups = ligament_groups(model);
  for (std::size_t i = 0; i < model.ligaments.size(); ++i) {
    const std::string g = ligament_group(model.ligaments[i].name);
    std::size_t k = 0;
    while (groups[k] != g) ++k;
    b.terms[t + k].force += e.ligament_force[i];
    b.terms[t + k].moment += e.ligament_moment[i];
  }
  t += groups.size();
  if (model.itb.enabled) {
    b.terms[t].force = e.itb_force;
    b.terms[t].moment = e.itb_moment;
    ++t;
  }
  b.terms[t].force = e.contact.lateral_force;
  b.terms[t].moment = e.contact.lateral_moment;
  b.terms[t + 1].force = e.contact.force - e.contact.lateral_force;
  b.terms[t + 1].moment = e.contact.moment - e.contact.lateral_moment;
  // the push acts along +Z_F at the origin; the external force at the origin with its moment
  b.terms[t + 2].force = loads.external_force + Vec3(0.0, 0.0, loads.push_lateral);
  b.terms[t + 2].moment = loads.external_moment;
  for (const ForceTerm& term : b.terms) {
    b.net_force += term.force;
    b.net_moment += term.moment;
  }
  return b;
}

}  // namespace patella
