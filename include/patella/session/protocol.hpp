#pragma once
/// A treatment protocol's course over days, as a table.
#include "patella/core/column_table.hpp"
#include "patella/session/scenario.hpp"

namespace patella {

/// A protocol's course over days, every `step_min` minutes from the first session to one day
/// after the last and at every session's end: time_h, day, then per intervention its release
/// (release_<tool>_<muscle>, %) and per treated muscle what is left of its taut band
/// (band_fraction_<muscle>, % of the fibres), with units and descriptions. Empty without a
/// protocol.
ColumnTable protocol_table(const Scenario& scenario, double step_min = 15.0);

}  // namespace patella
