// Scenario keys set by path (what a sweep sample changes) and the sweep file's strict reading:
// each mistake a user can make names the file, the line, the key and the value.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "patella/core/error.hpp"
#include "patella/io/scenario.hpp"
#include "patella/io/sweep_file.hpp"
#include "support/temp_files.hpp"

using namespace patella;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

const std::string kScenarios = std::string(PATELLA_SOURCE_DIR) + "/scenarios";

// a sweep file in a temporary folder, its scenario paths pointing at the shipped scenarios
std::string sweep_file(const std::string& name, const std::string& body) {
  const fs::path dir = test::temp_dir("patella_sweep_file_test");
  const fs::path p = dir / (name + ".yaml");
  std::ofstream(p) << body;
  return p.string();
}

const std::string kHead = "name: s\nscenario: " + kScenarios + "/vastus_medialis_weakness.yaml\nbaseline: " +
                          kScenarios + "/baseline_running.yaml\n";
const std::string kTail = "metrics: [lateral shift at peak PF]\n";
const std::string kUniform =
    "parameters:\n"
    "  - key: knee.ligament_stiffness.PT\n"
    "    distribution: uniform\n"
    "    low: 80 %\n"
    "    high: 120 %\n"
    "    source: test\n";

std::string error_of(const std::string& body) {
  try {
    read_sweep(sweep_file("bad", body));
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a key set by path lands in the scenario as a file extending it would set it", "[sweep]") {
  const std::string file = kScenarios + "/vastus_medialis_weakness.yaml";
  const Scenario plain = read_scenario(file);
  const Scenario s = read_scenario(file, {{"muscles.vasmed_r.taut_band.fraction", "12.5 %"},
                                          {"knee.ligament_stiffness.PT", "90 %"},
                                          {"knee.quadriceps_angle", "2 deg"},
                                          {"emg.vm_vl_min", "0.7"}});
  // merged field by field: the file's weakness stays, the band is added
  CHECK(s.muscle_edits.at("vasmed_r").strength_scale == plain.muscle_edits.at("vasmed_r").strength_scale);
  CHECK(s.muscle_edits.at("vasmed_r").taut_band.fraction == Approx(0.125).epsilon(1e-15));
  CHECK(s.ligament_stiffness.at("PT") == Approx(0.9).epsilon(1e-15));
  CHECK(s.quadriceps_angle == Approx(2 * M_PI / 180).epsilon(1e-15));
  CHECK(s.emg.vm_vl_min == 0.7);
  CHECK(s.name == plain.name);
  // a value written with 17 digits reads back to the same double
  SweepParameter pt;
  pt.key = "knee.ligament_stiffness.PT";
  pt.unit = "%";
  const KeyOverride o = override_of(pt, 0.1 + 0.2, plain);
  CHECK(o.value == "0.30000000000000004 %");
  CHECK(read_scenario(file, {o}).ligament_stiffness.at("PT") == (0.1 + 0.2) / 100);
}

TEST_CASE("a key set by path is checked as in a file: unknown, not numeric, in a list, out of range", "[sweep]") {
  const std::string file = kScenarios + "/baseline_running.yaml";
  CHECK_THROWS_WITH(read_scenario(file, {{"knee.quadriceps_angel", "2 deg"}}),
                    Contains("unknown scenario key 'knee.quadriceps_angel'") &&
                        Contains("did you mean 'knee.quadriceps_angle'"));
  CHECK_THROWS_WITH(read_scenario(file, {{"knee.tibiofemoral", "1"}}), Contains("does not take a number"));
  CHECK_THROWS_WITH(read_scenario(file, {{"interventions.release", "5 %"}}), Contains("unknown scenario key"));
  CHECK_THROWS_WITH(numeric_scenario_key("interventions[].release"), Contains("inside a list"));
  CHECK_THROWS_WITH(read_scenario(file, {{"knee.quadriceps_angle", "40 deg"}}),
                    Contains("quadriceps_angle") && Contains("outside [-20, 20] deg"));
  CHECK_THROWS_WITH(read_scenario(file, {{"knee.quadriceps_angle", "2 deg"}, {"knee.quadriceps_angle", "3 deg"}}),
                    Contains("set twice"));
  const NumericKey k = numeric_scenario_key("muscles.vaslat_r.strength_scale");
  CHECK(k.path == "muscles.<muscle>.strength_scale");
  CHECK(k.name == "vaslat_r");
  REQUIRE(k.units == std::vector<std::string>{"%"});
  CHECK(k.range[0] == std::make_pair(0.0, 300.0));
}

TEST_CASE("scenario_sets tells the keys a scenario gives a value of its own", "[sweep]") {
  const Scenario weak = read_scenario(kScenarios + "/vastus_medialis_weakness.yaml");
  const Scenario base = read_scenario(kScenarios + "/baseline_running.yaml");
  CHECK(scenario_sets(weak, "muscles.vasmed_r.strength_scale"));
  CHECK_FALSE(scenario_sets(base, "muscles.vasmed_r.strength_scale"));
  CHECK_FALSE(scenario_sets(weak, "muscles.vasmed_r.taut_band.fraction"));
}

TEST_CASE("a sweep file is read with its parameters in their units", "[sweep]") {
  const SweepSpec s = read_sweep(sweep_file(
      "good", kHead + "design: sobol\nsamples: 8\nseed: 7\nbootstrap: 50\ncontrols: [compensated, uncompensated]\n" +
                  kTail +
                  "parameters:\n"
                  "  - key: muscles.vasmed_r.strength_scale\n"
                  "    distribution: normal\n"
                  "    mean: 70 %\n"
                  "    sd: 10 %\n"
                  "    truncate: [50 %, 90 %]\n"
                  "    source: test\n"
                  "    applies: where_set\n"
                  "  - key: knee.quadriceps_angle\n"
                  "    distribution: lognormal\n"
                  "    median: 2 deg\n"
                  "    log_sd: 0.3\n"
                  "    truncate: [1 deg, 4 deg]\n"
                  "    source: test\n"));
  CHECK(s.design == SweepDesign::Sobol);
  CHECK(s.samples == 8);
  CHECK(s.seed == 7);
  CHECK(s.bootstrap == 50);
  CHECK(s.controls == std::vector<std::string>{"compensated", "uncompensated"});
  REQUIRE(s.parameters.size() == 2);
  CHECK(s.parameters[0].unit == "%");
  CHECK(s.parameters[0].where_set);
  CHECK(s.parameters[0].distribution.kind == Distribution::Kind::Normal);
  CHECK(s.parameters[0].distribution.a == 70);
  CHECK(s.parameters[0].distribution.low == 50);
  CHECK(s.parameters[1].unit == "deg");
  CHECK(s.parameters[1].distribution.b == 0.3);
  CHECK(override_of(s.parameters[1], 2.5, Scenario{}).value == "2.5 deg");
}

TEST_CASE("a parameter combines with the scenario's own value: replace, multiply, add", "[sweep]") {
  const Scenario weak = read_scenario(kScenarios + "/vastus_medialis_weakness.yaml");  // vasmed_r 70 %
  const Scenario base = read_scenario(kScenarios + "/baseline_running.yaml");
  SweepParameter p;
  p.key = "muscles.vasmed_r.strength_scale";
  p.unit = "%";
  CHECK(scenario_value(weak, p.key, "%") == Approx(70).epsilon(1e-14));
  CHECK(scenario_value(base, p.key, "%") == 100);
  CHECK(override_of(p, 110, weak).value == "110 %");
  p.combine = SweepParameter::Combine::Multiply;
  CHECK(std::stod(override_of(p, 110, weak).value) == Approx(77).epsilon(1e-14));
  CHECK(std::stod(override_of(p, 110, base).value) == Approx(110).epsilon(1e-14));
  p.combine = SweepParameter::Combine::Add;
  CHECK(std::stod(override_of(p, -5, weak).value) == Approx(65).epsilon(1e-14));
  CHECK_THROWS_WITH(override_of(p, 250, base), Contains("added to baseline_running's 100 % gives 350 %") &&
                                                  Contains("outside the key's range [0, 300] %"));
  SweepParameter q;
  q.key = "kinematics.femoral_internal_rotation_planted_foot";
  q.unit = "deg";
  q.combine = SweepParameter::Combine::Add;
  const Scenario hip = read_scenario(kScenarios + "/hip_adduction_internal_rotation.yaml");
  CHECK(std::stod(override_of(q, 1, hip).value) ==
        Approx(scenario_value(hip, q.key, "deg") + 1).epsilon(1e-14));
  CHECK(scenario_value(hip, q.key, "deg") > 0);
}

TEST_CASE("a sweep file's mistakes are errors naming line, key and value", "[sweep]") {
  const std::string lhs = "design: latin_hypercube\nsamples: 4\n";
  CHECK_THAT(error_of(kHead + lhs + kTail + kUniform + "sampels: 3\n"),
             Contains("bad.yaml:") && Contains("unknown key 'sampels'") && Contains("did you mean 'samples'"));
  CHECK_THAT(error_of(kHead + "design: latin_hypercub\nsamples: 4\n" + kTail + kUniform),
             Contains(":4:") && Contains("latin_hypercub") && Contains("did you mean 'latin_hypercube'"));
  CHECK_THAT(error_of(kHead + lhs + "metrics: [lateral shift at peak pf]\n" + kUniform),
             Contains("unknown metric") && Contains("did you mean 'lateral shift at peak PF'"));
  CHECK_THAT(error_of(kHead + lhs + "levels: 4\n" + kTail + kUniform),
             Contains("'levels' does not belong to design 'latin_hypercube'"));
  CHECK_THAT(error_of(kHead + "design: morris\n" + kTail + kUniform), Contains("needs 'trajectories'"));
  CHECK_THAT(error_of(kHead + "design: morris\ntrajectories: 3\nlevels: 5\n" + kTail + kUniform),
             Contains("must be even"));
  std::string p = kUniform;
  CHECK_THAT(error_of(kHead + lhs + kTail + std::string(p).replace(p.find("PT"), 2, "PT\n    unit: mm")),
             Contains("unknown key 'unit' in a parameter"));
  CHECK_THAT(error_of(kHead + lhs + kTail + std::string(p).replace(p.find("80 %"), 4, "0.8")),
             Contains(":10:") && Contains("'low' value '0.8'") && Contains("takes '%'"));
  CHECK_THAT(error_of(kHead + lhs + kTail + std::string(p).replace(p.find("120 %"), 5, "1.2 mm")),
             Contains("'high' value '1.2 mm'"));
  CHECK_THAT(error_of(kHead + lhs + kTail + std::string(p).replace(p.find("120 %"), 5, "600 %")),
             Contains("reaches [80, 600] %") && Contains("outside the scenario key's range [0, 500] %"));
  CHECK_THAT(error_of(kHead + lhs + kTail + std::string(p).replace(p.find("PT"), 2, "PT\n    source: x")),
             Contains("appears twice"));
  CHECK_THAT(error_of(kHead + lhs + kTail +
                      "parameters:\n  - key: knee.quadriceps_angle\n    distribution: normal\n    mean: 0 deg\n"
                      "    sd: 2 deg\n    source: s\n"),
             Contains("needs 'truncate'"));
  CHECK_THAT(error_of(kHead + lhs + kTail +
                      "parameters:\n  - key: knee.quadriceps_angle\n    distribution: normal\n    mean: 0 deg\n"
                      "    sd: 2 deg\n    low: 1 deg\n    source: s\n"),
             Contains("'low' does not belong to a normal distribution"));
  CHECK_THAT(error_of(kHead + lhs + kTail +
                      "parameters:\n  - key: knee.quadriceps_angle\n    distribution: uniform\n    low: 0 deg\n"
                      "    high: 2 deg\n    source: s\n    applies: where_set\n"),
             Contains("applies where_set, but no scenario of the sweep sets that key"));
  CHECK_THAT(error_of(kHead + lhs + kTail +
                      "parameters:\n  - key: cycles\n    distribution: uniform\n    low: 1\n    high: 3\n"
                      "    source: s\n"),
             Contains("takes a whole number"));
  CHECK_THAT(error_of(kHead + lhs + kTail +
                      "parameters:\n  - key: muscles.vasmed_r.strength_scale\n    distribution: uniform\n"
                      "    low: 90 %\n    high: 80 %\n    source: s\n"),
             Contains("strength_scale"));
  CHECK_THAT(error_of("name: s\nscenario: nowhere.yaml\n" + lhs + kTail + kUniform),
             Contains("'nowhere.yaml' does not exist"));
  CHECK_THAT(error_of("name: s\n" + lhs + kTail + kUniform), Contains("needs 'scenario'") && Contains("or 'claims'"));
  CHECK_THAT(error_of("name: s\nclaims: " + kScenarios + "/claims.yaml\n" + lhs + kTail + kUniform),
             Contains("'metrics' does not belong with 'claims'"));
  CHECK_THAT(error_of(kHead + lhs + kTail + std::string(p).replace(p.find("PT"), 2, "PT\n    combine: times")),
             Contains("'combine' value 'times'") && Contains("replace, multiply, add"));
  CHECK_THAT(error_of(kHead + lhs + kTail +
                      "parameters:\n  - key: knee.quadriceps_angle\n    distribution: uniform\n    low: 0 deg\n"
                      "    high: 2 deg\n    source: s\n    combine: multiply\n"),
             Contains("cannot multiply"));
}

TEST_CASE("a key's value when a scenario does not set it: its neutral value, or none from the model files",
          "[sweep]") {
  const Scenario base = read_scenario(kScenarios + "/baseline_running.yaml");
  // a ligament group without a scale of its own keeps its stiffness: 100 %, not the map's 0
  CHECK(scenario_value(base, "knee.ligament_stiffness.PT", "%") == 100);
  CHECK(scenario_value(base, "knee.ligament_slack_change.PT", "%") == 0);
  CHECK(scenario_value(base, "kinematics.hip_adduction_offset", "deg") == 0);
  CHECK_THROWS_WITH(scenario_value(base, "knee.cartilage_elastic_modulus", "MPa"),
                    Contains("comes from the model files") && Contains("replace it, not multiply"));
  SweepParameter p;
  p.key = "knee.itb_kaplan_stiffness";
  p.unit = "N/mm";
  p.combine = SweepParameter::Combine::Add;
  CHECK_THROWS_WITH(override_of(p, 1, base), Contains("comes from the model files"));
}

TEST_CASE("keys a sweep cannot set alone are refused - a ligament set to 0 % is set", "[sweep]") {
  CHECK_THROWS_WITH(numeric_scenario_key("gait.filter_hz"), Contains("belongs to 'gait'") && Contains("as a whole"));
  CHECK_THROWS_WITH(numeric_scenario_key("protocol.days"), Contains("belongs to 'protocol'"));
  // a Number key is a plain number
  CHECK(numeric_scenario_key("emg.vm_vl_min").units == std::vector<std::string>{"1"});
  const fs::path dir = test::temp_dir("patella_sweep_file_test");
  std::ofstream(dir / "torn.yaml") << "extends: " << kScenarios << "/baseline_running.yaml\nname: torn\n"
                                   << "knee:\n  ligament_stiffness: {mPFL: 0 %}\n";
  const Scenario torn = read_scenario((dir / "torn.yaml").string());
  CHECK(scenario_sets(torn, "knee.ligament_stiffness.mPFL"));
  CHECK(scenario_value(torn, "knee.ligament_stiffness.mPFL", "%") == 0);
  CHECK_FALSE(scenario_sets(torn, "knee.ligament_stiffness.PT"));
  CHECK(scenario_value(torn, "knee.ligament_stiffness.PT", "%") == 100);
}
