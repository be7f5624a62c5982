#include "patella/study/sweep_samples.hpp"

#include <cmath>
#include <stdexcept>

#include "patella/core/error.hpp"
#include "patella/core/latin_hypercube.hpp"
#include "patella/core/sobol_indices.hpp"

namespace patella {

SweepSamples sweep_samples(const SweepSpec& spec) {
  SweepSamples s;
  s.k = static_cast<int>(spec.parameters.size());
  const int k = s.k;
  switch (spec.design) {
    case SweepDesign::LatinHypercube:
      s.u = latin_hypercube(static_cast<std::size_t>(spec.samples), k, spec.seed);
      break;
    case SweepDesign::Sobol:
      s.base = static_cast<std::size_t>(spec.samples);
      s.u = saltelli_points(s.base, k);
      break;
    case SweepDesign::Morris:
      s.morris = morris_design(k, spec.samples, spec.levels, spec.seed);
      s.u = s.morris.points;
      break;
    case SweepDesign::Grid: {
      const std::size_t total = static_cast<std::size_t>(std::llround(std::pow(spec.levels, k)));
      s.u.resize(total * k);
      for (std::size_t i = 0; i < total; ++i) {
        std::size_t rest = i;
        for (int j = k - 1; j >= 0; --j) {  // the last parameter varies fastest
          s.u[i * k + j] = static_cast<double>(rest % spec.levels) / (spec.levels - 1);
          rest /= spec.levels;
        }
      }
      break;
    }
  }
  s.n = s.u.size() / static_cast<std::size_t>(k);
  s.value.resize(s.u.size());
  for (std::size_t i = 0; i < s.n; ++i)
    for (int j = 0; j < k; ++j) {
      try {
        s.value[i * k + j] = quantile(spec.parameters[j].distribution, s.u[i * k + j]);
      } catch (const std::invalid_argument& e) {
        throw ModelError(spec.parameters[j].where + ": parameter '" + spec.parameters[j].key + "': " + e.what());
      }
    }
  return s;
}

}  // namespace patella
