#pragma once
/// Frames and signs, written once (PHYSICS.md section 3; OpenSim convention of lenhart2015.osim).
///
/// Femur frame F (femur_distal_r): X anterior, Y superior, Z lateral (right knee).
/// Patella frame K (patella_r): X anterior (cartilage at -X), Y superior, Z lateral.
/// pf_r (F -> K): R_FK = Rz(-pf_flex) Rx(pf_rot) Ry(pf_tilt); p_FK = (pf_tx, pf_ty, pf_tz) in F.
/// - lateral shift = pf_tz (positive lateral);
/// - lateral tilt  = -pf_tilt (positive pf_tilt turns K's X axis toward -Z, i.e. medially);
/// - an external push "positive lateral" acts along +Z_F.
/// Tests: tests/mechanics/equilibrium_test.cpp ("a lateral push moves the patella laterally").
namespace patella {

/// pf_r coordinate order as in the .osim (and in CSV output).
enum PfCoordinate { kPfFlex = 0, kPfRot = 1, kPfTilt = 2, kPfTx = 3, kPfTy = 4, kPfTz = 5 };

inline double lateral_shift_from_pf(const double pf[6]) { return pf[kPfTz]; }
inline double lateral_tilt_from_pf(const double pf[6]) { return -pf[kPfTilt]; }

}  // namespace patella
