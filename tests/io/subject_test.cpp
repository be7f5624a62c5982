// The files that scale a model to a runner: the subject file and the strength table; and an
// IK file that names its coordinates as gait2392 does.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "patella/core/error.hpp"
#include "patella/io/gait_reader.hpp"
#include "patella/io/load_model.hpp"
#include "patella/io/subject_read.hpp"

using namespace patella;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {
const std::string kModels = PATELLA_MODELS_DIR;
std::string write_temp(const std::string& name, const std::string& text) {
  const fs::path p = fs::temp_directory_path() / name;
  std::ofstream(p) << text;
  return p.string();
}
}  // namespace

TEST_CASE("Subject file: the shipped runner reads with his mass, segments and hip centre", "[io][subject]") {
  const SubjectScale s = read_subject(kModels + "/running/hamner2013_subject01/subject.yaml");
  CHECK(s.body_mass == 72.94);
  REQUIRE(s.segments.size() == 4);
  CHECK(s.segments[0].body == "femur_r");
  CHECK(s.segments[0].from_joint == "hip_r");
  CHECK(s.segments[0].to_joint == "knee_r");
  CHECK(s.segments[0].length == Approx(0.448351));
  CHECK(s.has_hip_centre);
  CHECK(s.hip_centre_in_pelvis.y() == Approx(-0.064210892062280006));
}

TEST_CASE("Subject file: mistakes name the file, line and key", "[io][subject]") {
  CHECK_THROWS_WITH(read_subject(write_temp("subj_key.yaml", "body_mass_kg: 70\nsegmnts: []\n")),
                    Contains("subj_key.yaml:2") && Contains("segmnts") && Contains("segments"));
  CHECK_THROWS_WITH(read_subject(write_temp("subj_mass.yaml", "name: x\n")),
                    Contains("subj_mass.yaml") && Contains("body_mass_kg"));
  CHECK_THROWS_WITH(read_subject(write_temp("subj_len.yaml",
                                            "body_mass_kg: 70\nsegments:\n  - {body: femur_r, from: hip_r, to: knee_r, length_m: -1}\n")),
                    Contains("subj_len.yaml:3") && Contains("length_m") && Contains("-1"));
  CHECK_THROWS_WITH(read_subject(write_temp("subj_seg.yaml",
                                            "body_mass_kg: 70\nsegments:\n  - {body: femur_r, from: hip_r, length_m: 0.4}\n")),
                    Contains("subj_seg.yaml:3") && Contains("'to'"));
  CHECK_THROWS_WITH(read_subject(write_temp("subj_hip.yaml", "body_mass_kg: 70\nhip_centre_in_pelvis_m: [1, 2]\n")),
                    Contains("subj_hip.yaml:2") && Contains("three numbers"));
}

TEST_CASE("Strength table: named muscles take its force before the vasti are split", "[io][subject]") {
  ModelLoadOptions o;
  o.strength_file = kModels + "/lenhart2015/strength/rajagopal2016.csv";
  const ModelSpec s = load_model_spec(kModels + "/lenhart2015", o);
  const ModelSpec plain = load_model_spec(kModels + "/lenhart2015");
  // Rajagopal2015.osim: vaslat_r 5148.76721311476 N, split by the overlay's 80/20 % shares
  const MuscleSpec* vll = s.find_muscle("vll_r");
  REQUIRE(vll);
  CHECK(vll->max_isometric_force / plain.find_muscle("vll_r")->max_isometric_force ==
        Approx(5148.76721311476 / 2255.4).epsilon(1e-4));
  CHECK(s.find_muscle("soleus_r")->max_isometric_force == Approx(6194.84262295082));
  // gem_r is not in the table: it keeps the .osim's value, and the load says so
  CHECK(s.find_muscle("gem_r")->max_isometric_force == plain.find_muscle("gem_r")->max_isometric_force);
  bool warned = false;
  for (const std::string& w : s.warnings) warned = warned || (w.find("gem_r") != std::string::npos);
  CHECK(warned);

  ModelSpec spec = plain;
  CHECK_THROWS_WITH(apply_strength_table(spec, write_temp("str_name.csv", "# c\nmuscle,max_isometric_force_N\nsolues_r,100\n")),
                    Contains("str_name.csv:3") && Contains("solues_r") && Contains("soleus_r"));
  CHECK_THROWS_WITH(apply_strength_table(spec, write_temp("str_val.csv", "muscle,max_isometric_force_N\nsoleus_r,-5\n")),
                    Contains("str_val.csv:2") && Contains("-5"));
  CHECK_THROWS_WITH(apply_strength_table(spec, write_temp("str_head.csv", "name,force\nsoleus_r,5\n")),
                    Contains("str_head.csv:1") && Contains("max_isometric_force_N"));
}

TEST_CASE("An IK file with gait2392 coordinate names reads into this model, the knee angle negated",
          "[io][subject]") {
  // the walking trial's own file, its columns renamed as gait2392 / Hamner / Rajagopal name them
  std::ifstream in(kModels + "/lenhart2015/motion/overground_17_ik.mot");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const std::size_t header = text.find("\n", text.find("endheader")) + 1;
  const std::size_t end = text.find("\n", header);
  std::string names = text.substr(header, end - header);
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"\tpelvis_rot\t", "\tpelvis_rotation\t"}, {"\thip_flex_r\t", "\thip_flexion_r\t"},
           {"\tknee_flex_r\t", "\tknee_angle_r\t"}, {"\tankle_flex_r\t", "\tankle_angle_r\t"}}) {
    const std::size_t p = names.find(from);
    REQUIRE(p != std::string::npos);
    names.replace(p, from.size(), to);
  }
  std::string renamed = text.substr(0, header) + names + text.substr(end);
  OpenSimGaitOptions o;
  o.grf_file = kModels + "/lenhart2015/motion/overground_17_grf.mot";
  o.mapping = {"ground_force_2_v", "ground_force_2_p", "ground_torque_2_", "calcn_r"};
  o.cycle_start = 1.263;
  o.cycle_end = 2.3105;
  o.coordinates_file = kModels + "/lenhart2015/motion/overground_17_ik.mot";
  const GaitInput own = read_opensim_gait(o);
  o.coordinates_file = write_temp("gait2392_names.mot", renamed);
  const GaitInput g = read_opensim_gait(o);
  for (double t : {1.3, 1.7, 2.2}) {
    CHECK(g.q[kKneeFlex].value(t) == Approx(-own.q[kKneeFlex].value(t)));
    CHECK(g.q[kHipFlex].value(t) == Approx(own.q[kHipFlex].value(t)));
    CHECK(g.q[kPelvisRot].value(t) == Approx(own.q[kPelvisRot].value(t)));
  }
  bool noted = false;
  for (const std::string& n : g.notes) noted = noted || n.find("-knee_angle_r as knee_flex_r") != std::string::npos;
  CHECK(noted);
}
