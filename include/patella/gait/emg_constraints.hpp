#pragma once
/// The EMG-constrained control hypothesis (PHYSICS.md 7): static optimisation may not split the
/// work between synergists however its cost prefers; their activation ratios stay where running
/// EMG puts them. Two constraints, linear in the activations (gait/static_optimization.hpp):
/// - VM:VL band: vm_vl_min <= mean(VM heads) / mean(VL heads) <= vm_vl_max. Surface EMG finds
///   the vastus medialis and lateralis active together at similar normalised amplitude in running
///   ("no differences in medial/lateral aspects", Jensen, Leissring & Stephenson, ISBS
///   Proceedings Archive, female college runners on a treadmill at 1.8-2.7 m/s, EMG in % MVIC; peak VM and VL amplitudes of runners with patellofemoral pain within
///   one SD of controls at 3.3 m/s, D. L. MacIntyre, UBC thesis). Neither gives a ratio's spread:
///   the band's width is a hypothesis, swept in docs/claims.md.
/// - Hamstring co-contraction floor: mean(hamstrings) >= hamstring_floor x mean(vasti). Biceps
///   femoris EMG is high in pre-contact and braking (Kyrolainen, Avela & Komi 2005, above 100 %
///   MVC at the highest speeds); static optimisation leaves the hamstrings at their lower bound
///   through loading response. The floor's level is a hypothesis, swept likewise.
/// The bands hold static optimisation's activations; the muscles pull with the activations that
/// activation dynamics integrate from them (gait/gait_simulation.hpp), which lag and so can leave
/// the band briefly where activations change fast.
/// No measured ratio for the hip abductors (gluteus medius : TFL) in running was found, so none
/// is imposed.
#include <string>
#include <vector>

#include "patella/gait/static_optimization.hpp"
#include "patella/model/leg.hpp"

namespace patella {

struct EmgBands {
  double vm_vl_min = 0.8;        ///< [-] mean VM activation / mean VL activation, at least
  double vm_vl_max = 1.25;       ///< [-] at most
  double hamstring_floor = 0.25; ///< [-] mean hamstring activation / mean vasti activation, at least
};

/// The groups, by muscle name (the split heads and the .osim's unsplit vasti both).
const std::vector<std::string>& emg_vl_muscles();
const std::vector<std::string>& emg_vm_muscles();
const std::vector<std::string>& emg_hamstring_muscles();
const std::vector<std::string>& emg_vasti_muscles();

/// The constraints on `set`'s activations (indices into set.muscles).
/// @throws ModelError when a group has no muscle in the set or the band is empty.
std::vector<ActivationConstraint> emg_constraints(const MuscleSet& set, const EmgBands& bands);

}  // namespace patella
