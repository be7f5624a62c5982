// read_scenario: a file's keys, read as the key table (scenario_keys.cpp) declares them, merged
// over the file it `extends`, then checked as a whole.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>

#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "patella/io/scenario.hpp"
#include "patella/muscle/release_tools.hpp"
#include "scenario_keys.hpp"
#include "yaml_keys.hpp"

namespace fs = std::filesystem;

namespace patella {

using yaml_keys::check_keys;
using yaml_keys::get;
using yaml_keys::where;
namespace sk = scenario_keys;

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
  if (!path_exists(path))
    throw IoError(where(file, map[key]) + ": key '" + key + "': '" + v + "' does not exist");
  return path;
}

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

// A quantity in whichever of the key's units its text names (the first by default).
double quantity_of(const std::string& file, const YAML::Node& map, const std::string& key,
                   const sk::Key& k) {
  const sk::Unit* u = &k.units[0];
  const std::string text = map[key].IsScalar() ? map[key].Scalar() : "";
  for (std::size_t i = 1; i < k.units.size(); ++i)
    if (text.find(k.units[i].text) != std::string::npos) u = &k.units[i];
  const double f = u->text == "%" ? 100.0 : 1.0;  // quantity() takes '%' ranges as fractions
  const double v = quantity(file, map, key, u->text, u->lo / f, u->hi / f);
  return u->in ? u->in(v) : v;
}

// One file's keys, before `extends` is resolved: what it sets, and where.
struct Layer {
  Scenario s;
  std::vector<std::pair<const sk::Key*, std::string>> set;        // keys set, with their <name>
  std::vector<std::pair<const sk::Section*, std::string>> blocks;  // blocks it has
  std::string extends;  // resolved path, or empty
};

struct Reader {
  const std::string& file;
  Layer& L;

  void key(const sk::Key& k, const sk::Section& in, const std::string& name, const YAML::Node& map,
           sk::Target& t) {
    const YAML::Node n = map[name];
    // required keys of a block without an entry check are read even when absent, as ""
    if (!n && !(k.required && in.entry == sk::Entry::None)) return;
    const sk::Ref r = k.at ? k.at(t) : sk::Ref{};
    switch (k.type) {
      case sk::Type::Extends: L.extends = existing(file, map, name); return;
      case sk::Type::Text: {
        const std::string v = get<std::string>(file, map, name, "");
        if (k.required && v.empty())
          throw ModelError(where(file, map) + ": " + sk::label(in, t.name) + " needs '" + name + "'");
        *std::get<std::string*>(r) = v;
        break;
      }
      case sk::Type::Name: {
        const std::string v = get<std::string>(file, map, name, "");
        for (char c : v)
          if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))
            throw ModelError(where(file, n) + ": key '" + name + "' value '" + v +
                             "' may hold only letters, digits, '_', '-' and '.' (it names files)");
        // '..' and hidden names: the files must land in the output folder, apart from its
        // .patella_* staging folders
        if (!v.empty() && v[0] == '.')
          throw ModelError(where(file, n) + ": key '" + name + "' value '" + v +
                           "' may not start with '.' (it names files in the output folder)");
        *std::get<std::string*>(r) = v;
        break;
      }
      case sk::Type::Tool: {
        const std::string v = get<std::string>(file, map, name, "");
        const auto& tools = release_tools();
        if (std::find(tools.begin(), tools.end(), v) == tools.end()) {
          std::string list;
          for (const auto& x : tools) list += (list.empty() ? "" : ", ") + x;
          throw ModelError(where(file, n ? n : map) + ": key '" + name + "' value '" + v +
                           "' is not a known tool" + yaml_keys::did_you_mean(v, tools) +
                           " (known: " + list + ")");
        }
        *std::get<std::string*>(r) = v;
        break;
      }
      case sk::Type::Choice: {
        const std::string v = get<std::string>(file, map, name, "");
        if (std::find(k.choices.begin(), k.choices.end(), v) == k.choices.end()) {
          std::string list;
          for (const auto& x : k.choices) list += (list.empty() ? "" : ", ") + x;
          throw ModelError(where(file, n ? n : map) + ": key '" + name + "' value '" + v +
                           "' is not one of " + list + yaml_keys::did_you_mean(v, k.choices));
        }
        *std::get<std::string*>(r) = v;
        break;
      }
      case sk::Type::File:
      case sk::Type::Folder: *std::get<std::string*>(r) = existing(file, map, name); break;
      case sk::Type::Flag: *std::get<bool*>(r) = get<bool>(file, map, name, false); break;
      case sk::Type::Number: {
        const sk::Unit& u = k.units[0];
        *std::get<double*>(r) = number_in(file, map, name, 0.0, u.lo, u.hi, u.text);
        break;
      }
      case sk::Type::Whole:
      case sk::Type::Count: {
        const double v = number_in(file, map, name, 0.0, k.units[0].lo, k.units[0].hi, "");
        if (k.type == sk::Type::Whole && v != std::round(v))
          throw ModelError(where(file, n) + ": key '" + name + "' must be a whole number");
        *std::get<int*>(r) = static_cast<int>(v);
        break;
      }
      case sk::Type::Quantity: *std::get<double*>(r) = quantity_of(file, map, name, k); break;
      case sk::Type::Quantities: {
        if (!n.IsSequence()) throw ModelError(where(file, n) + ": '" + name + "' " + k.shape);
        std::vector<double> v;
        YAML::Node wrapper;  // each item read as the key's value, so errors name the key
        for (const YAML::Node& item : n) {
          wrapper[name] = item;
          v.push_back(quantity_of(file, wrapper, name, k));
        }
        *std::get<std::vector<double>*>(r) = v;
        break;
      }
    }
    if (k.where) *k.where(t) = where(file, n);
    if (k.text) *k.text(t) = n.Scalar();
    if (!t.item) L.set.emplace_back(&k, t.name);  // a list's items are merged whole
  }

  // The alternative a block offers (gait: a cycle CSV, or a trial's keys).
  void choice(const sk::Node& node, const YAML::Node& y) {
    std::string alt, needed;
    std::vector<std::string> own, required;
    for (const sk::Node& c : node.children) {
      // an inner block (external_force) belongs where its first key does
      const sk::Key* k = c.key ? c.key : c.children.empty() ? nullptr : c.children[0].key;
      if (!k || k->unless.empty()) continue;
      alt = k->unless.substr(node.path.size() + 1);
      own.push_back(c.name);
      if (c.key && c.key->required) required.push_back(c.name);
    }
    if (y[alt]) {
      for (const std::string& k : own)
        if (y[k])
          throw ModelError(where(file, y[k]) + ": key '" + k + "' belongs to " + node.section->choice +
                           ", not to '" + alt + "'");
      return;
    }
    for (const std::string& k : required) needed += (needed.empty() ? "'" : "' and '") + k;
    for (const std::string& k : required)
      if (!y[k])
        throw ModelError(where(file, y) + ": '" + node.name + "' needs '" + alt + "', or " + needed + "'");
  }

  // A block: its keys checked, its entry made, then each key or inner block in reading order.
  void block(const sk::Node& node, const YAML::Node& y, const YAML::Node& at, sk::Target t) {
    const sk::Section& sec = *node.section;
    std::set<std::string> allowed;
    for (const sk::Node& c : node.children) allowed.insert(c.yaml());
    check_keys(file, y, sk::label(sec, t.name), allowed);
    if (sec.where) *sec.where(t) = where(file, at);
    if (sec.enter) sec.enter(t);
    if (sec.merge != sk::Merge::Append) L.blocks.emplace_back(&sec, t.name);
    if (sec.entry == sk::Entry::Choice) choice(node, y);
    for (const sk::Node& c : node.children)
      if (sec.entry == sk::Entry::Needs && c.key && c.key->required && !y[c.name])
        throw ModelError(where(file, y) + ": '" + node.name + "' needs '" + c.name + "'");
    if (sec.merge == sk::Merge::Whole) mark_all(node, t);
    for (const sk::Node& c : node.children) {
      if (c.key) {
        key(*c.key, sec, c.name, y, t);
        continue;
      }
      const YAML::Node v = y[c.yaml()];
      if (!v) continue;
      if (c.list()) {
        if (!v.IsSequence()) throw ModelError(where(file, v) + ": '" + c.yaml() + "' " + c.section->shape);
        L.blocks.emplace_back(c.section, t.name);
        for (const YAML::Node& item : v) {
          Scenario::Intervention x;
          block(c, item, item, sk::Target{t.s, t.name, &x});
          c.section->items(*t.s)->push_back(x);
        }
      } else if (c.names()) {
        if (!v.IsMap()) throw ModelError(where(file, v) + ": '" + c.name + "' " + c.section->shape);
        if (c.section->where) *c.section->where(t) = where(file, v);
        L.blocks.emplace_back(c.section, t.name);
        const sk::Node& each = c.children[0];
        for (const auto& kv : v) {
          sk::Target named{t.s, yaml_keys::scalar(file, kv.first, "a name in '" + c.name + "'"), t.item};
          if (each.key) key(*each.key, *c.section, named.name, v, named);
          else block(each, kv.second, kv.first, named);
        }
      } else {
        block(c, v, v, t);
      }
    }
  }

  // a block replaced whole: a file that has it sets every key in it
  void mark_all(const sk::Node& node, const sk::Target& t) {
    for (const sk::Node& c : node.children)
      if (c.key) L.set.emplace_back(c.key, t.name);
      else mark_all(c, t);
  }
};

Layer parse_layer(const std::string& path) {
  const YAML::Node root = yaml_keys::load_file(path, "the scenario");
  Layer L;
  Reader{path, L}.block(sk::reading_tree(), root, root, sk::Target{&L.s});
  return L;
}

// A layer's keys over a scenario: what it sets replaces, as the table says.
void merge_layer(Scenario& s, Layer& L) {
  for (const auto& [k, name] : L.set) {
    sk::Target to{&s, name}, from{&L.s, name};
    sk::copy(k->at(to), k->at(from));
    if (k->where) *k->where(to) = *k->where(from);
  }
  for (const auto& [sec, name] : L.blocks) {
    sk::Target to{&s, name}, from{&L.s, name};
    if (sec->merge == sk::Merge::Append) {
      const auto& add = *sec->items(L.s);
      sec->items(s)->insert(sec->items(s)->end(), add.begin(), add.end());
      continue;
    }
    if (sec->enter) sec->enter(to);
    if (sec->where) *sec->where(to) = *sec->where(from);
  }
  s.evidence = s.interventions.empty() ? "no intervention" : "release literature-bounded";
  for (const auto& x : s.interventions)
    if (x.hypothetical) s.evidence = "release hypothetical";
}

// The file's layer over its parent's.
Scenario resolve(const std::string& path, std::vector<std::string>& stack) {
  std::error_code ec;  // a path the system cannot resolve is compared as written
  std::string canonical = fs::weakly_canonical(path, ec).string();
  if (ec) canonical = fs::path(path).lexically_normal().string();
  for (const std::string& f : stack)
    if (f == canonical) throw ModelError(path + ": 'extends' forms a cycle through this file");
  stack.push_back(canonical);
  Layer L = parse_layer(path);
  Scenario s;
  if (!L.extends.empty()) s = resolve(L.extends, stack);
  s.file = path;
  s.chain.insert(s.chain.begin(), path);
  merge_layer(s, L);
  stack.pop_back();
  return s;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (true) {
    const std::size_t dot = path.find('.', from);
    out.push_back(path.substr(from, dot == std::string::npos ? std::string::npos : dot - from));
    if (dot == std::string::npos) return out;
    from = dot + 1;
  }
}

bool numeric(sk::Type t) {
  return t == sk::Type::Number || t == sk::Type::Whole || t == sk::Type::Count || t == sk::Type::Quantity;
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

namespace {
// the table's key a dotted path names, and the name standing for its `<...>`
const sk::Key& find_numeric(const std::string& path, std::string& name) {
  const std::vector<std::string> want = split_path(path);
  std::vector<std::string> all;
  for (const sk::Key& k : sk::keys()) {
    all.push_back(k.path);
    const std::vector<std::string> have = split_path(k.path);
    if (have.size() != want.size()) continue;
    name.clear();
    bool match = true;
    for (std::size_t i = 0; i < have.size() && match; ++i) {
      if (have[i].size() > 2 && have[i].front() == '<' && !want[i].empty()) {
        name = want[i];
        continue;
      }
      match = have[i] == want[i];
    }
    if (!match) continue;
    if (k.path.find("[]") != std::string::npos)
      throw ModelError("scenario key '" + path + "' is inside a list (" + k.path.substr(0, k.path.find("[]")) +
                       "), which cannot be set by its path");
    if (!numeric(k.type))
      throw ModelError("scenario key '" + path + "' does not take a number (it is a " +
                       (k.type == sk::Type::Flag ? "true/false" : "text, file or choice") + " key)");
    // a block a file replaces whole, or that needs its other keys, cannot take one key alone
    for (const sk::Section& sec : sk::sections())
      if (!sec.path.empty() && k.path.rfind(sec.path + ".", 0) == 0 &&
          (sec.merge == sk::Merge::Whole || sec.entry != sk::Entry::None))
        throw ModelError("scenario key '" + path + "' belongs to '" + sec.path + "', which a file sets as a "
                         "whole: it cannot be set alone");
    return k;
  }
  throw ModelError("unknown scenario key '" + path + "'" + did_you_mean(path, all) +
                   " (`patella scenario-keys` lists them; write the muscle or prefix in place of <...>)");
}
}  // namespace

NumericKey numeric_scenario_key(const std::string& path) {
  NumericKey out;
  const sk::Key& k = find_numeric(path, out.name);
  out.path = k.path;
  out.whole = k.type == sk::Type::Whole || k.type == sk::Type::Count;
  for (const sk::Unit& u : k.units) {
    // a Number key is written as a plain number; its unit text only names it in messages
    out.units.push_back(u.text.empty() || k.type == sk::Type::Number ? "1" : u.text);
    out.range.emplace_back(u.lo, u.hi);
  }
  return out;
}

namespace {
// Whether the scenario sets the key: a map of names to values (ligament scales, head shares)
// sets a name by listing it, whatever its value (0 % is a torn ligament, not "unset"); any other
// key by a value other than a new scenario's.
bool sets(const Scenario& scenario, const sk::Key& k, const std::string& name) {
  const std::size_t dot = k.path.rfind('.');
  if (!name.empty() && dot != std::string::npos && k.path[dot + 1] == '<')
    for (const sk::Section& sec : sk::sections())
      if (sec.path == k.path.substr(0, dot) && sec.names) return sec.names(scenario).count(name) > 0;
  Scenario copy = scenario;  // a named key's accessor makes its entry
  sk::Target t{&copy, name};
  return sk::when_set(k, t);
}
}  // namespace

bool scenario_sets(const Scenario& scenario, const std::string& key) {
  std::string name;
  const sk::Key& k = find_numeric(key, name);
  return sets(scenario, k, name);
}

double scenario_value(const Scenario& scenario, const std::string& key, const std::string& unit) {
  std::string name;
  const sk::Key& k = find_numeric(key, name);
  Scenario copy = scenario;
  sk::Target t{&copy, name};
  const bool set = sets(scenario, k, name);
  if (!set && k.from_model)
    throw ModelError("scenario key '" + key + "': " + scenario.name + " does not set it, and its value then "
                     "comes from the model files: a sweep parameter can replace it, not multiply or add to it");
  const sk::Ref r = k.at(t);
  double field = std::holds_alternative<double*>(r) ? *std::get<double*>(r) : *std::get<int*>(r);
  if (!set && !std::isnan(k.absent)) field = k.absent;
  for (const sk::Unit& u : k.units)
    if (u.text == unit || (unit == "1" && (u.text.empty() || k.type == sk::Type::Number)))
      return u.out ? u.out(field) : field;
  throw ModelError("scenario key '" + key + "' is not written in '" + unit + "'");
}

Scenario read_scenario(const std::string& path) { return read_scenario(path, {}); }

Scenario read_scenario(const std::string& path, const std::vector<KeyOverride>& overrides) {
  std::vector<std::string> stack;
  Scenario s = resolve(path, stack);
  if (!overrides.empty()) {
    // the overrides as the YAML a file extending `path` would hold, read as that file's layer
    std::vector<std::string> seen;
    std::ostringstream yaml;
    std::vector<std::string> open;  // the blocks the previous key left open
    std::vector<KeyOverride> sorted = overrides;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const KeyOverride& a, const KeyOverride& b) { return a.key < b.key; });
    for (const KeyOverride& o : sorted) {
      numeric_scenario_key(o.key);  // throws for a key that is unknown or not a number
      if (std::find(seen.begin(), seen.end(), o.key) != seen.end())
        throw ModelError("scenario key '" + o.key + "' is set twice");
      seen.push_back(o.key);
      const std::vector<std::string> seg = split_path(o.key);
      std::size_t common = 0;
      while (common < open.size() && common + 1 < seg.size() && open[common] == seg[common]) ++common;
      open.resize(common);
      for (std::size_t i = common; i + 1 < seg.size(); ++i) {
        yaml << std::string(2 * i, ' ') << seg[i] << ":\n";
        open.push_back(seg[i]);
      }
      if (o.value.find_first_of("'\n") != std::string::npos)  // it is written single-quoted
        throw ModelError("scenario key '" + o.key + "' value '" + o.value + "' is not a number with its unit");
      yaml << std::string(2 * (seg.size() - 1), ' ') << seg.back() << ": '" << o.value << "'\n";
    }
    const std::string label = "the sweep's values set over " + path;
    YAML::Node root;
    try {
      root = YAML::Load(yaml.str());
    } catch (const YAML::Exception& e) {
      throw ModelError(label + ": " + e.msg);
    }
    Layer L;
    Reader{label, L}.block(sk::reading_tree(), root, root, sk::Target{&L.s});
    merge_layer(s, L);
  }
  if (s.name.empty()) throw ModelError(path + ": key 'name' is required");
  if (s.model_dir.empty()) throw ModelError(path + ": key 'model' is required");
  if (s.cycle_csv.empty() && s.trial.coordinates_file.empty())
    throw ModelError(path + ": key 'gait' is required");
  for (Scenario::Intervention& x : s.interventions) settle_release(s, x);
  return s;
}

}  // namespace patella
