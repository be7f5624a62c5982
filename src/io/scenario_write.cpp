// Writing from the key table: the resolved scenario as YAML (result files' provenance) and the
// key list of scenarios/README.md.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>

#include "patella/core/error.hpp"
#include "patella/io/scenario.hpp"
#include "patella/io/scenario_key_list.hpp"
#include "patella/muscle/release_tools.hpp"
#include "scenario_keys.hpp"

namespace patella {

namespace sk = scenario_keys;

namespace {

// every digit a double has, so a value read back is the value written
std::string exact(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

std::string quantity_text(const sk::Key& k, double v) {
  const sk::Unit& u = k.units[0];
  const double x = u.out ? u.out(v) : v;
  return (k.exact ? exact(x) : fmt(x)) + (u.text == "1" ? "" : " " + u.text);
}

void write_value(YAML::Emitter& e, const sk::Key& k, sk::Target& t) {
  const sk::Ref r = k.at(t);
  switch (k.type) {
    case sk::Type::Flag: e << *std::get<bool*>(r); break;
    case sk::Type::Number: e << *std::get<double*>(r); break;
    case sk::Type::Whole:
    case sk::Type::Count: e << *std::get<int*>(r); break;
    case sk::Type::Quantity: e << quantity_text(k, *std::get<double*>(r)); break;
    case sk::Type::Quantities:
      e << YAML::Flow << YAML::BeginSeq;
      for (double v : *std::get<std::vector<double>*>(r)) e << quantity_text(k, v);
      e << YAML::EndSeq;
      break;
    default: e << *std::get<std::string*>(r);
  }
}

bool written(const sk::Node& n, sk::Target& t) {
  if (const sk::Key* k = n.key) {
    if (k->type == sk::Type::Extends) return false;  // the resolved scenario has no parent
    if (!k->unless.empty() && sk::is_set(k->unless, t)) return false;
    return !k->written || k->written(*k, t);
  }
  if (n.list()) return !n.section->items(*t.s)->empty();
  if (n.names()) return !n.section->names(*t.s).empty();
  if (n.section->written) return n.section->written(*t.s);
  for (const sk::Node& c : n.children)
    if (written(c, t)) return true;
  return false;
}

void write_block(YAML::Emitter& e, const sk::Node& node, sk::Target& t) {
  for (const sk::Node& c : node.children) {
    if (!written(c, t)) continue;
    e << YAML::Key << c.yaml() << YAML::Value;
    if (c.key) {
      write_value(e, *c.key, t);
    } else if (c.list()) {
      e << YAML::BeginSeq;
      for (Scenario::Intervention& x : *c.section->items(*t.s)) {
        sk::Target item{t.s, t.name, &x};
        if (c.section->flow) e << YAML::Flow;
        e << YAML::BeginMap;
        write_block(e, c, item);
        e << YAML::EndMap;
      }
      e << YAML::EndSeq;
    } else if (c.names()) {
      const sk::Node& each = c.children[0];
      if (c.section->flow) e << YAML::Flow;
      e << YAML::BeginMap;
      for (const std::string& name : c.section->names(*t.s)) {
        sk::Target named{t.s, name, t.item};
        e << YAML::Key << name << YAML::Value;
        if (each.key) {
          write_value(e, *each.key, named);
          continue;
        }
        if (each.section->flow) e << YAML::Flow;
        e << YAML::BeginMap;
        write_block(e, each, named);
        e << YAML::EndMap;
      }
      e << YAML::EndMap;
    } else {
      if (c.section->flow) e << YAML::Flow;
      e << YAML::BeginMap;
      write_block(e, c, t);
      e << YAML::EndMap;
    }
  }
}

std::string type_text(const sk::Key& k) {
  std::string units;
  for (const sk::Unit& u : k.units) units += (units.empty() ? "`" : " or `") + u.text + "`";
  std::string s;
  switch (k.type) {
    case sk::Type::Text: s = "text"; break;
    case sk::Type::Name: s = "text (letters, digits, `_-.`, no leading `.`)"; break;
    case sk::Type::File:
    case sk::Type::Extends: s = "file"; break;
    case sk::Type::Folder: s = "folder"; break;
    case sk::Type::Flag: s = "true/false"; break;
    case sk::Type::Number: s = "number (" + k.units[0].text + ")"; break;
    case sk::Type::Whole:
    case sk::Type::Count: s = "whole number"; break;
    case sk::Type::Quantity: s = k.units[0].text == "1" ? "number" : units; break;
    case sk::Type::Quantities: s = "list of " + units; break;
    case sk::Type::Tool: {
      for (const std::string& tool : release_tools()) s += (s.empty() ? "`" : ", `") + tool + "`";
      break;
    }
    case sk::Type::Choice: {
      for (const std::string& c : k.choices) s += (s.empty() ? "one of `" : ", `") + c + "`";
      break;
    }
  }
  if (!k.unless.empty()) return s + (k.required ? ", required without `" : ", not with `") + k.unless + "`";
  return k.required ? s + ", required" : s;
}

std::string range_text(const sk::Key& k) {
  std::string s;
  for (const sk::Unit& u : k.units) {
    if (u.lo == u.hi) continue;
    s += (s.empty() ? "" : ", ") + fmt(u.lo) + (u.lo < 0 ? " to " : "-") + fmt(u.hi);
    if (!u.text.empty() && u.text != "1") s += " " + u.text;
  }
  return s.empty() ? "-" : s;
}

const char* kBegin = "<!-- keys:begin -->";
const char* kEnd = "<!-- keys:end -->";

}  // namespace

std::string resolved_scenario_yaml(const Scenario& scenario) {
  Scenario s = scenario;  // the accessors may add a map entry; never to the caller's
  sk::Target t{&s};
  YAML::Emitter e;
  e << YAML::BeginMap;
  write_block(e, sk::writing_tree(), t);
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

std::string scenario_keys_text() {
  std::string out;
  for (const sk::Key& k : sk::keys()) {
    std::string type = type_text(k);
    type.erase(std::remove(type.begin(), type.end(), '`'), type.end());
    out += k.path + "  [" + type + (range_text(k) == "-" ? "" : "; " + range_text(k)) + "]\n    " +
           k.doc + "\n";
  }
  return out;
}

std::string scenario_keys_markdown() {
  std::string out = "| key | unit / type | range | meaning |\n|---|---|---|---|\n";
  for (const sk::Key& k : sk::keys())
    out += "| `" + k.path + "` | " + type_text(k) + " | " + range_text(k) + " | " + k.doc + " |\n";
  return out;
}

std::string with_scenario_keys(const std::string& text) {
  const std::size_t begin = text.find(kBegin);
  const std::size_t end = begin == std::string::npos ? begin : text.find(kEnd, begin);
  if (end == std::string::npos)
    throw ModelError(std::string("no '") + kBegin + "' ... '" + kEnd + "' block to replace");
  const std::size_t from = begin + std::string(kBegin).size();
  return text.substr(0, from) + "\n" + scenario_keys_markdown() + text.substr(end);
}

}  // namespace patella
