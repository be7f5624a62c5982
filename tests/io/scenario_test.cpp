// The scenario key table (src/io/scenario_keys.cpp) drives reading, `extends`, the resolved YAML
// and scenarios/README.md. These tests iterate the table, so a key added to it is covered here
// without a new test: its example value must round-trip, its bad values must be refused with a
// message that says where, and the README must list it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "io/scenario_keys.hpp"
#include "patella/core/error.hpp"
#include "patella/io/scenario.hpp"
#include "patella/io/scenario_key_list.hpp"

using namespace patella;
namespace sk = patella::scenario_keys;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

const std::string kScenarios = std::string(PATELLA_SOURCE_DIR) + "/scenarios";

// the sample a `<...>` segment stands for in the test files
std::string sample(const std::string& seg) {
  if (seg == "<muscle>") return "vaslat_r";
  if (seg == "<prefix>") return "mPFL";
  if (seg == "<head>") return "vmo_r";
  return seg;
}

std::string parent(const std::string& path) {
  const std::size_t dot = path.rfind('.');
  return dot == std::string::npos ? "" : path.substr(0, dot);
}

std::string leaf(const std::string& path) { return sample(path.substr(path.rfind('.') + 1)); }

// the path with its `<...>` segments bound
std::string bound(const std::string& path) {
  std::string out;
  for (std::size_t from = 0; from <= path.size();) {
    const std::size_t dot = std::min(path.find('.', from), path.size());
    out += (out.empty() ? "" : ".") + sample(path.substr(from, dot - from));
    from = dot + 1;
  }
  return out;
}

// A scenario file made of key paths and values: nested blocks, a `[]` block as one list item.
// Remembers each key's line.
struct Doc {
  struct Item {
    std::string name, value;
    std::vector<Item> children;
  };
  std::vector<Item> root;
  std::map<std::string, int> line;

  void set(const std::string& path, const std::string& value) {
    std::vector<Item>* level = &root;
    std::size_t from = 0;
    for (;;) {
      const std::size_t dot = path.find('.', from);
      const std::string seg = sample(path.substr(from, dot == std::string::npos ? dot : dot - from));
      auto it = std::find_if(level->begin(), level->end(), [&](const Item& i) { return i.name == seg; });
      if (it == level->end()) it = level->insert(level->end(), Item{seg, "", {}});
      if (dot == std::string::npos) {
        it->value = value;
        return;
      }
      level = &it->children;
      from = dot + 1;
    }
  }
  void value(const sk::Key& k, const std::string& v) {
    const bool path = k.type == sk::Type::File || k.type == sk::Type::Folder || k.type == sk::Type::Extends;
    set(k.path, path ? kScenarios + "/" + v : v);  // example paths are as seen from scenarios/
  }
  void example(const sk::Key& k) { value(k, k.example); }

  std::string text() {
    std::string out;
    int n = 0;
    write(root, "", "", out, n);
    return out;
  }
  void write(const std::vector<Item>& items, const std::string& path, const std::string& pad,
             std::string& out, int& n) {
    for (const Item& i : items) {
      const std::string p = path.empty() ? i.name : path + "." + i.name;
      const bool list = i.name.size() > 2 && i.name.compare(i.name.size() - 2, 2, "[]") == 0;
      const std::string name = list ? i.name.substr(0, i.name.size() - 2) : i.name;
      if (i.children.empty()) {
        out += pad + name + ": " + i.value + "\n";
        line[p] = ++n;
        continue;
      }
      out += pad + name + ":\n";
      ++n;
      const std::size_t start = out.size();
      write(i.children, p, pad + (list ? "    " : "  "), out, n);
      if (list) out.replace(start + pad.size() + 2, 2, "- ");  // its first key opens the item
    }
  }
};

std::string write_temp(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "patella_scenario_test";
  fs::create_directories(dir);
  std::ofstream(dir / name) << text;
  return (dir / name).string();
}

// a scenario's base: name, model and gait (a cycle, or a trial for the keys of a trial)
void base(Doc& d, bool trial) {
  for (const sk::Key& k : sk::keys())
    if (k.path == "name" || k.path == "model" ||
        (trial ? k.required && k.unless == "gait.cycle_csv" : k.path == "gait.cycle_csv"))
      d.example(k);
}

// the keys a key cannot go without: its block's required ones
void needs(Doc& d, const sk::Key& k) {
  for (const sk::Key& o : sk::keys())
    if (o.required && parent(o.path) == parent(k.path) && (o.unless.empty() || o.unless == k.unless))
      d.example(o);
}

bool is_trial(const sk::Key& k) { return k.unless == "gait.cycle_csv"; }

// the target of a key in a scenario (muscle, prefix, first intervention), if it has one
bool target(Scenario& s, const sk::Key& k, sk::Target& t) {
  const std::size_t lt = k.path.find('<');
  t = sk::Target(&s, lt == std::string::npos ? "" : sample(k.path.substr(lt, k.path.find('>') - lt + 1)));
  if (!k.at) return false;
  if (k.path.find("[]") == std::string::npos) return true;
  if (s.interventions.empty()) return false;
  t.item = &s.interventions[0];
  return true;
}

bool close(const sk::Ref& a, const sk::Ref& b) {
  if (auto* x = std::get_if<double*>(&a)) {
    const double u = **x, v = *std::get<double*>(b);
    return (std::isnan(u) && std::isnan(v)) || std::abs(u - v) <= 1e-9 * std::max(1.0, std::abs(u));
  }
  if (auto* x = std::get_if<std::vector<double>*>(&a)) {
    const auto& u = **x;
    const auto& v = *std::get<std::vector<double>*>(b);
    if (u.size() != v.size()) return false;
    for (std::size_t i = 0; i < u.size(); ++i)
      if (std::abs(u[i] - v[i]) > 1e-9 * std::max(1.0, std::abs(u[i]))) return false;
    return true;
  }
  return sk::same(a, b);
}

// parse -> resolved YAML -> parse: the same YAML, the same value in every key, and each key the
// file set holds a value other than the default
void round_trip(const std::string& name, Doc& d, const std::vector<const sk::Key*>& set) {
  const std::string text = d.text();
  INFO(name << ":\n" << text);
  Scenario first = read_scenario(write_temp(name + ".yaml", text));
  const std::string yaml = resolved_scenario_yaml(first);
  INFO("resolved:\n" << yaml);
  Scenario again = read_scenario(write_temp(name + "_resolved.yaml", yaml));
  CHECK(resolved_scenario_yaml(again) == yaml);
  for (const sk::Key& k : sk::keys()) {
    sk::Target a(&first), b(&again);
    if (!target(first, k, a) || !target(again, k, b)) continue;
    INFO("key " << k.path);
    CHECK(close(k.at(a), k.at(b)));
  }
  for (const sk::Key* k : set) {
    INFO("key " << k->path << " = " << k->example);
    if (k->type == sk::Type::Extends) {
      CHECK(first.chain.size() == 2);
      continue;
    }
    sk::Target t(&first);
    REQUIRE(target(first, *k, t));
    CHECK(sk::when_set(*k, t));
  }
}

}  // namespace

TEST_CASE("Scenario keys: each key's example round-trips through the resolved YAML", "[io][scenario]") {
  for (const sk::Key& k : sk::keys()) {
    Doc d;
    base(d, is_trial(k));
    needs(d, k);
    d.example(k);
    round_trip("key_" + std::to_string(&k - &sk::keys()[0]), d, {&k});
  }
}

TEST_CASE("Scenario keys: a file that sets every key round-trips", "[io][scenario]") {
  // every key but those of an alternative the file takes (a trial's keys, a schedule that a
  // protocol sets); those go into a second file, with what they need
  auto taken = [](const sk::Key& k) {
    for (const sk::Key& o : sk::keys())
      if (!k.unless.empty() && (o.path == k.unless || parent(o.path) == k.unless)) return true;
    return false;
  };
  Doc all, rest;
  std::vector<const sk::Key*> in_all, in_rest;
  bool trial = false;
  for (const sk::Key& k : sk::keys()) (taken(k) ? in_rest : in_all).push_back(&k);
  for (const sk::Key* k : in_rest) trial = trial || is_trial(*k);
  base(rest, trial);
  for (const sk::Key* k : in_all) all.example(*k);
  for (const sk::Key* k : in_rest) {
    needs(rest, *k);
    rest.example(*k);
  }
  CHECK(in_all.size() + in_rest.size() == sk::keys().size());
  round_trip("every_key", all, in_all);
  round_trip("every_other_key", rest, in_rest);
}

TEST_CASE("Scenario keys: scenarios/README.md lists exactly the table's keys", "[io][scenario]") {
  std::ifstream in(kScenarios + "/README.md");
  std::stringstream text;
  text << in.rdbuf();
  REQUIRE_FALSE(text.str().empty());
  INFO("regenerate it: patella scenario-keys --write scenarios/README.md");
  CHECK(with_scenario_keys(text.str()) == text.str());
  for (const sk::Key& k : sk::keys()) CHECK_THAT(text.str(), Contains("| `" + k.path + "` |"));
  CHECK_THROWS_AS(with_scenario_keys("no markers"), ModelError);
}

TEST_CASE("Scenario keys: a bad value of any key names file:line:column, key and value",
          "[io][scenario]") {
  for (const sk::Key& k : sk::keys()) {
    // out of range where there is a range, else of the wrong kind
    std::vector<std::pair<std::string, std::string>> bad;  // value, what the message shows
    const sk::Unit* u = k.units.empty() ? nullptr : &k.units[0];
    const std::string over = u ? fmt(u->hi + 1) : "";
    const std::string unit = u && !u->text.empty() && u->text != "1" ? " " + u->text : "";
    switch (k.type) {
      case sk::Type::Text: bad = {{"{a: 1}", "wrong type"}}; break;
      case sk::Type::Name: bad = {{"a/b", "'a/b'"}}; break;
      case sk::Type::Tool: bad = {{"hammer", "'hammer'"}}; break;
      case sk::Type::Choice: bad = {{"sometimes", "'sometimes'"}}; break;
      case sk::Type::File:
      case sk::Type::Folder:
      case sk::Type::Extends: bad = {{"no_such_file", "no_such_file"}}; break;
      case sk::Type::Flag: bad = {{"maybe", "'maybe'"}}; break;
      case sk::Type::Number:
      case sk::Type::Whole:
      case sk::Type::Count: bad = {{over, over}, {"x", "'x'"}}; break;
      case sk::Type::Quantity:
        bad = {{over + unit, "'" + over + unit + "'"}};
        if (!unit.empty()) bad.push_back({over, "'" + over + "' needs its unit"});
        break;
      case sk::Type::Quantities: bad = {{"[" + over + unit + "]", "'" + over + unit + "'"}}; break;
    }
    for (const auto& [value, shown] : bad) {
      Doc d;
      base(d, is_trial(k));
      needs(d, k);
      d.set(k.path, value);
      const std::string file = write_temp("bad.yaml", d.text());
      const std::string at = file + ":" + std::to_string(d.line.at(bound(k.path))) + ":";
      INFO("key " << k.path << " = " << value << "\n" << d.text());
      try {
        read_scenario(file);
        FAIL("accepted");
      } catch (const Error& e) {
        CHECK((dynamic_cast<const ModelError*>(&e) || dynamic_cast<const IoError*>(&e)));
        CHECK_THAT(e.what(), Contains(at) && Contains("'" + leaf(k.path) + "'") && Contains(shown));
      }
    }
  }
}

TEST_CASE("Scenario keys: a misspelt key names its block's keys, with a did-you-mean",
          "[io][scenario]") {
  for (const sk::Key& k : sk::keys()) {
    if (k.path.back() == '>') continue;  // a name of the user's (a ligament prefix)
    Doc d;
    base(d, is_trial(k));
    needs(d, k);
    d.example(k);
    const std::string typo = k.path + "x";
    d.set(typo, "1");
    const std::string file = write_temp("typo.yaml", d.text());
    INFO("key " << k.path << "\n" << d.text());
    CHECK_THROWS_WITH(read_scenario(file),
                      Contains(file + ":" + std::to_string(d.line.at(bound(typo))) + ":") &&
                          Contains("unknown key '" + leaf(typo) + "'") &&
                          Contains("did you mean '" + leaf(k.path) + "'?") && Contains("(allowed: "));
  }
}

TEST_CASE("Scenario keys: a key given twice is refused, naming both lines", "[io][scenario]") {
  // yaml-cpp keeps both and a look-up takes the first: the second would be ignored silently
  const std::string twice = write_temp("twice.yaml",
                                       "name: twice\n"
                                       "model: " + std::string(PATELLA_MODELS_DIR) + "/lenhart2015\n"
                                       "gait: {cycle_csv: " + std::string(PATELLA_MODELS_DIR) +
                                           "/running/default_running_cycle.csv}\n"
                                       "muscles:\n"
                                       "  vaslat_r: {strength_scale: 80 %}\n"
                                       "  vaslat_r: {strength_scale: 50 %}\n");
  CHECK_THROWS_WITH(read_scenario(twice), Contains("twice.yaml:6:3") &&
                                              Contains("key 'vaslat_r' appears twice (first at line 5)"));
}

TEST_CASE("Scenario keys: a list or mapping used as a key is refused, naming file and line", "[io][scenario]") {
  // found by fuzzing (tests/fuzz/regressions/scenario/): yaml-cpp's "bad conversion" escaped
  const std::string file = write_temp("complex_key.yaml",
                                      "name: complex_key\n"
                                      "model: " + std::string(PATELLA_MODELS_DIR) + "/lenhart2015\n"
                                      "gait: {cycle_csv: " + std::string(PATELLA_MODELS_DIR) +
                                          "/running/default_running_cycle.csv}\n"
                                      "muscles:\n"
                                      "  ? vaslat_r: {strength_scale: 80 %}\n"
                                      "  : x\n");
  CHECK_THROWS_WITH(read_scenario(file), Contains("complex_key.yaml:5:") &&
                                             Contains("must be a single name, not a mapping"));
}

TEST_CASE("Shipped scenarios: each description says whether it is measured or which hypothesis it "
          "encodes", "[io][scenario]") {
  int files = 0;
  for (const auto& e : fs::directory_iterator(std::string(PATELLA_SOURCE_DIR) + "/scenarios")) {
    if (e.path().extension() != ".yaml" || e.path().filename() == "claims.yaml") continue;
    const Scenario s = read_scenario(e.path().string());
    INFO(e.path().filename().string() << ": " << s.description);
    const bool measured = s.description.rfind("MEASURED: ", 0) == 0 || s.description.rfind("SYNTHETIC: ", 0) == 0;
    const bool hypothesis = s.description.rfind("HYPOTHESIS: ", 0) == 0;
    CHECK((measured || hypothesis));
    // a file that changes the muscles, the knee or the motion is a hypothesis, never "measured"
    const bool what_if = !s.muscle_edits.empty() || !s.min_activation.empty() || !s.interventions.empty() ||
                         s.tuberosity_offset != 0.0 || s.step_rate_change != 0.0;
    if (what_if) CHECK(hypothesis);
    ++files;
  }
  CHECK(files >= 20);
}
