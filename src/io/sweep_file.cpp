// read_sweep: a sweep file's keys, strict as a scenario's, each parameter checked against the
// scenario key it varies (its units and range) before any sample runs.
#include "patella/io/sweep_file.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <set>
#include <stdexcept>

#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "patella/gait/compare.hpp"
#include "patella/io/claims_file.hpp"
#include "yaml_keys.hpp"

namespace fs = std::filesystem;

namespace patella {

using yaml_keys::check_keys;
using yaml_keys::where;

namespace {

const std::vector<std::pair<const char*, SweepDesign>> kDesigns{
    {"latin_hypercube", SweepDesign::LatinHypercube},
    {"sobol", SweepDesign::Sobol},
    {"morris", SweepDesign::Morris},
    {"grid", SweepDesign::Grid}};

std::string text(const std::string& file, const YAML::Node& map, const std::string& key) {
  return yaml_keys::scalar(file, map[key], "'" + key + "'");
}

double whole(const std::string& file, const YAML::Node& map, const std::string& key, double lo, double hi) {
  const YAML::Node n = map[key];
  const std::string t = yaml_keys::scalar(file, n, "'" + key + "'");
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end == t.c_str() || *end != '\0' || v != std::round(v) || v < lo || v > hi)
    throw ModelError(where(file, n) + ": key '" + key + "' value '" + t + "' must be a whole number in [" +
                     fmt(lo) + ", " + fmt(hi) + "]");
  return v;
}

// A value with its unit, in the unit the parameter has chosen (its first value chooses it).
struct Quantity {
  const std::string& file;
  const NumericKey& key;
  std::string& unit;  // "" until the first value
  std::size_t unit_index = 0;

  double operator()(const YAML::Node& n, const std::string& what, bool unitless = false) {
    const std::string t = yaml_keys::scalar(file, n, "'" + what + "'");
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    std::string rest(end);
    rest.erase(0, rest.find_first_not_of(' '));
    if (end == t.c_str() || !std::isfinite(v))
      throw ModelError(where(file, n) + ": key '" + what + "' value '" + t + "' is not a number");
    if (unitless) {
      if (!rest.empty())
        throw ModelError(where(file, n) + ": key '" + what + "' value '" + t + "' takes no unit");
      return v;
    }
    const std::string u = rest.empty() ? "1" : rest;
    std::string list;
    for (const std::string& x : key.units) list += (list.empty() ? "'" : "', '") + x;
    list += "'";
    std::size_t i = 0;
    while (i < key.units.size() && key.units[i] != u) ++i;
    if (i == key.units.size())
      throw ModelError(where(file, n) + ": key '" + what + "' value '" + t + "': scenario key '" +
                       key.path + "' takes " + list + (key.units[0] == "1" ? " (a plain number)" : ""));
    if (!unit.empty() && u != unit)
      throw ModelError(where(file, n) + ": key '" + what + "' value '" + t + "': write every value of "
                       "this parameter in one unit (its first is in '" + unit + "')");
    unit = u;
    unit_index = i;
    return v;
  }
};

SweepParameter read_parameter(const std::string& file, const YAML::Node& n) {
  if (!n.IsMap()) throw ModelError(where(file, n) + ": each parameter must be a mapping (key, distribution, ...)");
  check_keys(file, n, "a parameter",
             {"key", "distribution", "low", "high", "mean", "sd", "median", "log_sd", "truncate", "source",
              "applies", "combine"});
  SweepParameter p;
  p.where = where(file, n);
  for (const char* k : {"key", "distribution", "source"})
    if (!n[k]) throw ModelError(where(file, n) + ": a parameter needs '" + k + "'");
  p.key = text(file, n, "key");
  NumericKey key;
  try {
    key = numeric_scenario_key(p.key);
  } catch (const ModelError& e) {
    throw ModelError(where(file, n["key"]) + ": " + e.what());
  }
  if (key.whole)
    throw ModelError(where(file, n["key"]) + ": scenario key '" + p.key + "' takes a whole number; a sweep "
                     "samples continuous values");
  p.source = text(file, n, "source");
  if (p.source.empty()) throw ModelError(where(file, n["source"]) + ": 'source' must say where the range comes from");
  if (n["applies"]) {
    const std::string a = text(file, n, "applies");
    if (a != "every_run" && a != "where_set")
      throw ModelError(where(file, n["applies"]) + ": key 'applies' value '" + a +
                       "' is not one of every_run, where_set" +
                       did_you_mean(a, std::vector<std::string>{"every_run", "where_set"}));
    p.where_set = a == "where_set";
  }
  if (n["combine"]) {
    const std::string c = text(file, n, "combine");
    const std::vector<std::string> ways{"replace", "multiply", "add"};
    if (std::find(ways.begin(), ways.end(), c) == ways.end())
      throw ModelError(where(file, n["combine"]) + ": key 'combine' value '" + c +
                       "' is not one of replace, multiply, add" + did_you_mean(c, ways));
    p.combine = c == "multiply" ? SweepParameter::Combine::Multiply
                : c == "add"    ? SweepParameter::Combine::Add
                                : SweepParameter::Combine::Replace;
  }
  const std::string dist = text(file, n, "distribution");
  std::vector<std::string> own;  // the keys this distribution takes
  Quantity q{file, key, p.unit};
  Distribution& d = p.distribution;
  if (dist == "uniform") {
    own = {"low", "high"};
    d.kind = Distribution::Kind::Uniform;
  } else if (dist == "normal") {
    own = {"mean", "sd", "truncate"};
    d.kind = Distribution::Kind::Normal;
  } else if (dist == "lognormal") {
    own = {"median", "log_sd", "truncate"};
    d.kind = Distribution::Kind::LogNormal;
  } else {
    const std::vector<std::string> kinds{"uniform", "normal", "lognormal"};
    throw ModelError(where(file, n["distribution"]) + ": key 'distribution' value '" + dist +
                     "' is not one of uniform, normal, lognormal" + did_you_mean(dist, kinds));
  }
  for (const char* k : {"low", "high", "mean", "sd", "median", "log_sd", "truncate"})
    if (n[k] && std::find(own.begin(), own.end(), k) == own.end())
      throw ModelError(where(file, n[k]) + ": key '" + k + "' does not belong to a " + dist + " distribution (it takes " +
                       own[0] + ", " + own[1] + (own.size() > 2 ? ", " + own[2] : std::string()) + ")");
  for (const std::string& k : own)
    if (!n[k]) throw ModelError(where(file, n) + ": a " + dist + " parameter needs '" + k + "'" +
                                (k == "truncate" ? " ([low, high] within the scenario key's range: the samples "
                                                   "are set on a key with bounds)" : ""));
  if (d.kind == Distribution::Kind::Uniform) {
    d.a = q(n["low"], "low");
    d.b = q(n["high"], "high");
  } else {
    d.a = q(n[own[0]], own[0]);
    d.b = q(n[own[1]], own[1], d.kind == Distribution::Kind::LogNormal);
    const YAML::Node t = n["truncate"];
    if (!t.IsSequence() || t.size() != 2)
      throw ModelError(where(file, t) + ": key 'truncate' must be [low, high]");
    d.low = q(t[0], "truncate");
    d.high = q(t[1], "truncate");
  }
  if (p.combine == SweepParameter::Combine::Multiply && p.unit != "%" && p.unit != "1")
    throw ModelError(where(file, n["combine"]) + ": parameter '" + p.key + "' in '" + p.unit +
                     "' cannot multiply (a factor is a '%' or a plain number); use add or replace");
  // the support must lie within the key's range, so no sample is refused by the scenario reader
  // (a combined value is checked against each run's scenario by the plan)
  double lo = key.range[q.unit_index].first, hi = key.range[q.unit_index].second;
  if (p.combine == SweepParameter::Combine::Multiply) lo = 0, hi = std::numeric_limits<double>::infinity();
  if (p.combine == SweepParameter::Combine::Add) lo = -(hi - lo), hi = hi - key.range[q.unit_index].first;
  const double from = d.kind == Distribution::Kind::Uniform ? d.a : d.low;
  const double to = d.kind == Distribution::Kind::Uniform ? d.b : d.high;
  if (from < lo || to > hi)
    throw ModelError(p.where + ": parameter '" + p.key + "' reaches [" + fmt(from) + ", " + fmt(to) + "] " +
                     p.unit + ", outside the scenario key's range [" + fmt(lo) + ", " + fmt(hi) + "] " + p.unit);
  try {
    quantile(d, 0.5);
  } catch (const std::invalid_argument& e) {
    throw ModelError(p.where + ": parameter '" + p.key + "': " + e.what());
  }
  return p;
}

}  // namespace

const char* design_name(SweepDesign design) {
  for (const auto& [name, d] : kDesigns)
    if (d == design) return name;
  return "";
}

KeyOverride override_of(const SweepParameter& p, double value, const Scenario& scenario) {
  if (p.combine != SweepParameter::Combine::Replace) {
    const double v = scenario_value(scenario, p.key, p.unit);
    // '%' values are in percent: a factor of 110 % is 1.1
    const double factor = p.unit == "%" ? value / 100.0 : value;
    value = p.combine == SweepParameter::Combine::Multiply ? v * factor : v + value;
    const NumericKey k = numeric_scenario_key(p.key);
    for (std::size_t i = 0; i < k.units.size(); ++i)
      if (k.units[i] == p.unit && (value < k.range[i].first || value > k.range[i].second))
        throw ModelError(p.where + ": parameter '" + p.key + "' " +
                         (p.combine == SweepParameter::Combine::Multiply ? "times" : "added to") + " " +
                         scenario.name + "'s " + fmt(v) + " " + p.unit + " gives " + fmt(value) + " " + p.unit +
                         ", outside the key's range [" + fmt(k.range[i].first) + ", " + fmt(k.range[i].second) +
                         "] " + p.unit);
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  return {p.key, p.unit == "1" ? std::string(buf) : std::string(buf) + " " + p.unit};
}

SweepSpec read_sweep(const std::string& path) {
  const YAML::Node root = yaml_keys::load_file(path, "the sweep file");
  check_keys(path, root, "the sweep",
             {"name", "description", "scenario", "baseline", "claims", "controls", "design", "samples",
              "trajectories", "levels", "seed", "bootstrap", "metrics", "parameters"});
  SweepSpec s;
  s.file = path;
  for (const char* k : {"name", "design", "parameters"})
    if (!root[k]) throw ModelError(path + ": the sweep needs '" + k + "'");
  if (!root["scenario"] == !root["claims"])
    throw ModelError(path + ": the sweep needs 'scenario' (with 'metrics', and optionally 'baseline') or "
                     "'claims', not " + (root["scenario"] ? "both" : "neither"));
  if (root["claims"])
    for (const char* k : {"baseline", "metrics"})
      if (root[k])
        throw ModelError(where(path, root[k]) + ": key '" + k + "' does not belong with 'claims' (each claim "
                         "names its baseline and metric)");
  if (root["scenario"] && !root["metrics"]) throw ModelError(path + ": the sweep needs 'metrics'");
  s.name = text(path, root, "name");
  if (root["description"]) s.description = text(path, root, "description");
  for (char c : s.name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.') || s.name[0] == '.')
      throw ModelError(where(path, root["name"]) + ": key 'name' value '" + s.name +
                       "' may hold only letters, digits, '_', '-' and '.', not first (it names files)");
  auto file_key = [&](const char* key) {
    const std::string v = text(path, root, key);
    const fs::path p(v);
    const std::string resolved =
        p.is_absolute() ? v : (fs::path(path).parent_path() / p).lexically_normal().string();
    if (!path_exists(resolved))
      throw IoError(where(path, root[key]) + ": key '" + key + "': '" + v + "' does not exist");
    return resolved;
  };
  if (root["scenario"]) s.scenario = file_key("scenario");
  if (root["baseline"]) s.baseline = file_key("baseline");
  std::vector<Claim> claims;
  if (root["claims"]) {
    s.claims = file_key("claims");
    claims = read_claims(s.claims);
  }
  if (root["controls"]) {
    const YAML::Node c = root["controls"];
    if (!c.IsSequence() || c.size() == 0)
      throw ModelError(where(path, c) + ": key 'controls' must be a list (e.g. [compensated, uncompensated])");
    const std::vector<std::string> known{"compensated", "uncompensated", "emg_constrained"};
    for (const YAML::Node& x : c) {
      const std::string v = yaml_keys::scalar(path, x, "a control");
      if (std::find(known.begin(), known.end(), v) == known.end())
        throw ModelError(where(path, x) + ": control '" + v + "' is not one of compensated, uncompensated, "
                         "emg_constrained" + did_you_mean(v, known));
      if (std::find(s.controls.begin(), s.controls.end(), v) != s.controls.end())
        throw ModelError(where(path, x) + ": control '" + v + "' is named twice");
      s.controls.push_back(v);
    }
  }
  const std::string design = text(path, root, "design");
  bool found = false;
  std::vector<std::string> names;
  for (const auto& [name, d] : kDesigns) {
    names.push_back(name);
    if (design == name) {
      s.design = d;
      found = true;
    }
  }
  if (!found)
    throw ModelError(where(path, root["design"]) + ": key 'design' value '" + design +
                     "' is not one of latin_hypercube, sobol, morris, grid" + did_you_mean(design, names));
  // each design's own keys: a key of another design is an error, not ignored
  std::vector<std::string> own;
  switch (s.design) {
    case SweepDesign::LatinHypercube: own = {"samples"}; break;
    case SweepDesign::Sobol: own = {"samples", "bootstrap"}; break;
    case SweepDesign::Morris: own = {"trajectories", "levels"}; break;
    case SweepDesign::Grid: own = {"levels"}; break;
  }
  for (const char* k : {"samples", "trajectories", "levels", "bootstrap"})
    if (root[k] && std::find(own.begin(), own.end(), k) == own.end())
      throw ModelError(where(path, root[k]) + ": key '" + k + "' does not belong to design '" + design + "'");
  if (s.design != SweepDesign::Grid && s.design != SweepDesign::Morris && !root["samples"])
    throw ModelError(path + ": design '" + design + "' needs 'samples'");
  if (root["samples"]) s.samples = static_cast<int>(whole(path, root, "samples", 1, 1 << 20));
  if (s.design == SweepDesign::Morris) {
    if (!root["trajectories"]) throw ModelError(path + ": design 'morris' needs 'trajectories'");
    s.samples = static_cast<int>(whole(path, root, "trajectories", 1, 1 << 16));
    s.levels = root["levels"] ? static_cast<int>(whole(path, root, "levels", 2, 64)) : 4;
    if (s.levels % 2)
      throw ModelError(where(path, root["levels"]) + ": key 'levels' must be even for Morris' design");
  }
  if (s.design == SweepDesign::Grid) {
    if (!root["levels"]) throw ModelError(path + ": design 'grid' needs 'levels'");
    s.levels = static_cast<int>(whole(path, root, "levels", 2, 64));
  }
  if (root["seed"]) s.seed = static_cast<std::uint64_t>(whole(path, root, "seed", 0, 9007199254740992.0));
  s.bootstrap = root["bootstrap"] ? static_cast<int>(whole(path, root, "bootstrap", 0, 100000)) : 200;

  const YAML::Node m = root["metrics"];
  if (m && (!m.IsSequence() || m.size() == 0))
    throw ModelError(where(path, m) + ": key 'metrics' must be a list of metric names");
  std::vector<std::string> known;
  for (const auto& [name, unit] : comparison_metrics()) known.push_back(name);
  if (m) for (const YAML::Node& x : m) {
    const std::string v = yaml_keys::scalar(path, x, "a metric");
    if (std::find(known.begin(), known.end(), v) == known.end())
      throw ModelError(where(path, x) + ": unknown metric '" + v + "'" + did_you_mean(v, known) +
                       " (`patella compare` lists them)");
    if (std::find(s.metrics.begin(), s.metrics.end(), v) != s.metrics.end())
      throw ModelError(where(path, x) + ": metric '" + v + "' is named twice");
    s.metrics.push_back(v);
  }

  const YAML::Node ps = root["parameters"];
  if (!ps.IsSequence() || ps.size() == 0)
    throw ModelError(where(path, ps) + ": key 'parameters' must be a list of parameters");
  for (const YAML::Node& n : ps) {
    SweepParameter p = read_parameter(path, n);
    for (const SweepParameter& q : s.parameters)
      if (q.key == p.key) throw ModelError(p.where + ": scenario key '" + p.key + "' is varied twice (also at " + q.where + ")");
    s.parameters.push_back(p);
  }
  const int k = static_cast<int>(s.parameters.size());
  if (s.design == SweepDesign::Sobol && 2 * k > 31)
    throw ModelError(path + ": design 'sobol' takes at most 15 parameters (the Sobol' sequence's 31 "
                     "dimensions hold A and B); this sweep has " + std::to_string(k));
  if (s.design == SweepDesign::Grid && std::pow(s.levels, k) > 1e6)
    throw ModelError(path + ": a grid of " + std::to_string(s.levels) + " levels over " + std::to_string(k) +
                     " parameters is over a million runs");

  // parameters that apply where set: some run must set them
  std::vector<Scenario> runs;
  if (s.claims.empty()) {
    runs.push_back(read_scenario(s.scenario));
    if (!s.baseline.empty()) runs.push_back(read_scenario(s.baseline));
  } else {
    const fs::path dir = fs::path(s.claims).parent_path();
    for (const Claim& c : claims)
      for (const std::string& f : {c.scenario, c.baseline}) runs.push_back(read_scenario((dir / f).string()));
  }
  for (const SweepParameter& p : s.parameters)
    if (p.where_set && std::none_of(runs.begin(), runs.end(), [&](const Scenario& r) { return scenario_sets(r, p.key); }))
      throw ModelError(p.where + ": parameter '" + p.key + "' applies where_set, but no scenario of the sweep "
                       "sets that key");
  return s;
}

}  // namespace patella
