#pragma once
/// A synthetic right knee built in code, mirror-symmetric about z = 0 of the femur frame F:
/// a trochlea shaped as a groove of revolution about Z_F (radius R + a z^2, deepest at z = 0),
/// a patellar cartilage patch of the same shape facing it, patellar tendon and PFL pairs at
/// +/- z, vaslat/vasmed mirror images and vasint/recfem on z = 0. Used to check that a
/// symmetric knee under a symmetric load neither shifts nor tilts.
#include "patella/model/spec.hpp"
#include "patella/compiler/compile.hpp"

namespace patella::test {

/// Groove geometry shared by the femoral and patellar surfaces [m, 1/m].
struct SyntheticGroove {
  static constexpr double radius = 0.025;     ///< R: groove bottom, distance from Z_F
  static constexpr double curvature = 15.0;   ///< a: depth grows as a z^2
  static constexpr double patella_x = 0.035;  ///< default pf_tx: patella origin 10 mm anterior
};

/// The spec (bodies, joints, meshes in mesh_data, ligaments, muscles, contact), ready for
/// compile(): itb_link disabled, tibiofemoral mode "zero".
ModelSpec synthetic_knee_spec();

}  // namespace patella::test
