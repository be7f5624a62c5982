#include "patella/mechanics/kinematics.hpp"

#include <Eigen/LU>
#include <cmath>

#include "patella/core/error.hpp"

namespace patella {

namespace {

// natural cubic spline second derivatives (Numerical Recipes tridiagonal solve)
std::vector<double> spline_second_derivatives(const std::vector<double>& x,
                                              const std::vector<double>& y) {
  const std::size_t n = x.size();
  std::vector<double> y2(n, 0.0), u(n, 0.0);
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double sig = (x[i] - x[i - 1]) / (x[i + 1] - x[i - 1]);
    const double p = sig * y2[i - 1] + 2.0;
    y2[i] = (sig - 1.0) / p;
    const double d = (y[i + 1] - y[i]) / (x[i + 1] - x[i]) - (y[i] - y[i - 1]) / (x[i] - x[i - 1]);
    u[i] = (6.0 * d / (x[i + 1] - x[i - 1]) - sig * u[i - 1]) / p;
  }
  for (std::size_t k = n - 1; k-- > 0;) y2[k] = y2[k] * y2[k + 1] + u[k];
  return y2;
}

double eval_spline(const std::vector<double>& x, const std::vector<double>& y, double xq) {
  const std::size_t n = x.size();
  if (n == 1) return y[0];
  if (n == 2) return y[0] + (y[1] - y[0]) * (xq - x[0]) / (x[1] - x[0]);
  const std::vector<double> y2 = spline_second_derivatives(x, y);
  // outside the knots: linear extrapolation with the end slope
  if (xq <= x.front() || xq >= x.back()) {
    const std::size_t i = xq <= x.front() ? 0 : n - 2;
    const double h = x[i + 1] - x[i];
    const double slope = (y[i + 1] - y[i]) / h +
                         (xq <= x.front() ? -h * (2 * y2[i] + y2[i + 1]) / 6.0
                                          : h * (y2[i] + 2 * y2[i + 1]) / 6.0);
    const double x0 = xq <= x.front() ? x.front() : x.back();
    const double y0 = xq <= x.front() ? y.front() : y.back();
    return y0 + slope * (xq - x0);
  }
  std::size_t lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const std::size_t mid = (lo + hi) / 2;
    (x[mid] > xq ? hi : lo) = mid;
  }
  const double h = x[hi] - x[lo];
  const double a = (x[hi] - xq) / h, b = (xq - x[lo]) / h;
  return a * y[lo] + b * y[hi] + ((a * a * a - a) * y2[lo] + (b * b * b - b) * y2[hi]) * h * h / 6.0;
}

// rotation-vector log of a rotation matrix (small-angle safe)
Vec3 rotation_log(const Mat3& R) {
  const Eigen::AngleAxisd aa(R);
  return aa.axis() * aa.angle();
}

}  // namespace

double eval_function(const FunctionSpec& f, double x) {
  switch (f.kind) {
    case FunctionSpec::Kind::Constant: return f.scale * f.value;
    case FunctionSpec::Kind::Linear: return f.scale * (f.slope * x + f.intercept);
    case FunctionSpec::Kind::SimmSpline: return f.scale * eval_spline(f.x, f.y, x);
  }
  return 0.0;
}

Transform offset_transform(const OffsetFrameSpec& frame) {
  return {body_fixed_xyz(frame.orientation), frame.translation};
}

Transform joint_transform(const JointSpec& joint, const std::vector<double>& q) {
  Transform X;
  if (joint.type != "CustomJoint") return X;  // WeldJoint: identity between the offset frames
  PATELLA_THROW_UNLESS(q.size() == joint.coordinates.size());
  double f[6];
  for (int k = 0; k < 6; ++k) {
    const TransformAxisSpec& ax = joint.axes[k];
    double x = 0.0;
    if (!ax.coordinate.empty()) {
      for (std::size_t i = 0; i < joint.coordinates.size(); ++i)
        if (joint.coordinates[i].name == ax.coordinate) x = q[i];
    }
    f[k] = eval_function(ax.function, x);
  }
  // body-fixed rotation sequence, then translations along the parent-frame axes
  X.R = axis_angle(joint.axes[0].axis, f[0]) * axis_angle(joint.axes[1].axis, f[1]) *
        axis_angle(joint.axes[2].axis, f[2]);
  X.p = f[3] * joint.axes[3].axis.normalized() + f[4] * joint.axes[4].axis.normalized() +
        f[5] * joint.axes[5].axis.normalized();
  return X;
}

Transform joint_child_in_parent(const JointSpec& joint, const std::vector<double>& q) {
  return offset_transform(joint.parent) * joint_transform(joint, q) *
         offset_transform(joint.child).inverse();
}

std::vector<double> joint_coordinates(const JointSpec& joint, const Transform& X_target,
                                      const std::vector<double>& q0) {
  const std::size_t n = joint.coordinates.size();
  PATELLA_THROW_UNLESS(q0.size() == n && n <= 6);
  std::vector<double> q = q0;
  auto residual = [&](const std::vector<double>& qq) {
    const Transform X = joint_child_in_parent(joint, qq);
    Eigen::Matrix<double, 6, 1> r;
    r << rotation_log(X_target.R.transpose() * X.R), X.p - X_target.p;
    return r;
  };
  for (int it = 0; it < 50; ++it) {
    const Eigen::Matrix<double, 6, 1> r = residual(q);
    if (r.norm() < 1e-12) return q;
    // finite-difference Jacobian: only used for output conversion, never in a hot loop
    Eigen::MatrixXd J(6, n);
    for (std::size_t j = 0; j < n; ++j) {
      std::vector<double> qp = q;
      qp[j] += 1e-7;
      J.col(j) = (residual(qp) - r) / 1e-7;
    }
    const Eigen::VectorXd dq = J.colPivHouseholderQr().solve(-r);
    for (std::size_t j = 0; j < n; ++j) q[j] += dq[j];
    if (dq.norm() < 1e-13) break;
  }
  if (residual(q).norm() > 1e-8)
    throw SimulationError("joint '" + joint.name +
                          "': could not find coordinates for the given pose (residual " +
                          fmt(residual(q).norm()) + ")");
  return q;
}

std::map<std::string, Transform> body_poses_in_ground(const ModelSpec& spec,
                                                      const std::map<std::string, double>& values) {
  std::map<std::string, Transform> X_G;
  X_G["ground"] = Transform{};
  // repeat passes until no joint adds a body (the tree is small)
  bool added = true;
  while (added) {
    added = false;
    for (const JointSpec& j : spec.joints) {
      if (X_G.count(j.child.body) || !X_G.count(j.parent.body)) continue;
      std::vector<double> q;
      for (const CoordinateSpec& c : j.coordinates) {
        auto it = values.find(c.name);
        q.push_back(it != values.end() ? it->second : c.default_value);
      }
      X_G[j.child.body] = X_G[j.parent.body] * joint_child_in_parent(j, q);
      added = true;
    }
  }
  for (const BodySpec& b : spec.bodies)
    if (!X_G.count(b.name))
      throw ModelError(spec.source_file + ": body '" + b.name + "' has no joint path to ground");
  return X_G;
}

}  // namespace patella
