#pragma once
// The scenario file's keys, each declared once (scenario_keys.cpp): reading a file, merging it
// over the one it `extends`, writing the resolved YAML and the key list of scenarios/README.md
// all walk this table. Private to patella::io (and its tests).
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "patella/io/scenario.hpp"

namespace patella::scenario_keys {

enum class Type {
  Text,        // any string
  Name,        // letters, digits, '_', '-', '.' (it names files)
  File,        // a path relative to the scenario file, which must exist
  Folder,      // the same, a folder
  Extends,     // the parent scenario: a File the reader follows; never written, never merged
  Flag,        // true/false
  Number,      // a plain number in the unit's range
  Whole,       // a whole number in the range
  Count,       // a number in the range, its fraction dropped (as it always was)
  Quantity,    // "<number> <unit>": the unit is part of the value
  Quantities,  // a list of them
  Tool,        // one of release_tools()
  Choice,      // one of the key's `choices`
};

/// A unit a value may be written in, its range in that unit, and the conversions between the
/// number as read (for '%' already divided by 100) and the Scenario's field.
struct Unit {
  std::string text;  // after the number: "deg", "%", "mm"; "1": no unit; Number: shown in errors
  double lo = 0.0, hi = 0.0;  // as written: '%' keys in percent
  double (*in)(double) = nullptr;   // null: as read
  double (*out)(double) = nullptr;  // null: as stored
};

/// Where a key's value lives: the scenario, and the name or item of a repeated key.
struct Target {
  explicit Target(Scenario* sc, std::string n = "", Scenario::Intervention* x = nullptr)
      : s(sc), name(std::move(n)), item(x) {}
  Scenario* s;
  std::string name;                         // the `<muscle>` or `<prefix>` in the key's path
  Scenario::Intervention* item = nullptr;   // the `[]` item
};
using Ref = std::variant<std::string*, double*, int*, bool*, std::vector<double>*>;

struct Key {
  std::string path;  // dotted: "knee.quadriceps_angle", "muscles.<muscle>.release", "interventions[].tool"
  Type type = Type::Text;
  std::vector<Unit> units;  // Number, Whole, Count, Quantity(ies): the first is the one written
  std::string example;      // a valid value that is not the default (tests); paths as seen from scenarios/
  std::string doc;          // one line for scenarios/README.md
  Ref (*at)(Target&) = nullptr;
  /// Written to the resolved YAML only if this holds (null: always).
  bool (*written)(const Key&, Target&) = nullptr;
  std::string* (*where)(Target&) = nullptr;  // keeps the value's file:line:col, for later errors
  std::string* (*text)(Target&) = nullptr;   // keeps the value as written, for later errors
  bool required = false;  // a file that has the block must set it
  bool exact = false;     // written with 17 digits: what is recomputed from it must read back equal
  std::string unless;     // belongs to the alternative to this key or block (set only when it is not)
  std::string shape;      // Quantities: what a value of the wrong shape is told
  std::vector<std::string> choices;  // Choice: the values allowed, the first the default
  /// The value the model takes when a file does not set the key, where the field's default
  /// stands for "not set" instead (a ligament's stiffness scale: 1); NaN: the field's default.
  double absent = std::numeric_limits<double>::quiet_NaN();
  bool from_model = false;  // when not set, the model files give the value (no value of its own)
};

enum class Merge { ByKey, Whole, Append };
enum class Entry { None, Needs, Choice };

/// A block of keys: a map ("gait"), a map of names ("muscles", "muscles.<muscle>") or a list
/// ("interventions[]").
struct Section {
  std::string path;
  std::string label;  // in messages; '*' stands for the name
  std::string shape;  // a map of names or a list: what a node of the wrong shape is told
  Merge merge = Merge::ByKey;  // ByKey: key by key; Whole: a file that has it replaces it; Append
  /// Needs: the required keys are checked on entering the block. Choice: the keys marked
  /// `unless` a sibling belong to the alternative `choice` names (and the required among them
  /// are needed without the sibling).
  Entry entry = Entry::None;
  std::string choice;
  bool flow = false;  // written on one line
  std::string* (*where)(Target&) = nullptr;  // keeps the block's file:line:col
  void (*enter)(Target&) = nullptr;          // the entry the block makes in the Scenario
  std::set<std::string> (*names)(const Scenario&) = nullptr;           // a map of names
  std::vector<Scenario::Intervention>* (*items)(Scenario&) = nullptr;  // a list
  bool (*written)(const Scenario&) = nullptr;  // null: when any key in it is written
};

/// The keys, in the order the resolved YAML writes them.
const std::vector<Key>& keys();
const std::vector<Section>& sections();

/// The keys as a tree of their paths' segments; `children` in reading or in writing order.
struct Node {
  std::string name;  // the path segment: "gait", "<muscle>", "interventions[]", "fraction"
  std::string path;
  const Key* key = nullptr;          // a leaf
  const Section* section = nullptr;  // otherwise
  std::vector<Node> children;
  std::string yaml() const;  // the name as a YAML key ("interventions" for "interventions[]")
  bool list() const;
  bool names() const;        // a map of names: its one child is `<...>`
};
const Node& reading_tree();
const Node& writing_tree();

/// Helpers on the table.
std::string label(const Section& s, const std::string& name);
bool when_set(const Key& k, Target& t);            // the value differs from a new Scenario's
bool is_set(const std::string& path, Target& t);   // a key or block `unless` names
bool same(const Ref& a, const Ref& b);
void copy(const Ref& to, const Ref& from);

}  // namespace patella::scenario_keys
