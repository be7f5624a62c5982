// Clinical patellar alignment (mechanics/clinical_alignment.hpp): the shift from the trochlear
// groove's deepest point and the tilt against the posterior condylar line, on the real knee.
#include <catch2/catch.hpp>

#include <cmath>

#include "patella/core/conventions.hpp"
#include "patella/mechanics/clinical_alignment.hpp"
#include "support/knee_runs.hpp"
#include "support/real_model.hpp"

using namespace patella;
using test::real_model;

namespace {
// the patella seated under 500 N of quadriceps at a knee flexion [deg]
Transform seated(double knee_deg) {
  const SweepRow row = test::solve_at(real_model(), knee_deg, test::standard_loads(real_model()));
  REQUIRE(row.report.converged);
  return row.state.X_FK;
}

Transform about_y(const Transform& X, double angle, const Vec3& about) {
  const Eigen::Matrix3d R = Eigen::AngleAxisd(angle, Vec3::UnitY()).toRotationMatrix();
  return {R * X.R, R * (X.p - about) + about};
}
}  // namespace

TEST_CASE("Clinical alignment: moving the patella laterally moves its shift from the groove as much",
          "[mechanics][clinical]") {
  const Model& m = real_model();
  const ClinicalFrame fr = make_clinical_frame(m.contact);
  // the posterior condylar line joins a medial and a lateral point, behind the groove
  CHECK(fr.lateral_condyle_F.z() > fr.medial_condyle_F.z() + 0.03);
  for (double deg : {20.0, 45.0}) {
    const Transform X = seated(deg);
    const ClinicalAlignment a = clinical_alignment(m.contact, fr, X);
    INFO(deg << " deg");
    REQUIRE(a.groove_found);
    // the loaded patella sits within a few millimetres of the groove bottom
    CHECK(std::abs(a.lateral_shift) < 3e-3);
    Transform moved = X;
    moved.p += 1e-3 * Vec3::UnitZ();  // 1 mm laterally (F: z lateral)
    const ClinicalAlignment b = clinical_alignment(m.contact, fr, moved);
    REQUIRE(b.groove_found);
    // the ridge moves 1 mm across the rays (nearly along z) while the groove stays
    CHECK(b.lateral_shift - a.lateral_shift == Approx(1e-3).epsilon(0.1));
    CHECK(b.lateral_tilt == Approx(a.lateral_tilt).margin(1e-12));
  }
}

TEST_CASE("Clinical alignment: turning the patella's lateral border posteriorly is lateral tilt",
          "[mechanics][clinical]") {
  const Model& m = real_model();
  const ClinicalFrame fr = make_clinical_frame(m.contact);
  const Transform X = seated(45.0);
  const ClinicalAlignment a = clinical_alignment(m.contact, fr, X);
  // a rotation about F's y (the femur's long axis) by -2 deg takes +z (lateral) toward -x
  // (posterior): the lateral border goes back, the tilt grows by 2 deg
  const ClinicalAlignment b = clinical_alignment(m.contact, fr, about_y(X, deg_to_rad(-2.0), X.p));
  CHECK(b.lateral_tilt - a.lateral_tilt == Approx(deg_to_rad(2.0)).epsilon(0.05));
}

TEST_CASE("Clinical alignment: deep in flexion the patella has left the trochlea and the shift is not defined",
          "[mechanics][clinical]") {
  const Model& m = real_model();
  const ClinicalAlignment a = clinical_alignment(m.contact, make_clinical_frame(m.contact), seated(100.0));
  CHECK_FALSE(a.groove_found);
  CHECK(std::isnan(a.lateral_shift));
  CHECK(std::isfinite(a.lateral_tilt));
}
