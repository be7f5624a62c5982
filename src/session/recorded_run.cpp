#include "patella/session/recorded_run.hpp"

#include <algorithm>
#include <cmath>

#include "patella/core/error.hpp"

namespace patella {

const std::vector<double>& RecordedRun::channel(const std::string& c) const {
  const auto it = channels.find(c);
  if (it == channels.end()) throw IoError(name + ": no channel '" + c + "'");
  return it->second;
}

std::size_t RecordedRun::peak_force_frame() const {
  const std::vector<double>& F = channel("pf_contact_force_N");
  const int last = cycle.empty() ? 0 : cycle.back();
  std::size_t best = 0;
  bool found = false;
  for (std::size_t k = 0; k < F.size(); ++k)
    if (cycle[k] == last && (!found || F[k] > F[best])) best = k, found = true;
  return best;
}

std::size_t RecordedRun::frame_at_percent(double percent) const {
  const int last = cycle.empty() ? 0 : cycle.back();
  std::size_t best = 0;
  double err = 1e300;
  for (std::size_t k = 0; k < gait_percent.size(); ++k)
    if (cycle[k] == last && std::abs(gait_percent[k] - percent) < err)
      err = std::abs(gait_percent[k] - percent), best = k;
  return best;
}

}  // namespace patella
