#pragma once
// Latin hypercube sampling (McKay, Beckman and Conover 1979): n points in [0, 1)^k, each
// dimension cut into n equal strata with exactly one point in each, at a uniform place inside it.
#include <cstdint>
#include <vector>

namespace patella {

/// Row by row (point i's coordinate j at [i * k + j]); the same seed gives the same points on
/// every machine (core/seeded_random.hpp). Throws std::invalid_argument for k < 1.
std::vector<double> latin_hypercube(std::size_t n, int k, std::uint64_t seed);

}  // namespace patella
