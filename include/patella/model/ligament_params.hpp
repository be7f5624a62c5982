#pragma once
/// Blankevoort 1991 ligament parameters (the force law is in mechanics/ligament.hpp).
namespace patella {

struct BlankevoortParams {
  double linear_stiffness = 0.0;   ///< k [N], > 0
  double slack_length = 0.0;       ///< l0 [m], > 0
  double transition_strain = 0.06; ///< e_t [-], > 0
};

}  // namespace patella
