#pragma once
/// Basic linear-algebra types. Everything inside the core is SI (m, N, s, rad).
#include <Eigen/Core>
#include <Eigen/Geometry>

namespace patella {

using Vec3 = Eigen::Vector3d;
using Mat3 = Eigen::Matrix3d;

/// Rigid transform X_AB: pose of frame B in frame A (p_AP = X_AB * p_BP).
struct Transform {
  Mat3 R = Mat3::Identity();  ///< R_AB, columns are B's axes expressed in A
  Vec3 p = Vec3::Zero();      ///< p_AB, B's origin from A's origin, expressed in A [m]

  Vec3 operator*(const Vec3& p_B) const { return R * p_B + p; }
  Transform operator*(const Transform& X_BC) const { return {R * X_BC.R, R * X_BC.p + p}; }
  Transform inverse() const { return {R.transpose(), -(R.transpose() * p)}; }
};

/// Skew-symmetric matrix [v]x with [v]x w = v x w.
inline Mat3 skew(const Vec3& v) {
  Mat3 S;
  S << 0, -v.z(), v.y(), v.z(), 0, -v.x(), -v.y(), v.x(), 0;
  return S;
}

/// Rotation about a unit axis by angle [rad].
inline Mat3 axis_angle(const Vec3& axis, double angle) {
  return Eigen::AngleAxisd(angle, axis.normalized()).toRotationMatrix();
}

/// OpenSim's body-fixed X-Y-Z Euler angles (orientation / xyz_body_rotation properties).
inline Mat3 body_fixed_xyz(const Vec3& angles) {
  return axis_angle(Vec3::UnitX(), angles.x()) * axis_angle(Vec3::UnitY(), angles.y()) *
         axis_angle(Vec3::UnitZ(), angles.z());
}

/// The rotation vector (axis times angle, rad) of a rotation matrix.
inline Vec3 rotation_vector(const Mat3& R) {
  const Eigen::AngleAxisd aa(R);
  return aa.angle() * aa.axis();
}

constexpr double kPi = 3.14159265358979323846;
constexpr double deg_to_rad(double deg) { return deg * kPi / 180.0; }
constexpr double rad_to_deg(double rad) { return rad * 180.0 / kPi; }

}  // namespace patella
