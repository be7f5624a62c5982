// The session side of a scenario: its model and gait input loaded, simulations run, a
// protocol's course and the provenance of results. Apart from the reading of scenario files
// (scenario_read.cpp, scenario_write.cpp), so it can move to a session layer whole.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <thread>

#include "patella/core/error.hpp"
#include "patella/core/sha256.hpp"
#include "patella/io/load_model.hpp"
#include "patella/io/scenario.hpp"
#include "patella/model/edits.hpp"
#include "patella/muscle/release_tools.hpp"
#include "yaml_keys.hpp"

namespace fs = std::filesystem;

namespace patella {

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
