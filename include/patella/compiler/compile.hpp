#pragma once
/// The model compiler (MuJoCo's user/ above engine/): spec in, immutable Model out. Every check
/// runs here once; calibration steps that need a solver are named functions below.
#include <memory>

#include "patella/model/model.hpp"

namespace patella {

/// Checks the spec once and builds the model, running calibrate_itb_link_slack when the spec has
/// an ITB-patellar link. @throws ModelError naming element, key and value.
std::unique_ptr<Model> compile(ModelSpec spec, const KneeNames& names = KneeNames{});

/// Calibration step: the ITB-patellar link is just taut in the relaxed straight knee, so its
/// slack length is its length at the passive patellar equilibrium at 0 deg (quadriceps at
/// minimum_activation x F0, link disabled). Sets model.itb.slack_length.
/// @throws ModelError when that equilibrium does not converge.
void calibrate_itb_link_slack(Model& model);

}  // namespace patella
