#pragma once
// Sobol' low-discrepancy points in [0, 1)^d (Sobol' 1967), with the direction numbers of Joe and
// Kuo (2008), "Constructing Sobol sequences with better two-dimensional projections", SIAM J.
// Sci. Comput. 30:2635-2654, file new-joe-kuo-6.21201 (its first 31 dimensions), in Gray-code
// order as in Joe and Kuo's reference generator (Antonov and Saleev 1979). Point 0 is the origin.
#include <cstdint>
#include <vector>

namespace patella {

/// The most dimensions sobol_points can give (the direction numbers held).
int sobol_max_dimensions();

/// Points 0 .. n-1 of the d-dimensional sequence, row by row (point i's coordinate j at
/// [i * d + j]); exact multiples of 2^-32. Throws std::invalid_argument for d outside
/// 1 .. sobol_max_dimensions() or n above 2^32.
std::vector<double> sobol_points(std::uint64_t n, int d);

}  // namespace patella
