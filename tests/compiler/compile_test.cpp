#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "patella/core/error.hpp"
#include "patella/model/model.hpp"
#include "patella/compiler/compile.hpp"
#include "patella/mechanics/equilibrium.hpp"
#include "patella/mechanics/quadriceps_loads.hpp"
#include "patella/session/gait_setup.hpp"
#include "support/real_model.hpp"
#include "support/synthetic_knee.hpp"

using namespace patella;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinRel;

namespace {
/// compile()'s ModelError message for a spec ("" if it compiles or throws something else).
std::string compile_error(const ModelSpec& spec) {
  try {
    compile(spec);
  } catch (const ModelError& e) {
    return e.what();
  }
  return "";
}

/// The real spec with the femoral cartilage cut to its first 500 faces, for errors that
/// compile() finds after building the contact model: the checked element is untouched, and the
/// distance grid over 30k faces (~2 s per compile) is not rebuilt for each case.
ModelSpec light_real_spec() {
  ModelSpec s = test::real_spec();
  const ContactMeshSpec* femur = s.find_contact_mesh("femur_cartilage");
  REQUIRE(femur);
  std::vector<std::array<int, 3>>& faces = s.mesh_data.at(femur->mesh_file).faces;
  REQUIRE(faces.size() > 500);
  faces.resize(500);
  // cut to 500 faces the femoral cartilage no longer holds the patella up: the ITB pathway's
  // calibration (a passive equilibrium at 0 deg) is not part of what these tests check
  s.itb_link.enabled = false;
  return s;
}

MuscleSpec& muscle(ModelSpec& s, const std::string& name) {
  auto it = std::find_if(s.muscles.begin(), s.muscles.end(),
                         [&](const MuscleSpec& m) { return m.name == name; });
  REQUIRE(it != s.muscles.end());
  return *it;
}
}  // namespace

TEST_CASE("compile() builds the Lenhart 2015 knee", "[compile][real]") {
  const Model& m = test::real_model();
  std::set<std::string> ligaments;
  for (const PatellaLigament& l : m.ligaments) ligaments.insert(l.name);
  CHECK(m.ligaments.size() >= 18);
  for (int k = 1; k <= 6; ++k) CHECK(ligaments.count("PT" + std::to_string(k)) == 1);
  for (int k = 1; k <= 6; ++k) CHECK(ligaments.count("mPFL" + std::to_string(k)) == 1);
  for (int k = 1; k <= 8; ++k) CHECK(ligaments.count("lPFL" + std::to_string(k)) == 1);
  // the vasti split into their heads in place (models/lenhart2015/patella.yaml)
  REQUIRE(m.muscles.size() == 6);
  std::vector<std::string> got;
  for (const PatellaMuscle& pm : m.muscles) got.push_back(pm.name);
  std::vector<std::string> expected{"vll_r", "vlo_r", "vmo_r", "vml_r", "vasint_r", "recfem_r"};
  CHECK(got == expected);
  // E 10 MPa, v 0.45, 3 mm + 3 mm of cartilage: K / h = 37.93 MPa / 6 mm = 6.32 GPa/m
  const double K = 10e6 * (1 - 0.45) / ((1 + 0.45) * (1 - 2 * 0.45));
  CHECK_THAT(m.contact.modulus_over_thickness, WithinRel(K / 0.006, 1e-12));
  CHECK(m.contact.casting.area.size() > 1000);
  CHECK(m.pf_default.size() == 6);
  CHECK(m.itb.enabled);
}

TEST_CASE("the vasti's heads: F0 shares, PCSA split, groups by .osim name, own lines",
          "[compile][real]") {
  const Model& m = test::real_model();
  const Model& whole = test::real_model_unsplit();
  REQUIRE(whole.muscles.size() == 4);
  auto f0 = [](const Model& model, const std::string& name) {
    double sum = 0.0;
    for (int i : patella_muscle_group(model, name)) sum += model.muscles[i].max_isometric_force;
    return sum;
  };
  // the heads carry their muscle's whole F0 between them, in the overlay's shares
  for (const char* name : {"vaslat_r", "vasmed_r", "vasint_r", "recfem_r"})
    CHECK(f0(m, name) == Approx(f0(whole, name)).epsilon(1e-12));
  CHECK(f0(m, "vmo_r") == Approx(0.29 * f0(whole, "vasmed_r")));
  CHECK(f0(m, "vlo_r") == Approx(0.20 * f0(whole, "vaslat_r")));
  // 500 N by PCSA, then by F0 among the heads: RF + VI 35, VLL 32, VLO 8, VML 17.75, VMO 7.25 %
  const std::vector<double> q = quadriceps_split(m, 500.0);
  auto load = [&](const std::string& name) {
    double sum = 0.0;
    for (int i : patella_muscle_group(m, name)) sum += q[i];
    return sum;
  };
  CHECK(load("vaslat_r") == Approx(200.0));
  CHECK(load("vasmed_r") == Approx(125.0));
  CHECK(load("vll_r") == Approx(160.0));
  CHECK(load("vlo_r") == Approx(40.0));
  CHECK(load("vml_r") == Approx(88.75));
  CHECK(load("vmo_r") == Approx(36.25));
  CHECK(load("vasint_r") + load("recfem_r") == Approx(175.0));
  // VMO pulls medially (-Z_F) at 50 deg from the femur's long axis at the reference pose; the
  // VML at 25 deg; VLO laterally at 35 deg; VLL keeps the .osim's vaslat_r line
  const KneeFrames frames = compute_knee_frames(m, KneePose{});
  std::vector<Transform> X_G;
  auto frontal_deg = [&](const Model& model, const std::string& name) {
    const PatellaMuscle& pm = model.muscles[patella_muscle_group(model, name).at(0)];
    const Vec3 a = default_patella_state(model).X_FK * pm.p_K;
    const Vec3 b = frames.X_FB[pm.prev_body_index] * pm.prev_p_B;
    return rad_to_deg(std::atan2((b - a).z(), (b - a).y()));
  };
  CHECK(frontal_deg(m, "vmo_r") == Approx(-50.0).margin(1e-9));
  CHECK(frontal_deg(m, "vml_r") == Approx(-25.0).margin(1e-9));
  CHECK(frontal_deg(m, "vlo_r") == Approx(35.0).margin(1e-9));
  CHECK(frontal_deg(m, "vll_r") == Approx(frontal_deg(whole, "vaslat_r")).margin(1e-9));
}

TEST_CASE("compile() builds the synthetic knee", "[compile][synthetic]") {
  const std::unique_ptr<Model> m = compile(test::synthetic_knee_spec());
  CHECK(m->ligaments.size() == 4);
  CHECK(m->muscles.size() == 4);
  CHECK_FALSE(m->itb.enabled);
}

TEST_CASE("compile() names element, key and value of a bad ligament stiffness", "[compile]") {
  ModelSpec s = light_real_spec();
  for (LigamentSpec& l : s.ligaments)
    if (l.name == "PT3") l.linear_stiffness = -250.0;
  const std::string msg = compile_error(s);
  CHECK_THAT(msg, Contains("PT3") && Contains("linear_stiffness") && Contains("-250"));
}

TEST_CASE("compile() rejects a Poisson's ratio of 0.5", "[compile]") {
  ModelSpec s = test::real_spec();
  for (ContactMeshSpec& c : s.contact_meshes)
    if (c.name == "patella_cartilage") c.poissons_ratio = 0.5;
  const std::string msg = compile_error(s);
  CHECK_THAT(msg, Contains("patella_cartilage") && Contains("poissons_ratio") && Contains("0.5"));
}

TEST_CASE("compile() names a contact mesh whose file was not loaded", "[compile]") {
  ModelSpec s = test::real_spec();
  const ContactMeshSpec* femur = s.find_contact_mesh("femur_cartilage");
  REQUIRE(femur);
  const std::string file = femur->mesh_file;
  REQUIRE(s.mesh_data.erase(file) == 1);
  const std::string msg = compile_error(s);
  CHECK_THAT(msg, Contains("femur_cartilage") && Contains(file));
}

TEST_CASE("compile() names a quadriceps muscle whose path never reaches the patella",
          "[compile]") {
  ModelSpec s = light_real_spec();
  for (PathPointSpec& p : muscle(s, "vmo_r").path.points)
    if (p.body == "patella_r") p.body = "tibia_proximal_r";
  const std::string msg = compile_error(s);
  CHECK_THAT(msg, Contains("vmo_r") && Contains("patella_r"));
}

TEST_CASE("compile() names an unknown tibiofemoral mode", "[compile]") {
  ModelSpec s = light_real_spec();
  s.tibiofemoral.mode = "spline";
  const std::string msg = compile_error(s);
  CHECK_THAT(msg, Contains("tibiofemoral") && Contains("mode") && Contains("spline"));
}

TEST_CASE("compile: the gait side is part of the model - a knee alone compiles without it",
          "[compile][real]") {
  const Model& real = test::real_model();
  REQUIRE(real.has_leg);
  REQUIRE(real.has_foot);
  CHECK(real.leg.knee == &real);  // the leg is evaluated against the model that holds it
  CHECK(real.leg_muscles.muscles.size() > 30);
  CHECK(real.leg_error.empty());
  // the leg's chain joins its bodies in order, parents first
  for (std::size_t j = 1; j < real.leg.chain.size(); ++j)
    CHECK(real.tree.joints[real.leg.chain[j]].parent == real.tree.joints[real.leg.chain[j - 1]].child);

  SECTION("without the foot markers the knee and the leg compile, the foot line is missing and why") {
    ModelSpec s = light_real_spec();
    s.markers.erase(std::remove_if(s.markers.begin(), s.markers.end(),
                                   [](const MarkerSpec& m) { return m.name == "R.Heel"; }),
                    s.markers.end());
    const std::unique_ptr<Model> m = compile(s);
    CHECK(m->has_leg);
    CHECK_FALSE(m->has_foot);
    CHECK_THAT(m->foot_error, Contains("R.Heel"));
  }
  SECTION("a leg the gait cannot use is reported by the gait, not by the knee") {
    ModelSpec s = light_real_spec();
    for (MuscleSpec& mu : s.muscles)
      if (mu.name == "vll_r") mu.path.wraps.push_back("no_such_wrap");
    const std::unique_ptr<Model> m = compile(s);
    CHECK_FALSE(m->has_leg);
    CHECK_THAT(m->leg_error, Contains("vll_r") && Contains("no_such_wrap"));
  }
  SECTION("a scenario's muscle edit reaches the compiled muscle set") {
    ModelSpec s = light_real_spec();
    for (MuscleSpec& mu : s.muscles)
      if (mu.name == "vll_r") {
        mu.edit.strength_scale = 0.8;
        mu.edit.tendon_slack_change = -0.02;
        mu.activation_floor = 0.1;
      }
    const std::unique_ptr<Model> m = compile(s);
    const auto& ms = m->leg_muscles.muscles;
    const auto vl = std::find_if(ms.begin(), ms.end(), [](const LegMuscle& x) { return x.name == "vll_r"; });
    REQUIRE(vl != ms.end());
    CHECK(vl->edit.strength_scale == 0.8);
    CHECK(vl->activation_floor == 0.1);
    const MuscleSpec* orig = real.spec.find_muscle("vll_r");
    CHECK(vl->params.tendon_slack_length == orig->tendon_slack_length * (1.0 - 0.02));
  }
}

TEST_CASE("compile: a second joint onto a body (a closed loop) is named", "[compile][real]") {
  ModelSpec s = light_real_spec();
  const auto knee = std::find_if(s.joints.begin(), s.joints.end(),
                                 [](const JointSpec& j) { return j.name == "knee_r"; });
  REQUIRE(knee != s.joints.end());
  JointSpec copy = *knee;
  copy.name = "knee_r_again";
  s.joints.push_back(copy);
  CHECK_THAT(compile_error(s), Contains("knee_r_again") && Contains("already hangs from joint 'knee_r'"));
}

TEST_CASE("compile() without contact builds the same kinematics and muscles, no contact surface "
          "and no ITB pathway (for subject scaling's unscaled path lengths)", "[compile][real]") {
  const Model& full = test::real_model();
  const std::unique_ptr<Model> light = compile(test::real_spec(), KneeNames{}, CompileScope::WithoutContact);
  REQUIRE(light->has_leg);
  CHECK(light->contact.casting.centroid.empty());
  CHECK(light->contact.target.a.empty());
  CHECK_FALSE(light->has_tf_contact);
  CHECK_FALSE(light->itb.enabled);
  CHECK(full.contact.casting.centroid.size() > 1000);
  // the path lengths scaling divides by, bit for bit
  CHECK(default_pose_path_lengths(*light) == default_pose_path_lengths(full));
  REQUIRE(light->leg_muscles.muscles.size() == full.leg_muscles.muscles.size());
  for (std::size_t m = 0; m < full.leg_muscles.muscles.size(); ++m) {
    CHECK(light->leg_muscles.muscles[m].name == full.leg_muscles.muscles[m].name);
    CHECK(light->leg_muscles.muscles[m].quadriceps == full.leg_muscles.muscles[m].quadriceps);
  }
  CHECK(light->muscles.size() == full.muscles.size());
  CHECK(light->ligaments.size() == full.ligaments.size());
}
