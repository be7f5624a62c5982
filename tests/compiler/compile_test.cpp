#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "patella/core/error.hpp"
#include "patella/model/model.hpp"
#include "patella/compiler/compile.hpp"
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
  REQUIRE(m.muscles.size() == 4);
  for (int k = 0; k < 4; ++k) CHECK(m.muscles[k].name == m.names.quadriceps[k]);
  // E 10 MPa, v 0.45, 3 mm + 3 mm of cartilage: K / h = 37.93 MPa / 6 mm = 6.32 GPa/m
  const double K = 10e6 * (1 - 0.45) / ((1 + 0.45) * (1 - 2 * 0.45));
  CHECK_THAT(m.contact.modulus_over_thickness, WithinRel(K / 0.006, 1e-12));
  CHECK(m.contact.casting.area.size() > 1000);
  CHECK(m.pf_default.size() == 6);
  CHECK(m.itb.enabled);
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
  for (PathPointSpec& p : muscle(s, "vasmed_r").path.points)
    if (p.body == "patella_r") p.body = "tibia_proximal_r";
  const std::string msg = compile_error(s);
  CHECK_THAT(msg, Contains("vasmed_r") && Contains("patella_r"));
}

TEST_CASE("compile() names an unknown tibiofemoral mode", "[compile]") {
  ModelSpec s = light_real_spec();
  s.tibiofemoral.mode = "spline";
  const std::string msg = compile_error(s);
  CHECK_THAT(msg, Contains("tibiofemoral") && Contains("mode") && Contains("spline"));
}
