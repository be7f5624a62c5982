#pragma once
// Strict YAML reading shared by the model overlay and scenario readers (private to patella::io):
// every message names file and line; an unknown key is an error listing the allowed ones.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "patella/core/error.hpp"

namespace patella::yaml_keys {

/// file:line:column of a node.
inline std::string where(const std::string& file, const YAML::Node& n) {
  return file + ":" + std::to_string(n.Mark().line + 1) + ":" + std::to_string(n.Mark().column + 1);
}

/// Edit distance, for did-you-mean suggestions.
inline std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

/// " (did you mean 'x'?)" for the closest candidate within a few edits, else "".
template <class Names>
std::string did_you_mean(const std::string& key, const Names& candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, key.size() / 3) + 1;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(key, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

inline void check_keys(const std::string& file, const YAML::Node& map, const std::string& section,
                       const std::set<std::string>& allowed) {
  if (!map.IsMap()) throw ModelError(where(file, map) + ": '" + section + "' must be a mapping");
  for (const auto& kv : map) {
    const std::string key = kv.first.as<std::string>();
    if (!allowed.count(key)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      throw ModelError(where(file, kv.first) + ": unknown key '" + key + "' in " + section +
                       did_you_mean(key, allowed) + " (allowed: " + list + ")");
    }
  }
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
