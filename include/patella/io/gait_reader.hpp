#pragma once
/// Gait inputs from files: OpenSim inverse-kinematics coordinates (.mot/.sto) with a GRF .mot and
/// its external-force mapping (as in an OpenSim ExternalLoads file), or a one-stride cycle CSV
/// (the built-in default running cycle's format, see models/running/SOURCES.md).
#include <string>

#include "patella/gait/motion.hpp"

namespace patella {

/// @throws IoError naming file, column and line: a missing coordinate the leg needs, NaN values,
/// time ranges that do not overlap or do not cover the cycle, no foot strike found.
GaitInput read_opensim_gait(const OpenSimGaitOptions& options);

/// A one-stride cycle CSV: '#' comment lines (with '# stride_time_s: T' and
/// '# speed_m_per_s: v'), a header naming gait_percent, pelvis_tilt_deg, pelvis_list_deg,
/// pelvis_rot_deg, hip_flex_deg, hip_add_deg, hip_rot_deg, knee_flex_deg, ankle_flex_deg,
/// grf_vertical_bw, grf_anterior_bw, grf_lateral_bw, cop_foot_fraction, rows from 0 to 100 %.
/// The pelvis translation follows from the ground reaction of both feet (the left foot's is the
/// right's half a stride later, mirrored), a = sum F / m - g, integrated twice over the periodic
/// stride; forward speed is added to pelvis_tx. body_mass [kg] scales the body-weight forces.
/// @throws IoError naming file, line and column.
GaitInput read_cycle_csv(const std::string& path, double body_mass, const LegQ& defaults);


}  // namespace patella
