#pragma once
/// What sections A-C share: the reference simulation's passive-flexion curve, the pf_r and
/// knee_r coordinate names, the units the report shows them in, and the loads they use.
#include <array>
#include <string>
#include <vector>

#include "patella/io/table.hpp"
#include "patella/mechanics/equilibrium.hpp"
#include "patella/mechanics/quadriceps_loads.hpp"

namespace patella::validation {

/// pf_r coordinates in .osim order, and the secondary knee_r (tibiofemoral) coordinates.
extern const std::array<const char*, 6> kPfNames;
extern const std::array<const char*, 5> kTfNames;

/// pf coordinate k in the report's units: degrees for the rotations (k < 3), mm otherwise.
double display_value(int k, double value);
/// "deg" or "mm".
const char* display_unit(int k);

/// Piecewise-linear y(xq) over increasing x, held constant beyond either end.
double interp(const std::vector<double>& x, const std::vector<double>& y, double xq);

/// The reference passive-flexion simulation (JAM), as functions of knee flexion [rad].
struct PassiveReference {
  std::vector<double> flexion;                  ///< strictly increasing [rad]
  std::array<std::vector<double>, 6> pf;        ///< pf_r coordinates [rad, m]
  std::array<std::vector<double>, 5> tf;        ///< knee_r secondary coordinates [rad, m]
};

/// The rows of passive_flexion_states.sto after the settling time (t >= 0.5 s) whose knee
/// flexion strictly increases (so interp can use them). @throws IoError if a column is absent.
PassiveReference passive_reference(const Table& states);

/// A total quadriceps force [N] split by PCSA, heads included (mechanics/quadriceps_loads.hpp).
KneeLoads pcsa_loads(const Model& model, double total_quadriceps);

}  // namespace patella::validation
