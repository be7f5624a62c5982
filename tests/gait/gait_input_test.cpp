// Gait inputs: the default running cycle matches its published targets; OpenSim trials are read
// with their force mapping; bad files fail with file, column and line.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "patella/core/error.hpp"
#include "patella/gait/inverse_dynamics.hpp"
#include "patella/io/gait_reader.hpp"
#include "patella/io/scenario.hpp"
#include "patella/mechanics/equilibrium.hpp"
#include "patella/compiler/compile_leg.hpp"
#include "patella/mechanics/leg_kinematics.hpp"
#include "support/real_model.hpp"

using namespace patella;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {
const std::string kModels = PATELLA_MODELS_DIR;

LegQ model_defaults(const Model& m) {
  LegQ q{};
  for (int d = 0; d < kNumLegDofs; ++d)
    for (const JointSpec& j : m.spec.joints)
      for (const CoordinateSpec& c : j.coordinates)
        if (c.name == leg_dof_names()[d]) q[d] = c.default_value;
  return q;
}

double stance_peak(const GaitInput& in, int dof) {
  double peak = -1e9;
  for (double t = in.t_start; t <= in.stance_end; t += 1e-3) peak = std::max(peak, in.q[dof].value(t));
  return rad_to_deg(peak);
}

std::string write_temp(const std::string& name, const std::string& text) {
  const fs::path p = fs::temp_directory_path() / "patella_gait_input_test";
  fs::create_directories(p);
  std::ofstream(p / name) << text;
  return (p / name).string();
}

// the walking trial's IK file with one edit applied to its text
std::string edited_trial(const std::string& name, const std::function<void(std::string&)>& edit) {
  std::ifstream in(kModels + "/lenhart2015/motion/overground_17_ik.mot");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  edit(text);
  return write_temp(name, text);
}
}  // namespace

TEST_CASE("Running cycle: matches Heiderscheit 2011 Table 3 and the stance share", "[gait]") {
  const Model& m = test::real_model();
  const Leg leg = make_leg(m);
  const GaitInput in = read_cycle_csv(kModels + "/running/default_running_cycle.csv",
                                      leg.body_mass, model_defaults(m));
  CHECK(rad_to_deg(in.q[kKneeFlex].value(0.0)) == Approx(17.8).margin(0.05));
  CHECK(stance_peak(in, kKneeFlex) == Approx(46.3).margin(0.1));
  CHECK(stance_peak(in, kHipAdd) == Approx(10.4).margin(0.1));
  CHECK(stance_peak(in, kHipRot) == Approx(0.4).margin(0.1));
  const double stance = (in.stance_end - in.t_start) / (in.t_end - in.t_start);
  CHECK(stance > 0.30);  // Gazendam & Hof 2007: 30-37 %
  CHECK(stance <= 0.37 + 1e-9);
}

TEST_CASE("Walking trial: plate 2 is under the right foot during its stance", "[gait]") {
  const Model& m = test::real_model();
  const Leg leg = make_leg(m);
  const Scenario sc = read_scenario(std::string(PATELLA_SOURCE_DIR) + "/scenarios/baseline_walking.yaml");
  const GaitInput in = read_opensim_gait(sc.trial);
  REQUIRE(m.has_foot);
  const FootLine& foot = m.foot;
  const Transform X_FK = default_patella_state(m).X_FK;
  for (double f : {0.1, 0.3, 0.5}) {
    const double t = in.t_start + f * (in.stance_end - in.t_start);
    LegPoses X;
    leg_poses(leg, coordinates_at(in, t), X_FK, X);
    const Wrench w = ground_reaction_at(in, foot, X, t);
    REQUIRE(w.force.y() > 100.0);
    const Vec3 d = w.point - X[kCalcn].p;
    INFO("t = " << t);
    CHECK(std::hypot(d.x(), d.z()) < 0.25);  // within a foot length of the heel
  }
}

TEST_CASE("Gait input errors name the file, column and line", "[gait]") {
  const std::string grf = kModels + "/lenhart2015/motion/overground_17_grf.mot";
  OpenSimGaitOptions o;
  o.grf_file = grf;
  o.mapping = {"ground_force_2_v", "ground_force_2_p", "ground_torque_2_", "calcn_r"};
  o.cycle_start = 1.263;
  o.cycle_end = 2.3105;

  o.coordinates_file = edited_trial("no_knee.mot", [](std::string& s) {
    const auto p = s.find("knee_flex_r");
    s.replace(p, 11, "knee_flx_rr");
  });
  CHECK_THROWS_WITH(read_opensim_gait(o), Contains("no_knee.mot") && Contains("knee_flex_r"));

  o.coordinates_file = edited_trial("nan_row.mot", [](std::string& s) {
    const auto p = s.find("\n", s.find("endheader") + 10);  // the column-name line
    const auto row = s.find("\n", p + 1);                     // end of the first data row
    const auto tab = s.find("\t", s.find("\t", p + 1) + 1);   // its third value
    s.replace(tab + 1, s.find("\t", tab + 1) - tab - 1, "NaN");
    (void)row;
  });
  CHECK_THROWS_WITH(read_opensim_gait(o), Contains("nan_row.mot:12") && Contains("pelvis_list"));

  o.coordinates_file = kModels + "/lenhart2015/motion/overground_17_ik.mot";
  o.cycle_start = 5.0;
  o.cycle_end = 6.0;
  CHECK_THROWS_WITH(read_opensim_gait(o), Contains("overground_17_ik.mot") && Contains("does not cover"));

  o.cycle_start = -1;
  o.cycle_end = -1;
  o.mapping.force_identifier = "ground_force_9_v";
  CHECK_THROWS_WITH(read_opensim_gait(o), Contains("ground_force_9_vx"));

  // a cycle CSV: an empty cell is a missing value (it used to read as 0), a repeated column is
  // refused (it used to read as its first copy)
  std::ifstream in(kModels + "/running/default_running_cycle.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string csv = ss.str();
  const auto header = csv.find("\ngait_percent") + 1;  // the header line
  const auto row = csv.find('\n', header) + 1;  // the first data row
  std::string empty = csv;
  empty.replace(row, csv.find(',', row) - row, "");
  const LegQ defaults{};
  CHECK_THROWS_WITH(read_cycle_csv(write_temp("empty_cell.csv", empty), 70.0, defaults),
                    Contains("empty_cell.csv") && Contains("'gait_percent' is empty"));
  std::string twice = csv;
  twice.replace(header, 12, "knee_flex_deg");
  CHECK_THROWS_WITH(read_cycle_csv(write_temp("twice.csv", twice), 70.0, defaults),
                    Contains("twice.csv") && Contains("'knee_flex_deg' appears twice"));
}

TEST_CASE("Scenario keys are strict", "[gait]") {
  const std::string f = write_temp("bad.yaml",
                                   "name: x\nmodel: " + kModels + "/lenhart2015\ngait:\n  cycle_csv: " +
                                       kModels + "/running/default_running_cycle.csv\n  speed: 4\n");
  CHECK_THROWS_WITH(read_scenario(f), Contains("bad.yaml:5") && Contains("speed"));
  const std::string g = write_temp("bad2.yaml", "name: x\nmodel: " + kModels +
                                                    "/lenhart2015\ncycels: 2\n");
  CHECK_THROWS_WITH(read_scenario(g), Contains("bad2.yaml:3") && Contains("cycels"));
}

TEST_CASE("Scenario: muscle edits need their units, stay in range and suggest the near key",
          "[gait][scenario]") {
  const std::string head = "name: x\nmodel: " + kModels + "/lenhart2015\ngait:\n  cycle_csv: " +
                           kModels + "/running/default_running_cycle.csv\nmuscles:\n  vaslat_r:\n";
  const Scenario ok = read_scenario(write_temp(
      "ok.yaml", head + "    strength_scale: 80 %\n    taut_band: {fraction: 10%, contracture: 5 %, "
                        "stiffness_ratio: 2}\n    release: 12 %\n"));
  const MuscleEdit& e = ok.muscle_edits.at("vaslat_r");
  CHECK(e.strength_scale == Approx(0.8));
  CHECK(e.taut_band.fraction == Approx(0.10));
  CHECK(e.taut_band.contracture == Approx(0.05));
  CHECK(e.taut_band.stiffness_ratio == Approx(2.0));
  CHECK(e.release == Approx(0.12));
  // no unit
  CHECK_THROWS_WITH(read_scenario(write_temp("nounit.yaml", head + "    strength_scale: 0.8\n")),
                    Contains("nounit.yaml:7:21") && Contains("strength_scale") &&
                        Contains("'0.8'") && Contains("needs its unit"));
  // out of range
  CHECK_THROWS_WITH(read_scenario(write_temp("range.yaml", head + "    release: 150 %\n")),
                    Contains("range.yaml:7") && Contains("release") && Contains("'150 %'") &&
                        Contains("outside [0, 100] %"));
  // misspelt key: did you mean
  CHECK_THROWS_WITH(read_scenario(write_temp("typo.yaml", head + "    strenght_scale: 80 %\n")),
                    Contains("typo.yaml:7:5") && Contains("strenght_scale") &&
                        Contains("did you mean 'strength_scale'?"));
  // wrong type
  CHECK_THROWS_WITH(read_scenario(write_temp("type.yaml", head + "    taut_band: 10 %\n")),
                    Contains("type.yaml:7") && Contains("taut_band") && Contains("mapping"));
}

TEST_CASE("Scenario: extends takes the parent's keys and overrides them key by key",
          "[gait][scenario]") {
  const std::string parent = write_temp(
      "parent.yaml", "name: parent\nmodel: " + kModels + "/lenhart2015\ngait:\n  cycle_csv: " +
                         kModels + "/running/default_running_cycle.csv\noutput:\n  frames_per_cycle: 51\n"
                         "muscles:\n  vaslat_r:\n    taut_band: {fraction: 10 %, contracture: 5 %}\n");
  const Scenario child = read_scenario(write_temp(
      "child.yaml", "extends: parent.yaml\nname: child\nmuscles:\n  vaslat_r:\n    release: 50 %\n"
                    "  tfl_r:\n    strength_scale: 90 %\n"));
  CHECK(child.name == "child");
  CHECK(child.frames_per_cycle == 51);                    // from the parent
  CHECK_FALSE(child.cycle_csv.empty());                   // from the parent
  const MuscleEdit& vl = child.muscle_edits.at("vaslat_r");
  CHECK(vl.taut_band.fraction == Approx(0.10));           // parent's field kept
  CHECK(vl.release == Approx(0.5));                       // child's field added
  CHECK(child.muscle_edits.at("tfl_r").strength_scale == Approx(0.9));
  CHECK(child.chain.size() == 2);
  // a cycle is refused
  write_temp("loop_a.yaml", "extends: loop_b.yaml\nname: a\n");
  const std::string b = write_temp("loop_b.yaml", "extends: loop_a.yaml\nname: b\n");
  CHECK_THROWS_WITH(read_scenario(b), Contains("cycle"));
}

TEST_CASE("Scenario: an edit of a muscle the model lacks names it, where, and the near name",
          "[gait][scenario]") {
  const std::string f = write_temp(
      "nomuscle.yaml", "name: x\nmodel: " + kModels + "/lenhart2015\ngait:\n  cycle_csv: " + kModels +
                           "/running/default_running_cycle.csv\nmuscles:\n  vaslat:\n    strength_scale: 80 %\n");
  CHECK_THROWS_WITH(load_gait_setup(read_scenario(f)),
                    Contains("nomuscle.yaml:6:3") && Contains("'vaslat'") &&
                        Contains("did you mean 'vaslat_r'?"));
}

TEST_CASE("Scenario: the resolved YAML written as provenance reads back to the same scenario",
          "[gait][scenario]") {
  const Scenario s = read_scenario(std::string(PATELLA_SOURCE_DIR) +
                                   "/scenarios/vastus_lateralis_taut_band.yaml");
  const Scenario back = read_scenario(write_temp("resolved.yaml", resolved_scenario_yaml(s)));
  CHECK(back.name == s.name);
  CHECK(back.description == s.description);
  CHECK(fs::equivalent(back.model_dir, s.model_dir));
  // the default running cycle is the measured trial, the model scaled to its runner
  REQUIRE(s.cycle_csv.empty());
  CHECK(back.cycle_csv.empty());
  CHECK(fs::equivalent(back.trial.coordinates_file, s.trial.coordinates_file));
  CHECK(fs::equivalent(back.trial.grf_file, s.trial.grf_file));
  CHECK(back.trial.mapping.point_identifier == s.trial.mapping.point_identifier);
  CHECK(back.trial.filter_hz == s.trial.filter_hz);
  CHECK(fs::equivalent(back.subject_file, s.subject_file));
  CHECK(fs::equivalent(back.strength_file, s.strength_file));
  CHECK(back.frames_per_cycle == s.frames_per_cycle);
  const MuscleEdit& a = s.muscle_edits.at("vaslat_r");
  const MuscleEdit& b = back.muscle_edits.at("vaslat_r");
  CHECK(b.taut_band.fraction == Approx(a.taut_band.fraction));
  CHECK(b.taut_band.contracture == Approx(a.taut_band.contracture));
  CHECK(b.taut_band.stiffness_ratio == Approx(a.taut_band.stiffness_ratio));
  CHECK(b.strength_scale == Approx(a.strength_scale));
  CHECK(b.release == Approx(a.release));
}

TEST_CASE("Scenario: knee and kinematic what-ifs with units - the edited motion", "[gait][scenario]") {
  const std::string f = write_temp(
      "whatif.yaml",
      "name: w\nmodel: " + kModels + "/lenhart2015\ngait:\n  cycle_csv: " + kModels +
          "/running/default_running_cycle.csv\nknee:\n  quadriceps_angle: 5 deg\n  itb_pretension: 40 N\n"
          "  ligament_stiffness: {mPFL: 80 %}\nkinematics:\n  hip_adduction_offset: 3 deg\n"
          "  anterior_pelvic_tilt: 4 deg\n  ankle_dorsiflexion_limit: 15 deg\n"
          "muscles:\n  semiten_r:\n    min_activation: 10 %\n");
  const Scenario s = read_scenario(f);
  CHECK(s.quadriceps_angle == Approx(deg_to_rad(5)));
  CHECK(s.itb_pretension == Approx(40));
  CHECK(s.ligament_stiffness.at("mPFL") == Approx(0.8));
  CHECK(s.kinematics.pelvic_tilt_offset == Approx(-deg_to_rad(4)));  // OpenSim: + = posterior
  CHECK(s.min_activation.at("semiten_r") == Approx(0.1));
  CHECK_THROWS_WITH(read_scenario(write_temp("deg.yaml", "name: w\nknee:\n  quadriceps_angle: 5\n")),
                    Contains("deg.yaml:3") && Contains("quadriceps_angle") && Contains("'5 deg'"));

  const auto setup = load_gait_setup(s);
  const Model& m = *setup->model;
  // the mPFL bundles are 80 % as stiff as in the .osim
  const ModelSpec plain = test::real_spec();
  for (const LigamentSpec& l : m.spec.ligaments)
    if (l.name.rfind("mPFL", 0) == 0)
      CHECK(l.linear_stiffness == Approx(0.8 * plain.find_ligament(l.name)->linear_stiffness));
  // motion: the stance offset is zero at foot strike and toe-off and full mid-stance; the ankle
  // never passes its limit
  GaitInput plain_input = setup->input;
  plain_input.edits = KinematicEdits{};
  const GaitInput& in = setup->input;
  const double mid = 0.5 * (in.t_start + in.stance_end);
  CHECK(coordinates_at(in, in.t_start)[kHipAdd] == Approx(coordinates_at(plain_input, in.t_start)[kHipAdd]).margin(1e-9));
  CHECK(coordinates_at(in, mid)[kHipAdd] - coordinates_at(plain_input, mid)[kHipAdd] ==
        Approx(deg_to_rad(3)).margin(1e-9));
  CHECK(coordinates_at(in, in.stance_end + 0.05)[kHipAdd] ==
        Approx(coordinates_at(plain_input, in.stance_end + 0.05)[kHipAdd]).margin(1e-12));
  for (double t = in.t_start; t < in.t_end; t += 0.005)
    CHECK(coordinates_at(in, t)[kAnkleFlex] < deg_to_rad(15));
}

TEST_CASE("Scenario: tools release within the literature's bounds unless hypothetical",
          "[gait][scenario]") {
  const std::string head = "name: t\nmodel: " + kModels + "/lenhart2015\ngait:\n  cycle_csv: " +
                           kModels + "/running/default_running_cycle.csv\n";
  const Scenario s = read_scenario(write_temp(
      "tools.yaml", head + "interventions:\n  - {tool: massage_ball, muscle: vaslat_r, duration: 90 s,"
                           " sessions: 14, time_since_treatment: 15 min}\n"
                           "  - {tool: foam_roller, muscle: tfl_r, duration: 2 min}\n"));
  REQUIRE(s.interventions.size() == 2);
  CHECK(s.interventions[0].release == Approx(0.118 * 0.5));  // half faded at 15 of 30 min
  CHECK(s.interventions[1].release == 0.0);                  // Glanzel 2023: no change
  CHECK(s.interventions[1].duration == Approx(120.0));
  CHECK(s.evidence == "release literature-bounded");
  // above the bound: refused unless hypothetical, and then the label says so
  CHECK_THROWS_WITH(read_scenario(write_temp(
                        "over.yaml", head + "interventions:\n  - {tool: foam_roller, muscle: tfl_r, release: 30 %}\n")),
                    Contains("over.yaml") && Contains("exceeds the literature bound") &&
                        Contains("hypothetical: true"));
  const Scenario h = read_scenario(write_temp(
      "hyp.yaml", head + "interventions:\n  - {tool: foam_roller, muscle: tfl_r, release: 30 %, hypothetical: true}\n"));
  CHECK(h.interventions[0].release == Approx(0.3));
  CHECK(h.evidence == "release hypothetical");
  // a misspelt tool
  CHECK_THROWS_WITH(read_scenario(write_temp(
                        "tool.yaml", head + "interventions:\n  - {tool: foam_rolller, muscle: tfl_r}\n")),
                    Contains("tool.yaml:6") && Contains("did you mean 'foam_roller'?"));
}

TEST_CASE("Cycle CSV: stride, speed and values outside physical ranges name file, line and value",
          "[gait]") {
  // each of these used to end as "internal error: rigid_tendon_state: ..." deep in the run
  std::ifstream in(kModels + "/running/default_running_cycle.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string csv = ss.str();
  const LegQ defaults{};
  auto line_of = [](const std::string& text, std::size_t pos) {
    return std::to_string(1 + std::count(text.begin(), text.begin() + pos, '\n'));
  };
  auto edited = [&](const std::string& from, const std::string& to, std::string& text) {
    text = csv;
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return at;
  };
  std::string text;
  std::size_t at = edited("stride_time_s: 0.7173", "stride_time_s: 1e-300", text);
  CHECK_THROWS_WITH(read_cycle_csv(write_temp("tiny_stride.csv", text), 70.0, defaults),
                    Contains("tiny_stride.csv:" + line_of(text, at) + ":") &&
                        Contains("'stride_time_s:' 1e-300 s is outside [0.2, 5] s"));
  at = edited("speed_m_per_s: 3.00", "speed_m_per_s: nan", text);
  CHECK_THROWS_WITH(read_cycle_csv(write_temp("nan_speed.csv", text), 70.0, defaults),
                    Contains("nan_speed.csv:" + line_of(text, at) + ":") &&
                        Contains("'speed_m_per_s:' nan m/s is outside [0, 15] m/s"));
  edited("stride_time_s: 0.7173", "stride_time_s: 0.7173 s", text);
  CHECK_THROWS_WITH(read_cycle_csv(write_temp("unit_stride.csv", text), 70.0, defaults),
                    Contains("unit_stride.csv") && Contains("not followed by a number (has '0.7173 s')"));
  // a huge joint angle in a data row (row 11: gait percent 10)
  at = edited("\n10,-8.450,-0.681,-6.259,26.105,10.090,-1.646,41.476,", "\n10,-8.450,-0.681,-6.259,26.105,10.090,-1.646,1e308,", text);
  CHECK_THROWS_WITH(read_cycle_csv(write_temp("huge_knee.csv", text), 70.0, defaults),
                    Contains("huge_knee.csv:" + line_of(text, at + 1) + ":") &&
                        Contains("'knee_flex_deg' value 1e+308 is outside [-180, 180] deg"));
}

TEST_CASE("Trial coordinates beyond two turns name file, line and column", "[gait]") {
  OpenSimGaitOptions o;
  o.coordinates_file = edited_trial("huge_angle.mot", [](std::string& text) {
    // the first data row's pelvis_tilt (its second value) becomes 1e308 degrees
    const std::size_t row = text.find('\n', text.find("\ntime") + 1) + 1;
    const std::size_t row_end = text.find('\n', row);
    std::istringstream values(text.substr(row, row_end - row));
    std::vector<std::string> v;
    for (std::string s; values >> s;) v.push_back(s);
    v[1] = "1e308";
    std::string joined;
    for (const std::string& s : v) joined += (joined.empty() ? "" : "\t") + s;
    text.replace(row, row_end - row, joined);
  });
  o.grf_file = kModels + "/lenhart2015/motion/overground_17_grf.mot";
  o.mapping.force_identifier = "ground_force_2_v";
  o.mapping.point_identifier = "ground_force_2_p";
  o.mapping.torque_identifier = "ground_torque_2_";
  CHECK_THROWS_WITH(read_opensim_gait(o), Contains("huge_angle.mot:12:") &&
                                              Contains("column 'pelvis_tilt' value 1e+308") &&
                                              Contains("is outside [-720, 720]"));
}
