#pragma once
// Every frame's detail of a gait result for pictures and replays (private to patella::io): the
// per-triangle patellar (and, with the tibia solved, tibial) contact pressure, the leg's body
// poses in femur_distal_r, the patellar ligaments' tensions and the force budget.
#include <H5Cpp.h>

#include "patella/gait/gait_simulation.hpp"

namespace patella {

void write_frame_detail(H5::Group& g, const GaitResult& res);

}  // namespace patella
