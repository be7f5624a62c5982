#pragma once
/// Small string helpers shared by the readers and the error messages.
#include <algorithm>
#include <string>
#include <vector>

namespace patella {

/// s without leading and trailing spaces, tabs and line ends.
std::string trim(const std::string& s);

/// Levenshtein distance, for did-you-mean suggestions.
std::size_t edit_distance(const std::string& a, const std::string& b);

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

}  // namespace patella
