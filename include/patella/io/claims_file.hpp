#pragma once
/// The claims file (scenarios/claims.yaml): each self-treatment claim with the scenario that
/// tests it, its baseline, the metric and window, the direction it asserts and what was measured.
#include <string>
#include <vector>

namespace patella {

struct Claim {
  std::string text, scenario, baseline, metric, expected, literature;
  int line = 0;
};

/// @throws ModelError / IoError naming file and line: a claim without one of its keys, an
/// `expected` other than increase or decrease, an unknown metric (with a did-you-mean).
/// Scenario paths are as written (relative to the claims file's folder).
std::vector<Claim> read_claims(const std::string& path);

}  // namespace patella
