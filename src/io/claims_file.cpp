#include "patella/io/claims_file.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "patella/core/strings.hpp"
#include "patella/gait/compare.hpp"

namespace patella {

std::vector<Claim> read_claims(const std::string& path) {
  require_input_file(path, "the claims file");
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw IoError(path + ": cannot read (" + e.msg + ")");
  }
  std::vector<Claim> claims;
  try {  // a wrong shape (a list where text belongs) is yaml-cpp's bare "bad conversion"
    for (const YAML::Node& n : root["claims"]) {
      Claim c;
      c.line = static_cast<int>(n.Mark().line) + 1;
      for (auto [key, field] : {std::pair<const char*, std::string*>{"claim", &c.text},
                                {"scenario", &c.scenario}, {"baseline", &c.baseline},
                                {"metric", &c.metric}, {"expected", &c.expected},
                                {"literature", &c.literature}}) {
        if (!n[key])
          throw ModelError(path + ":" + std::to_string(n.Mark().line + 1) + ": a claim needs '" + key + "'");
        *field = n[key].as<std::string>();
      }
      if (c.expected != "increase" && c.expected != "decrease")
        throw ModelError(path + ":" + std::to_string(n["expected"].Mark().line + 1) +
                         ": 'expected' must be increase or decrease");
      claims.push_back(c);
    }
  } catch (const YAML::Exception& e) {
    throw ModelError(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg +
                     " (each claim's keys take one text value)");
  }
  std::vector<std::string> metric_names;
  for (const auto& m : comparison_metrics()) metric_names.push_back(m.first);
  for (const Claim& c : claims)
    if (std::find(metric_names.begin(), metric_names.end(), c.metric) == metric_names.end())
      throw ModelError(path + ":" + std::to_string(c.line) + ": unknown metric '" + c.metric + "'" +
                       did_you_mean(c.metric, metric_names));
  return claims;
}

}  // namespace patella
