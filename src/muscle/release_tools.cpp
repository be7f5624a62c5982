#include "patella/muscle/release_tools.hpp"

#include <algorithm>
#include <stdexcept>

namespace patella {

const std::vector<std::string>& release_tools() {
  static const std::vector<std::string> tools{"massage_stick", "massage_ball", "cane",
                                              "foam_roller", "percussion", "floss_band"};
  return tools;
}

ReleaseEstimate tool_release(const std::string& tool, double minutes_since) {
  auto fade = [&](double r0, double minutes) {
    return r0 * std::clamp(1.0 - minutes_since / minutes, 0.0, 1.0);
  };
  if (tool == "massage_stick")
    return {fade(0.052, 3.0),
            "massage: -5.2 % stiffness, gone within 3 min (Eriksson Crommert et al. 2015)"};
  if (tool == "massage_ball" || tool == "cane")
    return {fade(0.118, 30.0),
            "ischemic compression: -11.8 % stiffness (Kisilewicz et al. 2018), fading by 30 min"};
  if (tool == "foam_roller")
    return {0.0, "foam rolling: no pooled stiffness change (Glanzel et al. 2023)"};
  if (tool == "percussion" || tool == "floss_band")
    return {0.0, "no stiffness measurement found for this tool"};
  throw std::invalid_argument("tool_release: unknown tool '" + tool + "'");
}

std::vector<double> session_times(const TreatmentProtocol& p) {
  std::vector<double> t;
  for (int d = 0; d < p.days; ++d)
    for (int s = 0; s < p.per_day; ++s) t.push_back(d * 1440.0 + s * 1440.0 / p.per_day);
  return t;
}

double release_over_protocol(const std::string& tool, const std::vector<double>& session_ends,
                             double t) {
  const auto after = std::upper_bound(session_ends.begin(), session_ends.end(), t);
  if (after == session_ends.begin()) return 0.0;
  return tool_release(tool, t - *(after - 1)).release;
}

}  // namespace patella
