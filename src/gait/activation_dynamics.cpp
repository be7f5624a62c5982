// Activation dynamics over the cycle: the static-optimisation activations splined in time and
// followed by the first-order activation model (integrate_activations, gait_simulation.hpp).
#include <boost/numeric/odeint.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "patella/core/error.hpp"
#include "patella/core/spline.hpp"
#include "patella/gait/gait_simulation.hpp"

namespace patella {

namespace {

// activation dynamics (Millard2012's first-order model, as Thelen 2003):
// da/dt = (u - a) / tau,  tau = t_act (0.5 + 1.5 a) if u > a, else t_deact / (0.5 + 1.5 a)
double activation_rate(const LegMuscle& m, double u, double a) {
  const double tau = u > a ? m.activation_time_constant * (0.5 + 1.5 * a)
                           : m.deactivation_time_constant / (0.5 + 1.5 * a);
  return (u - a) / tau;
}

// the excitation that makes activation follow a(t) with slope adot, clamped to [a_min, 1]
double excitation_for(const LegMuscle& m, double a, double adot) {
  const double u = adot >= 0 ? a + adot * m.activation_time_constant * (0.5 + 1.5 * a)
                             : a + adot * m.deactivation_time_constant / (0.5 + 1.5 * a);
  return std::clamp(u, m.minimum_activation, 1.0);
}

std::vector<CubicSpline> activation_splines(const std::vector<double>& times,
                                            const std::vector<std::vector<double>>& a_so,
                                            bool periodic, double period) {
  const std::size_t n_muscles = a_so.front().size(), n = times.size();
  std::vector<CubicSpline> s;
  for (std::size_t m = 0; m < n_muscles; ++m) {
    std::vector<double> t, y;
    if (periodic) {  // frames span one period with both ends: repeat it either side
      for (int c = -1; c <= 1; ++c)
        for (std::size_t k = 0; k + 1 < n; ++k) {
          t.push_back(times[k] + c * period);
          y.push_back(a_so[k][m]);
        }
      t.push_back(times.back() + period);
      y.push_back(a_so.back()[m]);
    } else {
      t = times;
      for (std::size_t k = 0; k < n; ++k) y.push_back(a_so[k][m]);
    }
    s.emplace_back(t, y);
  }
  return s;
}

}  // namespace

std::vector<std::vector<double>> integrate_activations(
    const MuscleSet& set, const std::vector<double>& so_times,
    const std::vector<std::vector<double>>& a_so, bool periodic, double period,
    const std::vector<double>& times, double abs_tol, double rel_tol, int* steps,
    ActivationStepper stepper) {
  namespace odeint = boost::numeric::odeint;
  using State = std::vector<double>;
  PATELLA_THROW_UNLESS(so_times.size() == a_so.size() && !times.empty());
  const std::vector<CubicSpline> target = activation_splines(so_times, a_so, periodic, period);
  const std::size_t n = set.muscles.size();
  // with several cycles the times run on; the target repeats with the period
  auto wrap = [&](double t) {
    if (!periodic) return t;
    return so_times.front() + std::fmod(t - so_times.front(), period);
  };
  // every target spline has the frames' times as its knots: one segment search per step
  for (const CubicSpline& s : target) PATELLA_THROW_UNLESS(s.knots() == target.front().knots());
  auto rhs = [&](const State& a, State& dadt, double t) {
    const double tw = wrap(t);
    const std::size_t seg = target.front().segment(tw);
    for (std::size_t m = 0; m < n; ++m) {
      double value, slope;
      target[m].value_and_derivative(seg, tw, value, slope);
      const double as = std::clamp(value, set.muscles[m].minimum_activation, 1.0);
      const double u = excitation_for(set.muscles[m], as, slope);
      dadt[m] = activation_rate(set.muscles[m], u, std::clamp(a[m], 0.0, 1.0));
    }
  };
  State a(n);
  for (std::size_t m = 0; m < n; ++m)
    a[m] = std::clamp(a_so.front()[m], set.muscles[m].minimum_activation, 1.0);
  std::vector<std::vector<double>> out;
  out.reserve(times.size());
  // integrate_times needs strictly increasing times; a cycle's end and the next one's start
  // coincide, so integrate over the distinct times and hand each requested time its state
  std::vector<double> ts;
  std::vector<std::size_t> index(times.size());
  for (std::size_t k = 0; k < times.size(); ++k) {
    PATELLA_THROW_UNLESS(ts.empty() || times[k] >= ts.back());
    if (ts.empty() || times[k] > ts.back()) ts.push_back(times[k]);
    index[k] = ts.size() - 1;
  }
  auto observe = [&](const State& st, double) { out.push_back(st); };
  int count = 0;
  if (stepper == ActivationStepper::Dopri5) {
    auto st = odeint::make_dense_output(abs_tol, rel_tol, odeint::runge_kutta_dopri5<State>());
    count = static_cast<int>(odeint::integrate_times(st, rhs, a, ts.begin(), ts.end(), 1e-3, observe));
  } else {
    auto st = odeint::make_controlled(abs_tol, rel_tol, odeint::runge_kutta_cash_karp54<State>());
    count = static_cast<int>(odeint::integrate_times(st, rhs, a, ts.begin(), ts.end(), 1e-3, observe));
  }
  if (out.size() != ts.size())
    throw SimulationError("activation dynamics: the integrator returned " +
                          std::to_string(out.size()) + " of " + std::to_string(ts.size()) +
                          " output times");
  std::vector<std::vector<double>> at_times;
  at_times.reserve(times.size());
  for (std::size_t k = 0; k < times.size(); ++k) at_times.push_back(out[index[k]]);
  out.swap(at_times);
  if (steps) *steps = count;
  for (std::size_t k = 0; k < out.size(); ++k)
    for (std::size_t m = 0; m < n; ++m)
      if (!std::isfinite(out[k][m]))
        throw SimulationError("activation of '" + set.muscles[m].name + "' is not finite at t = " +
                              fmt(times[k]) + " s");
  return out;
}

}  // namespace patella
