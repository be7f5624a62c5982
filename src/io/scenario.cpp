// Long file: parse, merge and emit of every scenario key; being split by the scenario key table (issue 10).
#include "patella/io/scenario.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "patella/core/error.hpp"
#include "patella/core/sha256.hpp"
#include "patella/io/load_model.hpp"
#include "patella/compiler/spec_edits.hpp"
#include "patella/muscle/release_tools.hpp"
#include "patella/compiler/compile.hpp"
#include "patella/compiler/compile_leg.hpp"
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

namespace {

// One file's keys, before `extends` is resolved: what it sets, and where.
struct Layer {
  Scenario s;
  std::set<std::string> set;   // keys this file sets ("name", "gait.cycle_csv", ...)
  std::map<std::string, std::set<std::string>> muscle_set;  // muscle -> edit fields it sets
  std::string extends;         // resolved path, or empty
};

// "80 %", "80%", "2" -> value in the key's unit; '%' keys must say '%'
double quantity(const std::string& file, const YAML::Node& map, const std::string& key,
                const std::string& unit, double lo, double hi) {
  const YAML::Node n = map[key];
  if (!n.IsScalar())
    throw ModelError(where(file, n) + ": key '" + key + "' must be a value with its unit (" + unit + ")");
  const std::string text = n.Scalar();
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  std::string rest(end);
  rest.erase(0, rest.find_first_not_of(' '));
  if (end == text.c_str() || !std::isfinite(v))
    throw ModelError(where(file, n) + ": key '" + key + "' value '" + text + "' is not a number");
  if (unit != "%" && unit != "1" && rest != unit) {
    throw ModelError(where(file, n) + ": key '" + key + "' value '" + text +
                     "' needs its unit, e.g. '" + fmt(v) + " " + unit + "'");
  } else if (unit == "%") {
    if (rest != "%")
      throw ModelError(where(file, n) + ": key '" + key + "' value '" + text +
                       "' needs its unit, e.g. '" + fmt(v) + " %'");
    v /= 100.0;
  } else if (unit == "1" && !rest.empty()) {
    throw ModelError(where(file, n) + ": key '" + key + "' value '" + text + "' takes no unit (" +
                     unit + ")");
  }
  const double shown_lo = unit == "%" ? 100 * lo : lo, shown_hi = unit == "%" ? 100 * hi : hi;
  if (v < lo || v > hi)
    throw ModelError(where(file, n) + ": key '" + key + "' value '" + text + "' is outside [" +
                     fmt(shown_lo) + ", " + fmt(shown_hi) + "] " + unit);
  return v;
}

Layer parse_layer(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw IoError(path + ": cannot open the scenario");
  } catch (const YAML::Exception& e) {
    throw ModelError(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  Layer L;
  Scenario& s = L.s;
  check_keys(path, root, "the scenario", {"name", "description", "model", "gait", "cycles",
                                          "output", "extends", "muscles", "knee", "kinematics",
                                          "interventions", "protocol"});
  auto mark = [&](const std::string& k) { L.set.insert(k); };
  if (root["extends"]) {
    const std::string v = get<std::string>(path, root, "extends", "");
    L.extends = existing(path, root, "extends");
    (void)v;
  }
  if (root["name"]) {
    s.name = get<std::string>(path, root, "name", "");
    for (char c : s.name)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))
        throw ModelError(where(path, root["name"]) + ": key 'name' value '" + s.name +
                         "' may hold only letters, digits, '_', '-' and '.' (it names files)");
    mark("name");
  }
  if (root["description"]) {
    s.description = get<std::string>(path, root, "description", "");
    mark("description");
  }
  if (root["model"]) {
    s.model_dir = existing(path, root, "model");
    mark("model");
  }
  if (const YAML::Node g = root["gait"]) {
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
    mark("gait");  // the gait source is one choice: a file that sets it replaces it whole
  }
  if (root["cycles"]) {
    s.cycles = static_cast<int>(number_in(path, root, "cycles", 1, 1, 20, ""));
    if (get<double>(path, root, "cycles", 1) != s.cycles)
      throw ModelError(where(path, root["cycles"]) + ": key 'cycles' must be a whole number");
    mark("cycles");
  }
  if (const YAML::Node o = root["output"]) {
    check_keys(path, o, "output", {"frames_per_cycle", "csv", "hdf5", "sto", "pressure_at"});
    if (const YAML::Node pa = o["pressure_at"]) {
      if (!pa.IsSequence())
        throw ModelError(where(path, pa) + ": 'pressure_at' must be a list of gait percents, e.g. [15 %, 50 %]");
      s.pressure_at.clear();
      YAML::Node wrapper;
      for (const YAML::Node& item : pa) {
        wrapper["pressure_at"] = item;
        s.pressure_at.push_back(100.0 * quantity(path, wrapper, "pressure_at", "%", 0.0, 1.0));
      }
      mark("output.pressure_at");
    }
    if (o["frames_per_cycle"]) {
      s.frames_per_cycle = static_cast<int>(number_in(path, o, "frames_per_cycle", 101, 11, 2001, ""));
      mark("output.frames_per_cycle");
    }
    if (o["csv"]) { s.write_csv = get<bool>(path, o, "csv", true); mark("output.csv"); }
    if (o["hdf5"]) { s.write_hdf5 = get<bool>(path, o, "hdf5", true); mark("output.hdf5"); }
    if (o["sto"]) { s.write_sto = get<bool>(path, o, "sto", true); mark("output.sto"); }
  }
  if (const YAML::Node ms = root["muscles"]) {
    if (!ms.IsMap()) throw ModelError(where(path, ms) + ": 'muscles' must be a mapping of muscle names");
    for (const auto& kv : ms) {
      const std::string muscle = kv.first.as<std::string>();
      const YAML::Node e = kv.second;
      check_keys(path, e, "muscle '" + muscle + "'",
                 {"strength_scale", "taut_band", "release", "min_activation", "passive_tightness"});
      if (e["min_activation"]) {
        s.min_activation[muscle] = quantity(path, e, "min_activation", "%", 0.0, 1.0);
        L.set.insert("muscles." + muscle + ".min_activation");
      }
      MuscleEdit& edit = s.muscle_edits[muscle];
      std::set<std::string>& fields = L.muscle_set[muscle];
      s.muscle_edit_where[muscle] = where(path, kv.first);
      if (e["strength_scale"]) {
        edit.strength_scale = quantity(path, e, "strength_scale", "%", 0.0, 2.0);
        fields.insert("strength_scale");
      }
      if (e["release"]) {
        edit.release = quantity(path, e, "release", "%", 0.0, 1.0);
        fields.insert("release");
      }
      if (const YAML::Node t = e["passive_tightness"]) {
        check_keys(path, t, "passive_tightness", {"curve_shift", "tendon_slack_change"});
        if (t["curve_shift"]) {
          edit.passive_curve_shift = quantity(path, t, "curve_shift", "%", 0.0, 0.5);
          fields.insert("curve_shift");
        }
        if (t["tendon_slack_change"]) {
          edit.tendon_slack_change = quantity(path, t, "tendon_slack_change", "%", -0.2, 0.2);
          fields.insert("tendon_slack_change");
        }
      }
      if (const YAML::Node t = e["taut_band"]) {
        check_keys(path, t, "taut_band", {"fraction", "contracture", "stiffness_ratio"});
        if (t["fraction"]) {
          edit.taut_band.fraction = quantity(path, t, "fraction", "%", 0.0, 1.0);
          fields.insert("fraction");
        }
        if (t["contracture"]) {
          edit.taut_band.contracture = quantity(path, t, "contracture", "%", 0.0, 0.5);
          fields.insert("contracture");
        }
        if (t["stiffness_ratio"]) {
          edit.taut_band.stiffness_ratio = quantity(path, t, "stiffness_ratio", "1", 0.0, 20.0);
          fields.insert("stiffness_ratio");
        }
      }
    }
  }
  if (const YAML::Node k = root["knee"]) {
    check_keys(path, k, "knee", {"quadriceps_angle", "itb_pretension", "ligament_stiffness",
                                 "tibial_tuberosity_offset"});
    if (k["tibial_tuberosity_offset"]) {
      s.tuberosity_offset =
          1e-3 * quantity(path, k, "tibial_tuberosity_offset", "mm", -20.0, 20.0);
      s.tuberosity_where = where(path, k["tibial_tuberosity_offset"]);
      mark("knee.tibial_tuberosity_offset");
    }
    if (k["quadriceps_angle"]) {
      s.quadriceps_angle = deg_to_rad(quantity(path, k, "quadriceps_angle", "deg", -20.0, 20.0));
      mark("knee.quadriceps_angle");
    }
    if (k["itb_pretension"]) {
      s.itb_pretension = quantity(path, k, "itb_pretension", "N", 0.0, 1000.0);
      mark("knee.itb_pretension");
    }
    if (const YAML::Node l = k["ligament_stiffness"]) {
      if (!l.IsMap())
        throw ModelError(where(path, l) + ": 'ligament_stiffness' must map ligament names to scales");
      for (const auto& kv : l)
        s.ligament_stiffness[kv.first.as<std::string>()] =
            quantity(path, l, kv.first.as<std::string>(), "%", 0.0, 5.0);
      s.ligament_where = where(path, l);
      mark("knee.ligament_stiffness");
    }
  }
  if (const YAML::Node iv = root["interventions"]) {
    if (!iv.IsSequence())
      throw ModelError(where(path, iv) + ": 'interventions' must be a list of {tool, muscle, ...}");
    for (const YAML::Node& n : iv) {
      check_keys(path, n, "an intervention", {"tool", "muscle", "duration", "sessions",
                                              "time_since_treatment", "pressure", "hypothetical",
                                              "release"});
      Scenario::Intervention x;
      x.where = where(path, n);
      x.tool = get<std::string>(path, n, "tool", "");
      const auto& tools = release_tools();
      if (std::find(tools.begin(), tools.end(), x.tool) == tools.end()) {
        std::string list;
        for (const auto& t : tools) list += (list.empty() ? "" : ", ") + t;
        throw ModelError(where(path, n["tool"] ? n["tool"] : n) + ": key 'tool' value '" + x.tool +
                         "' is not a known tool" + yaml_keys::did_you_mean(x.tool, tools) +
                         " (known: " + list + ")");
      }
      x.muscle = get<std::string>(path, n, "muscle", "");
      if (x.muscle.empty()) throw ModelError(x.where + ": an intervention needs 'muscle'");
      if (n["duration"]) {
        const std::string d = n["duration"].Scalar();
        const bool minutes = d.find("min") != std::string::npos;
        x.duration = quantity(path, n, "duration", minutes ? "min" : "s", 0.0, minutes ? 120.0 : 7200.0) *
                     (minutes ? 60.0 : 1.0);
      }
      if (n["sessions"]) {
        x.sessions = static_cast<int>(number_in(path, n, "sessions", 1, 1, 1000, ""));
        x.schedule_where = where(path, n["sessions"]);
      }
      if (n["time_since_treatment"]) {
        x.minutes_since = quantity(path, n, "time_since_treatment", "min", 0.0, 1e6);
        x.schedule_where = where(path, n["time_since_treatment"]);
      }
      if (n["pressure"]) x.pressure = 1e3 * quantity(path, n, "pressure", "kPa", 0.0, 1000.0);
      x.hypothetical = get<bool>(path, n, "hypothetical", false);
      if (n["release"]) {
        x.requested_release = quantity(path, n, "release", "%", 0.0, 1.0);
        x.release_where = where(path, n["release"]);
        x.release_text = n["release"].Scalar();
      }
      s.interventions.push_back(x);
    }
    mark("interventions");
  }
  if (const YAML::Node p = root["protocol"]) {
    check_keys(path, p, "protocol", {"days", "sessions_per_day", "run_after_last_session"});
    for (const char* key : {"days", "sessions_per_day"})
      if (!p[key]) throw ModelError(where(path, p) + ": 'protocol' needs '" + key + "'");
    auto whole = [&](const char* key, double hi) {
      const double v = number_in(path, p, key, 1, 1, hi, "");
      if (v != std::round(v))
        throw ModelError(where(path, p[key]) + ": key '" + key + "' must be a whole number");
      return static_cast<int>(v);
    };
    s.protocol.days = whole("days", 365);
    s.protocol.per_day = whole("sessions_per_day", 24);
    if (p["run_after_last_session"]) {  // [h] or [min]
      const bool minutes = p["run_after_last_session"].Scalar().find("min") != std::string::npos;
      s.run_after_last_session =
          minutes ? quantity(path, p, "run_after_last_session", "min", 0.0, 60.0 * 24 * 365)
                  : 60.0 * quantity(path, p, "run_after_last_session", "h", 0.0, 24.0 * 365);
    }
    s.protocol_where = where(path, p);
    mark("protocol");
  }
  if (const YAML::Node k = root["kinematics"]) {
    check_keys(path, k, "kinematics", {"hip_adduction_offset", "hip_internal_rotation_offset",
                                       "femoral_internal_rotation_planted_foot",
                                       "anterior_pelvic_tilt", "ankle_dorsiflexion_limit",
                                       "step_rate_change"});
    if (k["step_rate_change"]) {
      s.step_rate_change = quantity(path, k, "step_rate_change", "%", -0.1, 0.1);
      s.step_rate_where = where(path, k["step_rate_change"]);
      mark("kinematics.step_rate_change");
    }
    KinematicEdits& e = s.kinematics;
    auto angle = [&](const char* key, double lo, double hi, double& out) {
      if (!k[key]) return;
      out = deg_to_rad(quantity(path, k, key, "deg", lo, hi));
      mark(std::string("kinematics.") + key);
    };
    angle("hip_adduction_offset", -20, 20, e.hip_adduction_offset);
    angle("hip_internal_rotation_offset", -30, 30, e.hip_rotation_offset);
    angle("femoral_internal_rotation_planted_foot", -30, 30, e.femoral_rotation_offset);
    double anterior = 0.0;
    angle("anterior_pelvic_tilt", -30, 30, anterior);
    e.pelvic_tilt_offset = -anterior;  // OpenSim pelvis_tilt: positive = posterior tilt
    angle("ankle_dorsiflexion_limit", -10, 40, e.ankle_dorsiflexion_limit);
  }
  return L;
}

Scenario resolve(const std::string& path, std::vector<std::string>& stack) {
  const std::string canonical = fs::weakly_canonical(path).string();
  for (const std::string& f : stack)
    if (f == canonical) throw ModelError(path + ": 'extends' forms a cycle through this file");
  stack.push_back(canonical);
  const Layer L = parse_layer(path);
  Scenario s;
  if (!L.extends.empty()) s = resolve(L.extends, stack);
  s.file = path;
  s.chain.insert(s.chain.begin(), path);
  const Scenario& c = L.s;
  if (L.set.count("name")) s.name = c.name;
  if (L.set.count("description")) s.description = c.description;
  if (L.set.count("model")) s.model_dir = c.model_dir;
  if (L.set.count("gait")) {
    s.cycle_csv = c.cycle_csv;
    s.trial = c.trial;
  }
  if (L.set.count("cycles")) s.cycles = c.cycles;
  if (L.set.count("output.frames_per_cycle")) s.frames_per_cycle = c.frames_per_cycle;
  if (L.set.count("output.csv")) s.write_csv = c.write_csv;
  if (L.set.count("output.hdf5")) s.write_hdf5 = c.write_hdf5;
  if (L.set.count("output.sto")) s.write_sto = c.write_sto;
  if (L.set.count("output.pressure_at")) s.pressure_at = c.pressure_at;
  if (L.set.count("knee.quadriceps_angle")) s.quadriceps_angle = c.quadriceps_angle;
  if (L.set.count("knee.itb_pretension")) s.itb_pretension = c.itb_pretension;
  if (L.set.count("knee.tibial_tuberosity_offset")) {
    s.tuberosity_offset = c.tuberosity_offset;
    s.tuberosity_where = c.tuberosity_where;
  }
  if (L.set.count("knee.ligament_stiffness")) {
    for (const auto& [k, v] : c.ligament_stiffness) s.ligament_stiffness[k] = v;
    s.ligament_where = c.ligament_where;
  }
  if (L.set.count("kinematics.hip_adduction_offset"))
    s.kinematics.hip_adduction_offset = c.kinematics.hip_adduction_offset;
  if (L.set.count("kinematics.hip_internal_rotation_offset"))
    s.kinematics.hip_rotation_offset = c.kinematics.hip_rotation_offset;
  if (L.set.count("kinematics.femoral_internal_rotation_planted_foot"))
    s.kinematics.femoral_rotation_offset = c.kinematics.femoral_rotation_offset;
  if (L.set.count("kinematics.step_rate_change")) {
    s.step_rate_change = c.step_rate_change;
    s.step_rate_where = c.step_rate_where;
  }
  if (L.set.count("kinematics.anterior_pelvic_tilt"))
    s.kinematics.pelvic_tilt_offset = c.kinematics.pelvic_tilt_offset;
  if (L.set.count("kinematics.ankle_dorsiflexion_limit"))
    s.kinematics.ankle_dorsiflexion_limit = c.kinematics.ankle_dorsiflexion_limit;
  for (const auto& [muscle, a] : c.min_activation) s.min_activation[muscle] = a;
  if (L.set.count("interventions"))
    s.interventions.insert(s.interventions.end(), c.interventions.begin(), c.interventions.end());
  if (L.set.count("protocol")) {
    s.protocol = c.protocol;
    s.run_after_last_session = c.run_after_last_session;
    s.protocol_where = c.protocol_where;
  }
  s.evidence = s.interventions.empty() ? "no intervention" : "release literature-bounded";
  for (const auto& x : s.interventions)
    if (x.hypothetical) s.evidence = "release hypothetical";
  for (const auto& [muscle, fields] : L.muscle_set) {
    MuscleEdit& e = s.muscle_edits[muscle];
    const MuscleEdit& n = c.muscle_edits.at(muscle);
    if (fields.count("strength_scale")) e.strength_scale = n.strength_scale;
    if (fields.count("release")) e.release = n.release;
    if (fields.count("curve_shift")) e.passive_curve_shift = n.passive_curve_shift;
    if (fields.count("tendon_slack_change")) e.tendon_slack_change = n.tendon_slack_change;
    if (fields.count("fraction")) e.taut_band.fraction = n.taut_band.fraction;
    if (fields.count("contracture")) e.taut_band.contracture = n.taut_band.contracture;
    if (fields.count("stiffness_ratio")) e.taut_band.stiffness_ratio = n.taut_band.stiffness_ratio;
    s.muscle_edit_where[muscle] = c.muscle_edit_where.at(muscle);
  }
  stack.pop_back();
  return s;
}


// The cycle made for a step-rate condition: only the conditions the cycle's generator calibrated
// to measured kinematics exist (models/running/SOURCES.md: Heiderscheit 2011, -10/-5/+5/+10 %).
std::string step_rate_variant(const Scenario& s) {
  const std::string value = fmt(100.0 * s.step_rate_change) + " %";
  if (s.cycle_csv.empty())
    throw ModelError(s.step_rate_where + ": key 'step_rate_change' value '" + value +
                     "' needs a cycle CSV (gait.cycle_csv); an OpenSim trial has its own step rate");
  // the variants are made from the default cycle (models/running/make_running_cycle.py)
  if (fs::path(s.cycle_csv).filename() != "default_running_cycle.csv")
    throw ModelError(s.step_rate_where + ": key 'step_rate_change' value '" + value +
                     "': step-rate variants exist only for default_running_cycle.csv, not for " +
                     s.cycle_csv);
  const double pct = std::round(100.0 * s.step_rate_change);
  const fs::path dir = fs::path(s.cycle_csv).parent_path();
  const std::string file =
      (dir / ("step_rate_" + std::string(pct > 0 ? "plus" : "minus") +
              std::to_string(static_cast<int>(std::abs(pct))) + ".csv")).string();
  if (std::abs(100.0 * s.step_rate_change - pct) > 1e-9 || !fs::exists(file)) {
    std::string have;
    for (const auto& entry : fs::directory_iterator(dir.empty() ? fs::path(".") : dir)) {
      const std::string n = entry.path().filename().string();
      if (n.rfind("step_rate_", 0) == 0 && entry.path().extension() == ".csv")
        have += (have.empty() ? "" : ", ") + n;
    }
    throw ModelError(s.step_rate_where + ": key 'step_rate_change' value '" + value +
                     "': no cycle made for that step rate next to " + s.cycle_csv +
                     " (have: " + (have.empty() ? "none" : have) + ")");
  }
  return file;
}

// An intervention's release at the time of the run: the tool's literature bound then (after a
// protocol, its last session's), or the scenario's own value where it is allowed.
void settle_release(const Scenario& s, Scenario::Intervention& x) {
  if (s.protocol.days > 0) {
    // a schedule written next to the protocol contradicts it; one inherited from a parent file
    // is replaced by the protocol
    auto file_of = [](const std::string& w) { return w.substr(0, w.find(':')); };
    if (!x.schedule_where.empty() && file_of(x.schedule_where) == file_of(s.protocol_where))
      throw ModelError(x.schedule_where + ": 'sessions' and 'time_since_treatment' are set by the "
                       "scenario's 'protocol' (" + s.protocol_where + "); remove them here");
    x.sessions = s.protocol.days * s.protocol.per_day;
    x.minutes_since = s.run_after_last_session;
  }
  const ReleaseEstimate bound = tool_release(x.tool, x.minutes_since);
  x.release = bound.release;
  x.basis = bound.basis;
  if (std::isnan(x.requested_release)) return;
  if (x.requested_release > bound.release + 1e-12 && !x.hypothetical)
    throw ModelError(x.release_where + ": key 'release' value '" + x.release_text +
                     "' exceeds the literature bound " + fmt(100 * bound.release) + " % for " +
                     x.tool + " " + fmt(x.minutes_since) + " min after treatment (" + bound.basis +
                     "); set 'hypothetical: true' to explore it");
  x.release = x.requested_release;
  if (x.hypothetical) x.basis = "hypothetical (set by the scenario)";
}

}  // namespace

Scenario read_scenario(const std::string& path) {
  std::vector<std::string> stack;
  Scenario s = resolve(path, stack);
  if (s.name.empty()) throw ModelError(path + ": key 'name' is required");
  if (s.model_dir.empty()) throw ModelError(path + ": key 'model' is required");
  if (s.cycle_csv.empty() && s.trial.coordinates_file.empty())
    throw ModelError(path + ": key 'gait' is required");
  if (s.step_rate_change != 0.0) s.cycle_csv = step_rate_variant(s);
  for (Scenario::Intervention& x : s.interventions) settle_release(s, x);
  return s;
}


std::unique_ptr<GaitSetup> load_gait_setup(const Scenario& sc) {
  auto g = std::make_unique<GaitSetup>();
  ModelSpec spec = load_model_spec(sc.model_dir);
  for (const auto& [prefix, scale] : sc.ligament_stiffness)
    if (scale_ligament_stiffness(spec, prefix, scale) == 0)
      throw ModelError(sc.ligament_where + ": no ligament of the model starts with '" + prefix + "'");
  if (sc.tuberosity_offset != 0.0 && move_tibial_tuberosity(spec, sc.tuberosity_offset) == 0)
    throw ModelError(sc.tuberosity_where + ": key 'tibial_tuberosity_offset': no ligament of " + sc.model_dir +
                     " joins the patella to the tibia");
  g->model = compile(std::move(spec));
  g->leg = make_leg(*g->model);
  // a muscle edit must name a muscle of the leg: say where, and the nearest name
  std::vector<std::string> names;
  for (const MuscleSpec& m : g->model->spec.muscles) names.push_back(m.name);
  for (const auto& [muscle, edit] : sc.muscle_edits)
    if (std::find(names.begin(), names.end(), muscle) == names.end())
      throw ModelError(sc.muscle_edit_where.at(muscle) + ": '" + muscle + "' is not a muscle of " +
                       sc.model_dir + yaml_keys::did_you_mean(muscle, names));
  std::map<std::string, MuscleEdit> edits = sc.muscle_edits;
  for (const Scenario::Intervention& x : sc.interventions) {
    if (std::find(names.begin(), names.end(), x.muscle) == names.end())
      throw ModelError(x.where + ": intervention muscle '" + x.muscle + "' is not a muscle of " +
                       sc.model_dir + yaml_keys::did_you_mean(x.muscle, names));
    // releases combine: what is left of the band after one is released again by the next
    MuscleEdit& e = edits[x.muscle];
    e.release = 1.0 - (1.0 - e.release) * (1.0 - x.release);
  }
  g->muscles = make_muscle_set(*g->model, g->model->spec.itb_link.muscles, edits);
  g->foot = read_foot_line(g->model->spec);
  LegQ defaults{};
  for (int d = 0; d < kNumLegDofs; ++d)
    for (const JointSpec& j : g->model->spec.joints)
      for (const CoordinateSpec& c : j.coordinates)
        if (c.name == leg_dof_names()[d]) defaults[d] = c.default_value;
  g->input = sc.cycle_csv.empty() ? read_opensim_gait(sc.trial)
                                  : read_cycle_csv(sc.cycle_csv, g->leg.body_mass, defaults);
  g->input.edits = sc.kinematics;
  for (const auto& [muscle, a] : sc.min_activation) {
    auto it = std::find_if(g->muscles.muscles.begin(), g->muscles.muscles.end(),
                           [&](const LegMuscle& m) { return m.name == muscle; });
    if (it == g->muscles.muscles.end())
      throw ModelError(sc.file + ": min_activation of '" + muscle + "': not a muscle of the leg" +
                       yaml_keys::did_you_mean(muscle, names));
    it->activation_floor = a;
  }
  g->options.pressure_at_percent = sc.pressure_at;
  g->options.quadriceps_line_rotation = sc.quadriceps_angle;
  g->options.itb_pretension = sc.itb_pretension;
  g->options.cycles = sc.cycles;
  g->options.frames_per_cycle = sc.frames_per_cycle;
  return g;
}


ColumnTable protocol_table(const Scenario& s, double step_min) {
  ColumnTable t;
  if (s.protocol.days == 0) return t;
  const std::vector<double> starts = session_times(s.protocol);
  std::vector<double> times;
  const double end = starts.back() + 1440.0;
  for (double x = 0.0; x <= end + 1e-9; x += step_min) times.push_back(x);
  std::vector<std::vector<double>> ends(s.interventions.size());
  for (std::size_t i = 0; i < s.interventions.size(); ++i)
    for (double st : starts) {
      ends[i].push_back(st + s.interventions[i].duration / 60.0);
      times.push_back(ends[i].back());
    }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end(),
                          [](double a, double b) { return std::abs(a - b) < 1e-9; }),
              times.end());
  auto add = [&](const std::string& name, const std::string& unit, const std::string& what,
                 std::vector<double> col) {
    t.names.push_back(name);
    t.units.push_back(unit);
    t.descriptions.push_back(what);
    t.frames.push_back("");
    t.columns.push_back(std::move(col));
  };
  std::vector<double> hours, day;
  for (double x : times) {
    hours.push_back(x / 60.0);
    day.push_back(std::floor(x / 1440.0) + 1.0);
  }
  add("time_h", "h", "time since the first session's start", hours);
  add("day", "1", "day of the protocol (1 = the first)", day);
  std::map<std::string, std::vector<double>> left;  // band fraction per muscle [-]
  for (std::size_t i = 0; i < s.interventions.size(); ++i) {
    const Scenario::Intervention& x = s.interventions[i];
    std::vector<double> r;
    for (double tm : times) {
      double v = release_over_protocol(x.tool, ends[i], tm);
      if (!std::isnan(x.requested_release)) {
        if (x.hypothetical) v = tm + 1e-9 >= ends[i].front() ? x.requested_release : 0.0;  // held
        else v = std::min(v, x.requested_release);  // a smaller release than the bound
      }
      r.push_back(v);
    }
    auto it = s.muscle_edits.find(x.muscle);
    const double f0 = it == s.muscle_edits.end() ? 0.0 : it->second.taut_band.fraction *
                                                             (1.0 - it->second.release);
    auto& l = left.try_emplace(x.muscle, std::vector<double>(times.size(), f0)).first->second;
    for (std::size_t k = 0; k < times.size(); ++k) l[k] *= 1.0 - r[k];
    for (double& v : r) v *= 100.0;
    std::string name = "release_" + x.tool + "_" + x.muscle + "_pct";
    for (int dup = 2; std::find(t.names.begin(), t.names.end(), name) != t.names.end(); ++dup)
      name = "release_" + x.tool + "_" + x.muscle + "_" + std::to_string(dup) + "_pct";
    add(name, "%",
        x.tool + " on " + x.muscle + ": release of the taut band (" + x.basis + ")", r);
  }
  for (auto& [muscle, l] : left) {
    for (double& v : l) v *= 100.0;
    add("band_fraction_" + muscle + "_pct", "%",
        muscle + ": share of the fibres in the taut band after the releases", l);
  }
  return t;
}

namespace {
// every digit a double has, so a value read back is the value written
std::string exact(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}
}  // namespace

std::string resolved_scenario_yaml(const Scenario& s) {
  YAML::Emitter e;
  e << YAML::BeginMap;
  e << YAML::Key << "name" << YAML::Value << s.name;
  e << YAML::Key << "description" << YAML::Value << s.description;
  e << YAML::Key << "model" << YAML::Value << s.model_dir;
  e << YAML::Key << "gait" << YAML::Value << YAML::BeginMap;
  if (!s.cycle_csv.empty()) {
    e << YAML::Key << "cycle_csv" << YAML::Value << s.cycle_csv;
  } else {
    e << YAML::Key << "coordinates" << YAML::Value << s.trial.coordinates_file;
    e << YAML::Key << "grf" << YAML::Value << s.trial.grf_file;
    e << YAML::Key << "external_force" << YAML::Value << YAML::BeginMap;
    e << YAML::Key << "force_identifier" << YAML::Value << s.trial.mapping.force_identifier;
    e << YAML::Key << "point_identifier" << YAML::Value << s.trial.mapping.point_identifier;
    e << YAML::Key << "torque_identifier" << YAML::Value << s.trial.mapping.torque_identifier;
    e << YAML::Key << "applied_to_body" << YAML::Value << s.trial.mapping.applied_to_body;
    e << YAML::EndMap;
    e << YAML::Key << "filter_hz" << YAML::Value << s.trial.filter_hz;
    e << YAML::Key << "start_s" << YAML::Value << s.trial.cycle_start;
    e << YAML::Key << "end_s" << YAML::Value << s.trial.cycle_end;
  }
  e << YAML::EndMap;
  e << YAML::Key << "cycles" << YAML::Value << s.cycles;
  e << YAML::Key << "output" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "frames_per_cycle" << YAML::Value << s.frames_per_cycle;
  e << YAML::Key << "csv" << YAML::Value << s.write_csv;
  e << YAML::Key << "hdf5" << YAML::Value << s.write_hdf5;
  e << YAML::Key << "sto" << YAML::Value << s.write_sto;
  e << YAML::EndMap;
  auto deg = [](double rad) { return fmt(rad_to_deg(rad)) + " deg"; };
  e << YAML::Key << "knee" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "quadriceps_angle" << YAML::Value << deg(s.quadriceps_angle);
  e << YAML::Key << "itb_pretension" << YAML::Value << fmt(s.itb_pretension) + " N";
  e << YAML::Key << "tibial_tuberosity_offset" << YAML::Value << fmt(1e3 * s.tuberosity_offset) + " mm";
  if (!s.ligament_stiffness.empty()) {
    e << YAML::Key << "ligament_stiffness" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& [k, v] : s.ligament_stiffness) e << YAML::Key << k << YAML::Value << fmt(100 * v) + " %";
    e << YAML::EndMap;
  }
  e << YAML::EndMap;
  e << YAML::Key << "kinematics" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "hip_adduction_offset" << YAML::Value << deg(s.kinematics.hip_adduction_offset);
  e << YAML::Key << "hip_internal_rotation_offset" << YAML::Value << deg(s.kinematics.hip_rotation_offset);
  if (s.step_rate_change != 0.0)
    e << YAML::Key << "step_rate_change" << YAML::Value << fmt(100 * s.step_rate_change) + " %";
  e << YAML::Key << "femoral_internal_rotation_planted_foot" << YAML::Value
    << deg(s.kinematics.femoral_rotation_offset);
  e << YAML::Key << "anterior_pelvic_tilt" << YAML::Value << deg(-s.kinematics.pelvic_tilt_offset);
  if (std::isfinite(s.kinematics.ankle_dorsiflexion_limit))
    e << YAML::Key << "ankle_dorsiflexion_limit" << YAML::Value << deg(s.kinematics.ankle_dorsiflexion_limit);
  e << YAML::EndMap;
  if (!s.interventions.empty()) {
    e << YAML::Key << "interventions" << YAML::Value << YAML::BeginSeq;
    for (const auto& x : s.interventions) {
      e << YAML::Flow << YAML::BeginMap;
      e << YAML::Key << "tool" << YAML::Value << x.tool;
      e << YAML::Key << "muscle" << YAML::Value << x.muscle;
      e << YAML::Key << "duration" << YAML::Value << fmt(x.duration) + " s";
      if (s.protocol.days == 0) {
        e << YAML::Key << "sessions" << YAML::Value << x.sessions;
        e << YAML::Key << "time_since_treatment" << YAML::Value << exact(x.minutes_since) + " min";
      }
      if (x.pressure > 0)
        e << YAML::Key << "pressure" << YAML::Value << fmt(1e-3 * x.pressure) + " kPa";
      e << YAML::Key << "hypothetical" << YAML::Value << x.hypothetical;
      // the literature-bounded release is recomputed on reading; only the file's own is written
      if (!std::isnan(x.requested_release))
        e << YAML::Key << "release" << YAML::Value << exact(100 * x.requested_release) + " %";
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  if (s.protocol.days > 0) {
    e << YAML::Key << "protocol" << YAML::Value << YAML::Flow << YAML::BeginMap;
    e << YAML::Key << "days" << YAML::Value << s.protocol.days;
    e << YAML::Key << "sessions_per_day" << YAML::Value << s.protocol.per_day;
    e << YAML::Key << "run_after_last_session" << YAML::Value
      << exact(s.run_after_last_session / 60.0) + " h";
    e << YAML::EndMap;
  }
  std::set<std::string> edited;
  for (const auto& [name, m] : s.muscle_edits) edited.insert(name);
  for (const auto& [name, a] : s.min_activation) edited.insert(name);
  if (!edited.empty()) {
    e << YAML::Key << "muscles" << YAML::Value << YAML::BeginMap;
    for (const std::string& name : edited) {
      const auto it = s.muscle_edits.find(name);
      const MuscleEdit m = it != s.muscle_edits.end() ? it->second : MuscleEdit{};
      auto pct = [](double v) { return fmt(100.0 * v) + " %"; };
      e << YAML::Key << name << YAML::Value << YAML::BeginMap;
      if (s.min_activation.count(name))
        e << YAML::Key << "min_activation" << YAML::Value << pct(s.min_activation.at(name));
      e << YAML::Key << "strength_scale" << YAML::Value << pct(m.strength_scale);
      e << YAML::Key << "taut_band" << YAML::Value << YAML::Flow << YAML::BeginMap;
      e << YAML::Key << "fraction" << YAML::Value << pct(m.taut_band.fraction);
      e << YAML::Key << "contracture" << YAML::Value << pct(m.taut_band.contracture);
      e << YAML::Key << "stiffness_ratio" << YAML::Value << fmt(m.taut_band.stiffness_ratio);
      e << YAML::EndMap;
      e << YAML::Key << "release" << YAML::Value << pct(m.release);
      e << YAML::Key << "passive_tightness" << YAML::Value << YAML::Flow << YAML::BeginMap;
      e << YAML::Key << "curve_shift" << YAML::Value << pct(m.passive_curve_shift);
      e << YAML::Key << "tendon_slack_change" << YAML::Value << pct(m.tendon_slack_change);
      e << YAML::EndMap;
      e << YAML::EndMap;
    }
    e << YAML::EndMap;
  }
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

std::vector<std::pair<std::string, std::string>> provenance(const Scenario& s,
                                                            const std::string& command,
                                                            const std::string& git_commit) {
  std::vector<std::pair<std::string, std::string>> p;
  p.emplace_back("software", "patella 0.1.0");
  p.emplace_back("git_commit", git_commit);
  char date[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  p.emplace_back("date_utc", date);
  p.emplace_back("command", command);
  std::string files;
  for (const std::string& f : s.chain) files += (files.empty() ? "" : ", ") + f;
  p.emplace_back("scenario_files", files);
  p.emplace_back("scenario_resolved_yaml", resolved_scenario_yaml(s));
  p.emplace_back("model_dir", fs::absolute(s.model_dir).lexically_normal().string());
  p.emplace_back("evidence", s.evidence);
  std::string iv;
  for (const auto& x : s.interventions)
    iv += x.tool + " on " + x.muscle + ": release " + fmt(100 * x.release) + " % (" + x.basis +
          ")" + (x.pressure > 0 ? ", pressure " + fmt(1e-3 * x.pressure) + " kPa (recorded only)" : "") +
          "\n";
  if (!iv.empty()) p.emplace_back("interventions", iv);
  // model and input files, hashed
  std::vector<std::string> inputs;
  for (const char* f : {"patella.yaml", "model/lenhart2015.osim", "tf_coupling.csv"}) {
    const std::string path = (fs::path(s.model_dir) / f).string();
    if (fs::exists(path)) inputs.push_back(path);
  }
  for (const std::string& f : {s.cycle_csv, s.trial.coordinates_file, s.trial.grf_file})
    if (!f.empty()) inputs.push_back(f);
  std::string hashes;
  for (const std::string& f : inputs) hashes += f + "  sha256:" + sha256_file(f) + "\n";
  p.emplace_back("input_file_sha256", hashes);
  return p;
}


std::vector<GaitResult> simulate_all(
    const std::vector<std::unique_ptr<GaitSetup>>& setups, const std::vector<std::string>& labels,
    int threads, const std::function<void(const std::string&, std::size_t, std::size_t)>& progress) {
  const std::size_t n = setups.size();
  std::vector<GaitResult> results(n);
  std::vector<std::string> errors(n);
  std::atomic<std::size_t> next{0};
  std::mutex lock;
  std::size_t done = 0;
  auto worker = [&]() {
    for (std::size_t i = next++; i < n; i = next++) {
      try {
        const GaitSetup& g = *setups[i];
        results[i] = simulate_gait(*g.model, g.leg, g.muscles, g.input, g.foot, g.options);
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
      std::lock_guard<std::mutex> guard(lock);
      ++done;
      if (progress) progress(labels[i], done, n);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::min<int>(std::max(threads, 1), static_cast<int>(n)); ++t)
    pool.emplace_back(worker);
  for (std::thread& t : pool) t.join();
  for (std::size_t i = 0; i < n; ++i)
    if (!errors[i].empty()) throw SimulationError(labels[i] + ": " + errors[i]);
  return results;
}

}  // namespace patella
