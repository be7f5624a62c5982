#include "patella/session/run_all.hpp"

#include <algorithm>
#include <exception>
#include <atomic>
#include <mutex>
#include <thread>

#include "patella/core/error.hpp"

namespace patella {

std::vector<GaitResult> simulate_all(
    const std::vector<std::unique_ptr<GaitSetup>>& setups, const std::vector<std::string>& labels,
    int threads, const std::function<void(const std::string&, std::size_t, std::size_t)>& progress,
    const std::function<void()>& check) {
  const std::size_t n = setups.size();
  std::vector<GaitResult> results(n);
  std::vector<std::string> errors(n);
  std::atomic<std::size_t> next{0};
  std::mutex lock;
  std::size_t done = 0;
  // What `check` throws stops every worker at its next frame and is rethrown as it is, not
  // turned into a SimulationError of one scenario; Stop carries it out of simulate_gait.
  struct Stop {};
  std::exception_ptr stopped;
  std::atomic<bool> stopping{false};
  auto poll = [&]() {
    if (stopping) throw Stop{};
    if (!check) return;
    try {
      check();
    } catch (...) {
      std::lock_guard<std::mutex> guard(lock);
      if (!stopped) stopped = std::current_exception();
      stopping = true;
      throw Stop{};
    }
  };
  auto worker = [&]() {
    for (std::size_t i = next++; i < n; i = next++) {
      try {
        poll();
        const GaitSetup& g = *setups[i];
        results[i] = simulate_gait(*g.model, g.model->leg, g.model->leg_muscles, g.input, g.model->foot, g.options,
                                   [&](const std::string&, int, int) { poll(); });
      } catch (const Stop&) {
        return;
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
      std::lock_guard<std::mutex> guard(lock);
      ++done;
      if (progress) progress(labels[i], done, n);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::min<int>(std::max(threads, 1), static_cast<int>(n)); ++t)
    pool.emplace_back(worker);
  for (std::thread& t : pool) t.join();
  if (stopped) std::rethrow_exception(stopped);
  for (std::size_t i = 0; i < n; ++i)
    if (!errors[i].empty()) throw SimulationError(labels[i] + ": " + errors[i]);
  return results;
}

}  // namespace patella
