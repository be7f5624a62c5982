#include "patella/mechanics/quadriceps_loads.hpp"

#include <algorithm>

namespace patella {

std::vector<double> quadriceps_split(const Model& model, double total) {
  std::vector<double> out(model.muscles.size(), 0.0);
  for (std::size_t q = 0; q < model.names.quadriceps.size(); ++q) {
    const std::string& name = model.names.quadriceps[q];
    double f0 = 0.0;
    for (const PatellaMuscle& m : model.muscles)
      if (m.muscle == name) f0 += m.max_isometric_force;
    for (std::size_t i = 0; i < model.muscles.size(); ++i)
      if (model.muscles[i].muscle == name && f0 > 0.0)
        out[i] = total * kQuadricepsPcsaSplit[q] * model.muscles[i].max_isometric_force / f0;
  }
  return out;
}

std::vector<int> patella_muscle_group(const Model& model, const std::string& name) {
  std::vector<int> out;
  for (std::size_t i = 0; i < model.muscles.size(); ++i)
    if (model.muscles[i].name == name) return {static_cast<int>(i)};
  for (std::size_t i = 0; i < model.muscles.size(); ++i)
    if (model.muscles[i].muscle == name) out.push_back(static_cast<int>(i));
  return out;
}

bool set_muscle_force(const Model& model, std::vector<double>& q, const std::string& name,
                      double force) {
  const std::vector<int> group = patella_muscle_group(model, name);
  if (group.empty()) return false;
  q.resize(model.muscles.size(), 0.0);
  double f0 = 0.0;
  for (int i : group) f0 += model.muscles[i].max_isometric_force;
  for (int i : group) q[i] = f0 > 0.0 ? force * model.muscles[i].max_isometric_force / f0 : 0.0;
  return true;
}

std::vector<std::string> patella_muscle_names(const Model& model) {
  std::vector<std::string> out;
  for (const PatellaMuscle& m : model.muscles) {
    out.push_back(m.name);
    if (m.muscle != m.name && std::find(out.begin(), out.end(), m.muscle) == out.end())
      out.push_back(m.muscle);
  }
  return out;
}

}  // namespace patella
