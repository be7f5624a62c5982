#include "patella/io/scenario.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <set>

#include "patella/core/error.hpp"
#include "yaml_keys.hpp"

namespace fs = std::filesystem;

namespace patella {

using yaml_keys::check_keys;
using yaml_keys::get;
using yaml_keys::where;

namespace {
double number_in(const std::string& file, const YAML::Node& map, const std::string& key,
                 double fallback, double lo, double hi, const std::string& unit) {
  const double v = get<double>(file, map, key, fallback);
  if (!std::isfinite(v) || v < lo || v > hi)
    throw ModelError(where(file, map[key]) + ": key '" + key + "' value " + fmt(v) + " " + unit +
                     " is outside [" + fmt(lo) + ", " + fmt(hi) + "]");
  return v;
}

std::string resolve(const std::string& file, const std::string& rel) {
  const fs::path p(rel);
  return p.is_absolute() ? rel : (fs::path(file).parent_path() / p).lexically_normal().string();
}

std::string existing(const std::string& file, const YAML::Node& map, const std::string& key) {
  const std::string v = get<std::string>(file, map, key, "");
  const std::string path = resolve(file, v);
  if (!fs::exists(path))
    throw IoError(where(file, map[key]) + ": key '" + key + "': '" + v + "' does not exist");
  return path;
}

}  // namespace

Scenario read_scenario(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw IoError(path + ": cannot open the scenario");
  } catch (const YAML::Exception& e) {
    throw ModelError(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  Scenario s;
  s.file = path;
  check_keys(path, root, "the scenario", {"name", "description", "model", "gait", "cycles",
                                          "output"});
  s.name = get<std::string>(path, root, "name", "");
  if (s.name.empty()) throw ModelError(path + ": key 'name' is required");
  for (char c : s.name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))
      throw ModelError(where(path, root["name"]) + ": key 'name' value '" + s.name +
                       "' may hold only letters, digits, '_', '-' and '.' (it names files)");
  s.description = get<std::string>(path, root, "description", "");
  if (!root["model"]) throw ModelError(path + ": key 'model' is required");
  s.model_dir = existing(path, root, "model");
  const YAML::Node g = root["gait"];
  if (!g) throw ModelError(path + ": key 'gait' is required");
  check_keys(path, g, "gait", {"cycle_csv", "coordinates", "grf", "external_force", "filter_hz",
                               "start_s", "end_s"});
  if (g["cycle_csv"]) {
    for (const char* k : {"coordinates", "grf", "external_force", "filter_hz", "start_s", "end_s"})
      if (g[k])
        throw ModelError(where(path, g[k]) + ": key '" + k + "' belongs to a trial, not to "
                         "'cycle_csv'");
    s.cycle_csv = existing(path, g, "cycle_csv");
  } else {
    if (!g["coordinates"] || !g["grf"])
      throw ModelError(where(path, g) + ": 'gait' needs 'cycle_csv', or 'coordinates' and 'grf'");
    s.trial.coordinates_file = existing(path, g, "coordinates");
    s.trial.grf_file = existing(path, g, "grf");
    if (const YAML::Node e = g["external_force"]) {
      check_keys(path, e, "external_force", {"force_identifier", "point_identifier",
                                             "torque_identifier", "applied_to_body"});
      auto& m = s.trial.mapping;
      m.force_identifier = get<std::string>(path, e, "force_identifier", m.force_identifier);
      m.point_identifier = get<std::string>(path, e, "point_identifier", m.point_identifier);
      m.torque_identifier = get<std::string>(path, e, "torque_identifier", m.torque_identifier);
      m.applied_to_body = get<std::string>(path, e, "applied_to_body", m.applied_to_body);
    }
    s.trial.filter_hz = number_in(path, g, "filter_hz", 6.0, 0.0, 100.0, "Hz");
    s.trial.cycle_start = number_in(path, g, "start_s", -1.0, -1.0, 1e6, "s");
    s.trial.cycle_end = number_in(path, g, "end_s", -1.0, -1.0, 1e6, "s");
  }
  s.cycles = static_cast<int>(number_in(path, root, "cycles", 1, 1, 20, ""));
  if (root["cycles"] && get<double>(path, root, "cycles", 1) != s.cycles)
    throw ModelError(where(path, root["cycles"]) + ": key 'cycles' must be a whole number");
  if (const YAML::Node o = root["output"]) {
    check_keys(path, o, "output", {"frames_per_cycle", "csv", "hdf5", "sto"});
    s.frames_per_cycle = static_cast<int>(number_in(path, o, "frames_per_cycle", 101, 11, 2001, ""));
    s.write_csv = get<bool>(path, o, "csv", true);
    s.write_hdf5 = get<bool>(path, o, "hdf5", true);
    s.write_sto = get<bool>(path, o, "sto", true);
  }
  return s;
}

}  // namespace patella

#include "patella/io/load_model.hpp"

namespace patella {

std::unique_ptr<GaitSetup> load_gait_setup(const Scenario& sc) {
  auto g = std::make_unique<GaitSetup>();
  g->model = compile(load_model_spec(sc.model_dir));
  g->leg = make_leg(*g->model);
  g->muscles = make_muscle_set(*g->model, g->model->spec.itb_link.muscles);
  g->foot = read_foot_line(g->model->spec);
  LegQ defaults{};
  for (int d = 0; d < kNumLegDofs; ++d)
    for (const JointSpec& j : g->model->spec.joints)
      for (const CoordinateSpec& c : j.coordinates)
        if (c.name == leg_dof_names()[d]) defaults[d] = c.default_value;
  g->input = sc.cycle_csv.empty() ? read_opensim_gait(sc.trial)
                                  : read_cycle_csv(sc.cycle_csv, g->leg.body_mass, defaults);
  g->options.cycles = sc.cycles;
  g->options.frames_per_cycle = sc.frames_per_cycle;
  return g;
}

}  // namespace patella
