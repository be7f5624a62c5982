#pragma once
/// Many scenarios' gait simulations in threads.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "patella/session/gait_setup.hpp"

namespace patella {

/// Simulates every setup, `threads` at a time (each run is independent, so the numbers do not
/// depend on the thread count). progress(name, done, total) is called under a lock.
/// check() runs before each scenario and at every frame in every thread; whatever it throws (an
/// interrupt) stops all of them and is rethrown here as it is.
/// @throws SimulationError naming the failed setup's scenario.
std::vector<GaitResult> simulate_all(
    const std::vector<std::unique_ptr<GaitSetup>>& setups, const std::vector<std::string>& labels,
    int threads, const std::function<void(const std::string&, std::size_t, std::size_t)>& progress,
    const std::function<void()>& check = nullptr);

}  // namespace patella
