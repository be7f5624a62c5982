#pragma once
// Strict YAML reading shared by the model overlay and scenario readers (private to patella::io):
// every message names file and line; an unknown key is an error listing the allowed ones.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "patella/core/strings.hpp"

namespace patella::yaml_keys {

/// file:line:column of a node.
inline std::string where(const std::string& file, const YAML::Node& n) {
  return file + ":" + std::to_string(n.Mark().line + 1) + ":" + std::to_string(n.Mark().column + 1);
}

using patella::did_you_mean;

/// A key given twice in one mapping (anywhere in the document) is an error naming both places:
/// yaml-cpp keeps both and a look-up would silently take the first.
inline void check_no_duplicate_keys(const std::string& file, const YAML::Node& node) {
  if (node.IsMap()) {
    std::vector<std::pair<std::string, YAML::Mark>> seen;
    for (const auto& kv : node) {
      if (kv.first.IsScalar()) {
        const std::string key = kv.first.Scalar();
        for (const auto& [k, mark] : seen)
          if (k == key)
            throw ModelError(where(file, kv.first) + ": key '" + key + "' appears twice (first at line " +
                             std::to_string(mark.line + 1) + ")");
        seen.emplace_back(key, kv.first.Mark());
      }
      check_no_duplicate_keys(file, kv.second);
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) check_no_duplicate_keys(file, item);
  }
}

/// A YAML file read whole, its duplicate keys refused. `what` names it in messages ("the
/// scenario"). @throws IoError when it cannot be opened, ModelError naming the line of a syntax
/// error or a duplicate key.
inline YAML::Node load_file(const std::string& path, const std::string& what) {
  require_input_file(path, what);
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw IoError(path + ": cannot open " + what);
  } catch (const YAML::Exception& e) {
    throw ModelError(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  check_no_duplicate_keys(path, root);
  return root;
}

inline void check_keys(const std::string& file, const YAML::Node& map, const std::string& section,
                       const std::set<std::string>& allowed) {
  if (!map.IsMap()) throw ModelError(where(file, map) + ": '" + section + "' must be a mapping");
  for (const auto& kv : map) {
    if (!kv.first.IsScalar())  // "? {a: 1}: x": a list or mapping as a key (found by fuzzing)
      throw ModelError(where(file, kv.first) + ": a key in " + section + " must be a single name, not a " +
                       (kv.first.IsSequence() ? "list" : kv.first.IsMap() ? "mapping" : "null"));
    const std::string key = kv.first.Scalar();
    if (!allowed.count(key)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      throw ModelError(where(file, kv.first) + ": unknown key '" + key + "' in " + section +
                       did_you_mean(key, allowed) + " (allowed: " + list + ")");
    }
  }
}

/// The text of a scalar node; a list or mapping where a name belongs is an error naming file,
/// line and what was expected (yaml-cpp's own message is just "bad conversion").
inline std::string scalar(const std::string& file, const YAML::Node& n, const std::string& what) {
  if (!n.IsScalar())
    throw ModelError(where(file, n) + ": " + what + " must be a single name, not a " +
                     (n.IsSequence() ? "list" : n.IsMap() ? "mapping" : "null"));
  return n.Scalar();
}

template <class T>
T get(const std::string& file, const YAML::Node& map, const std::string& key, const T& fallback) {
  const YAML::Node n = map[key];
  if (!n) return fallback;
  try {
    return n.as<T>();
  } catch (const YAML::Exception&) {
    throw ModelError(where(file, n) + ": key '" + key + "' has value '" + n.Scalar() +
                     "' of the wrong type");
  }
}

}  // namespace patella::yaml_keys
