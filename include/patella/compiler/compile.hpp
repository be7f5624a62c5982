#pragma once
/// The model compiler (MuJoCo's user/ above engine/): spec in, immutable Model out. Every check
/// runs here once; calibration steps that need a solver are named functions below.
#include <memory>

#include "patella/model/model.hpp"

namespace patella {

/// What compile builds: everything, or all but the articular contact surfaces and the ITB
/// pathway (and so no calibration solve): the kinematics, the ligaments and the muscles, knee
/// and leg. Subject scaling needs only the unscaled model's muscle path lengths.
enum class CompileScope { Full, WithoutContact };

/// Checks the spec once and builds the model, running calibrate_itb_bundles when the spec has
/// an ITB pathway. @throws ModelError naming element, key and value.
std::unique_ptr<Model> compile(ModelSpec spec, const KneeNames& names = KneeNames{},
                               CompileScope scope = CompileScope::Full);

/// Calibration step: the iliopatellar bundles' slack lengths l0 = l_ref / (1 + e_ref), with l_ref
/// their length at the passive patellar equilibrium at 0 deg (quadriceps at minimum_activation x
/// F0, bundles disabled, the ITB node at its Kaplan anchor) and e_ref the overlay's
/// reference_strain; then their linear stiffnesses, equal parts of the measured total.
/// @throws ModelError when that equilibrium does not converge.
void calibrate_itb_bundles(Model& model);

}  // namespace patella
