// Scaling the model to a subject: segment lengths, masses and inertias, what moves with a
// segment and what keeps its size (compiler/scale_to_subject.hpp).
#include <catch2/catch.hpp>

#include "patella/compiler/scale_to_subject.hpp"
#include "patella/core/error.hpp"
#include "support/real_model.hpp"

using namespace patella;
using Catch::Matchers::Contains;

namespace {
SubjectScale subject() {
  SubjectScale s;
  s.source = "subject.yaml";
  s.body_mass = 75.0;
  s.segments = {{"femur_r", "hip_r", "knee_r", 0.45}, {"tibia_r", "knee_r", "ankle_r", 0.44}};
  s.has_hip_centre = true;
  s.hip_centre_in_pelvis = Vec3(-0.07, -0.065, 0.08);
  return s;
}
const BodySpec& body(const ModelSpec& s, const std::string& n) { return *s.find_body(n); }
}  // namespace

TEST_CASE("Subject scaling: segment lengths are the distances between the named joints' frames",
          "[compiler][scale]") {
  const ModelSpec spec = test::real_spec();
  // lenhart2015.osim: femur_r -> femur_distal_r weld at (-0.00555, -0.37418, -0.00117), the
  // knee at femur_distal_r's origin; the ankle at (-0.01008, -0.40331, 0) in tibia_r, which is
  // welded 6 mm anterior of tibia_proximal_r, the knee's child
  CHECK(segment_length(spec, "femur_r", "hip_r", "knee_r") ==
        Approx(Vec3(-0.0055513564376633642, -0.37418143637169787, -0.0011706232813375212).norm()));
  CHECK(segment_length(spec, "tibia_r", "knee_r", "ankle_r") ==
        Approx(Vec3(-0.010082668143607483 + 0.006, -0.40330672574429932, 0).norm()));
  CHECK_THROWS_WITH(segment_length(spec, "femur_r", "hip_r", "knee_rr"),
                    Contains("knee_rr") && Contains("did you mean") && Contains("knee_r"));
  CHECK_THROWS_WITH(segment_length(spec, "femur_r", "hip_r", "ankle_r"),
                    Contains("ankle_r") && Contains("femur_r"));
}

TEST_CASE("Subject scaling: the shafts carry the length, every mass the mass ratio, the knee keeps its size",
          "[compiler][scale]") {
  const ModelSpec before = test::real_spec();
  ModelSpec after = before;
  const SubjectScaling s = scale_to_subject(after, subject());
  double m0 = 0, m1 = 0;
  for (const BodySpec& b : before.bodies) m0 += b.mass;
  for (const BodySpec& b : after.bodies) m1 += b.mass;
  CHECK(m1 == Approx(75.0));
  CHECK(s.mass_factor == Approx(75.0 / m0));
  const double sf = 0.45 / segment_length(before, "femur_r", "hip_r", "knee_r");
  CHECK(s.length_factor.at("femur_r") == Approx(sf));
  CHECK(segment_length(after, "femur_r", "hip_r", "knee_r") == Approx(0.45));
  CHECK(segment_length(after, "tibia_r", "knee_r", "ankle_r") == Approx(0.44));
  // femur: mass centre and inertia; the distal femur (cartilage, ligaments) is not scaled
  CHECK(body(after, "femur_r").mass_center.y() == Approx(sf * body(before, "femur_r").mass_center.y()));
  CHECK(body(after, "femur_r").inertia[0] ==
        Approx(s.mass_factor * sf * sf * body(before, "femur_r").inertia[0]));
  CHECK(body(after, "femur_distal_r").inertia[0] ==
        Approx(s.mass_factor * body(before, "femur_distal_r").inertia[0]));
  CHECK(body(after, "patella_r").mass_center == body(before, "patella_r").mass_center);
  // a muscle point on the femur moves with it; a wrap surface moves but keeps its radius
  const PathPointSpec& p0 = before.find_muscle("vasint_r")->path.points[0];
  const PathPointSpec& p1 = after.find_muscle("vasint_r")->path.points[0];
  REQUIRE(p0.body == "femur_r");
  CHECK((p1.location - sf * p0.location).norm() < 1e-12);
  CHECK((after.find_wrap("KnExt_at_fem_r")->translation - sf * before.find_wrap("KnExt_at_fem_r")->translation).norm() < 1e-12);
  CHECK(after.find_wrap("KnExt_at_fem_r")->radius == before.find_wrap("KnExt_at_fem_r")->radius);
  // the knee's own ligaments and meshes are untouched
  CHECK(after.find_ligament("PT1")->path.points[0].location == before.find_ligament("PT1")->path.points[0].location);
  // the pelvis is not scaled: its hip centre difference is returned for the motion
  CHECK((s.hip_shift - (Vec3(-0.07, -0.065, 0.08) - before.find_joint("hip_r")->parent.translation)).norm() < 1e-12);
}

TEST_CASE("Subject scaling: bad subjects name the file and the segment", "[compiler][scale]") {
  ModelSpec spec = test::real_spec();
  SubjectScale bad = subject();
  bad.segments[1].to_joint = "ankel_r";
  CHECK_THROWS_WITH(scale_to_subject(spec, bad),
                    Contains("subject.yaml") && Contains("tibia_r") && Contains("ankle_r"));
  bad = subject();
  bad.segments.push_back(bad.segments[0]);
  CHECK_THROWS_WITH(scale_to_subject(spec, bad), Contains("femur_r") && Contains("twice"));
  bad = subject();
  bad.body_mass = -1;
  CHECK_THROWS_WITH(scale_to_subject(spec, bad), Contains("subject.yaml") && Contains("mass"));
}
