#pragma once
/// Signal processing for gait data: the zero-phase low-pass filter for noisy coordinates.
#include <vector>

#include "patella/core/spline.hpp"

namespace patella {



/// Zero-phase low-pass Butterworth (a 2nd-order section run forward and backward: 4th order in
/// effect, no phase lag; OpenSim's ID tool also filters coordinates with a zero-phase low-pass,
/// commonly at 6 Hz) of uniformly sampled data; the ends are padded by odd reflection.
std::vector<double> lowpass_filtfilt(const std::vector<double>& y, double sample_rate_hz,
                                     double cutoff_hz);

}  // namespace patella
