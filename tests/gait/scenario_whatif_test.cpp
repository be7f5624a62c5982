// Issue-4 what-if keys beyond the muscle edits: passive tightness, the tibial tuberosity, the
// femur turning under a planted foot, the step-rate key, a dose's pressure and a treatment
// protocol over days.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "patella/core/error.hpp"
#include "patella/io/scenario.hpp"
#include "patella/session/protocol.hpp"
#include "patella/mechanics/equilibrium.hpp"
#include "patella/compiler/spec_edits.hpp"
#include "patella/mechanics/leg_kinematics.hpp"
#include "support/real_model.hpp"

using namespace patella;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {
const std::string kModels = PATELLA_MODELS_DIR;
const std::string kHead = "name: w\nmodel: " + kModels + "/lenhart2015\ngait:\n  cycle_csv: " +
                          kModels + "/running/default_running_cycle.csv\n";

std::string write_temp(const std::string& name, const std::string& text) {
  const fs::path p = fs::temp_directory_path() / "patella_scenario_whatif_test";
  fs::create_directories(p);
  std::ofstream(p / name) << text;
  return (p / name).string();
}

double angle_between(const Mat3& a, const Mat3& b) {
  return rotation_vector(a.transpose() * b).norm();
}
}  // namespace

TEST_CASE("Scenario: passive tightness takes a curve shift and a tendon slack change, with units",
          "[gait][scenario]") {
  const std::string head = kHead + "muscles:\n  recfem_r:\n";
  const Scenario s = read_scenario(write_temp(
      "tight.yaml", head + "    passive_tightness: {curve_shift: 10 %, tendon_slack_change: -3 %}\n"));
  const MuscleEdit& e = s.muscle_edits.at("recfem_r");
  CHECK(e.passive_curve_shift == Approx(0.10));
  CHECK(e.tendon_slack_change == Approx(-0.03));
  CHECK_THROWS_WITH(read_scenario(write_temp("tight_unit.yaml",
                                             head + "    passive_tightness: {curve_shift: 0.1}\n")),
                    Contains("tight_unit.yaml:7") && Contains("curve_shift") && Contains("'0.1'") &&
                        Contains("needs its unit"));
  CHECK_THROWS_WITH(read_scenario(write_temp(
                        "tight_typo.yaml", head + "    passive_tightness: {curve_shfit: 10 %}\n")),
                    Contains("tight_typo.yaml:7") && Contains("did you mean 'curve_shift'?"));
  // the tendon slack change reaches the muscle's parameters
  const auto setup = load_gait_setup(s);
  const ModelSpec plain = test::real_spec();
  const auto rf = std::find_if(setup->model->leg_muscles.muscles.begin(), setup->model->leg_muscles.muscles.end(),
                               [](const LegMuscle& m) { return m.name == "recfem_r"; });
  REQUIRE(rf != setup->model->leg_muscles.muscles.end());
  CHECK(rf->params.tendon_slack_length ==
        Approx(0.97 * plain.find_muscle("recfem_r")->tendon_slack_length).epsilon(1e-12));
  // and survives the resolved YAML
  const Scenario back = read_scenario(write_temp("tight_back.yaml", resolved_scenario_yaml(s)));
  CHECK(back.muscle_edits.at("recfem_r").passive_curve_shift == Approx(0.10));
  CHECK(back.muscle_edits.at("recfem_r").tendon_slack_change == Approx(-0.03));
}

TEST_CASE("Scenario: a tibial tuberosity offset moves every patellar tendon bundle's tibial end "
          "laterally", "[gait][scenario]") {
  ModelSpec spec = test::real_spec();
  const ModelSpec plain = test::real_spec();
  CHECK(move_tibial_tuberosity(spec, 0.005) == 6);  // PT1..PT6
  for (const LigamentSpec& l : spec.ligaments) {
    const LigamentSpec& p = *plain.find_ligament(l.name);
    for (std::size_t k = 0; k < l.path.points.size(); ++k) {
      const Vec3 d = l.path.points[k].location - p.path.points[k].location;
      const bool moved = l.name.rfind("PT", 0) == 0 && l.path.points[k].body.rfind("tibia", 0) == 0;
      INFO(l.name << " point " << k << " on " << l.path.points[k].body);
      CHECK(d.x() == 0.0);
      CHECK(d.y() == 0.0);
      CHECK(d.z() == Approx(moved ? 0.005 : 0.0).margin(1e-15));
    }
  }
  const Scenario s = read_scenario(write_temp("tt.yaml", kHead + "knee:\n  tibial_tuberosity_offset: 5 mm\n"));
  CHECK(s.tuberosity_offset == Approx(0.005));
  CHECK_THROWS_WITH(read_scenario(write_temp("tt_range.yaml", kHead + "knee:\n  tibial_tuberosity_offset: 30 mm\n")),
                    Contains("tt_range.yaml:6") && Contains("'30 mm'") && Contains("outside [-20, 20] mm"));
}

TEST_CASE("Scenario: the femur turns under a planted foot - turning the whole leg turns the foot",
          "[gait][scenario]") {
  const Scenario planted = read_scenario(write_temp(
      "planted.yaml", kHead + "kinematics:\n  femoral_internal_rotation_planted_foot: 5 deg\n"));
  const Scenario whole = read_scenario(write_temp(
      "whole.yaml", kHead + "kinematics:\n  hip_internal_rotation_offset: 5 deg\n"));
  const auto sp = load_gait_setup(planted);
  const auto sw = load_gait_setup(whole);
  GaitInput plain = sp->input;
  plain.edits = KinematicEdits{};
  const GaitInput& in = sp->input;
  const double mid = 0.5 * (in.t_start + in.stance_end);
  CHECK(femoral_rotation_at(in, mid) == Approx(deg_to_rad(5)).epsilon(1e-12));
  CHECK(femoral_rotation_at(in, in.t_start) == Approx(0.0).margin(1e-12));
  CHECK(femoral_rotation_at(in, in.stance_end + 0.05) == 0.0);
  LegPoses X0, Xp, Xw;
  const Transform I{};  // identity
  leg_poses(sp->model->leg, coordinates_at(plain, mid), I, X0);
  leg_poses(sp->model->leg, coordinates_at(in, mid), I, Xp, femoral_rotation_at(in, mid));
  leg_poses(sw->model->leg, coordinates_at(sw->input, mid), I, Xw, femoral_rotation_at(sw->input, mid));
  // both turn the femur by 5 deg
  CHECK(rad_to_deg(angle_between(X0[kFemur].R, Xp[kFemur].R)) == Approx(5.0).margin(1e-6));
  CHECK(rad_to_deg(angle_between(X0[kFemur].R, Xw[kFemur].R)) == Approx(5.0).margin(1e-6));
  // the whole-leg offset turns the foot with it; the planted foot keeps its pose
  CHECK(rad_to_deg(angle_between(X0[kCalcn].R, Xw[kCalcn].R)) > 3.0);
  CHECK(rad_to_deg(angle_between(X0[kCalcn].R, Xp[kCalcn].R)) == Approx(0.0).margin(1e-9));
  // it moves only with the knee centre (5 deg about the hip axis, centre a few cm off it)
  const Vec3 knee_centre = sp->model->tree.joints[sp->model->leg.joints[3]].X_PJ.p;
  CHECK((X0[kCalcn].p - Xp[kCalcn].p).norm() ==
        Approx((X0[kFemurDistal] * knee_centre - Xp[kFemurDistal] * knee_centre).norm()).margin(1e-12));
  INFO("foot moved " << 1e3 * (X0[kCalcn].p - Xp[kCalcn].p).norm() << " mm");
  CHECK((X0[kCalcn].p - Xp[kCalcn].p).norm() < 0.003);
  // the knee centre stays on the femur
  CHECK((Xp[kFemurDistal] * knee_centre -
         Xp[kTibiaProximal] * (X0[kTibiaProximal].inverse() * (X0[kFemurDistal] * knee_centre))).norm() ==
        Approx(0.0).margin(1e-12));
  // so relative to the femur the tibia turns by the same 5 deg (externally)
  const Mat3 R0 = X0[kFemurDistal].R.transpose() * X0[kTibiaProximal].R;
  const Mat3 Rp = Xp[kFemurDistal].R.transpose() * Xp[kTibiaProximal].R;
  CHECK(rad_to_deg(angle_between(R0, Rp)) == Approx(5.0).margin(1e-6));
  // and the patella's knee frames agree with the leg: tibia in F
  const LegQ q = coordinates_at(in, mid);
  KneePose pose;
  pose.knee_flexion = q[kKneeFlex];
  pose.hip_flexion = q[kHipFlex];
  pose.hip_adduction = q[kHipAdd];
  pose.hip_rotation = q[kHipRot];
  pose.femoral_rotation = femoral_rotation_at(in, mid);
  const KneeFrames fr = compute_knee_frames(*sp->model, pose);
  const Transform X_FT = Xp[kFemurDistal].inverse() * Xp[kTibiaProximal];
  CHECK((fr.X_FB[sp->model->tree.body("tibia_proximal_r")].p - X_FT.p).norm() == Approx(0.0).margin(1e-12));
  CHECK(angle_between(fr.X_FB[sp->model->tree.body("tibia_proximal_r")].R, X_FT.R) == Approx(0.0).margin(1e-9));
}

TEST_CASE("Scenario: step_rate_change takes any value Heiderscheit's conditions span, and says "
          "where one outside them is", "[gait][scenario]") {
  const Scenario s = read_scenario(write_temp("sr.yaml", kHead + "kinematics:\n  step_rate_change: +7 %\n"));
  CHECK(s.step_rate_change == Approx(0.07));
  CHECK(s.contact_time_exponent == kContactTimeExponent);
  CHECK_THROWS_WITH(read_scenario(write_temp("sr12.yaml", kHead + "kinematics:\n  step_rate_change: 12 %\n")),
                    Contains("sr12.yaml:6") && Contains("step_rate_change") && Contains("12"));
  const Scenario k = read_scenario(write_temp(
      "srk.yaml", kHead + "kinematics:\n  step_rate_change: -5 %\n  contact_time_exponent: 1\n"));
  CHECK(k.contact_time_exponent == 1.0);
  // an extending file may set it on its parent's run
  write_temp("sr_parent.yaml", kHead);
  const Scenario c = read_scenario(write_temp(
      "sr_child.yaml", "extends: sr_parent.yaml\nname: c\nkinematics:\n  step_rate_change: -10 %\n"));
  CHECK(c.step_rate_change == Approx(-0.10));
}

TEST_CASE("Scenario: a protocol over days sets the sessions - the release follows each session and "
          "fades", "[gait][scenario]") {
  const Scenario s = read_scenario(write_temp(
      "protocol.yaml",
      kHead + "muscles:\n  vaslat_r:\n    taut_band: {fraction: 10 %, contracture: 5 %}\n"
              "protocol: {days: 3, sessions_per_day: 2, run_after_last_session: 0.25 h}\n"
              "interventions:\n  - {tool: massage_ball, muscle: vaslat_r, duration: 90 s, pressure: 50 kPa}\n"));
  REQUIRE(s.interventions.size() == 1);
  CHECK(s.interventions[0].sessions == 6);
  CHECK(s.interventions[0].minutes_since == Approx(15.0));
  CHECK(s.interventions[0].release == Approx(0.118 * 0.5));  // 15 of the 30 min fade
  CHECK(s.interventions[0].pressure == Approx(50e3));
  const ColumnTable t = protocol_table(s, 15.0);
  REQUIRE(t.names.size() == 4);
  CHECK(t.names[0] == "time_h");
  CHECK(t.names[2] == "release_massage_ball_vaslat_r_pct");
  CHECK(t.names[3] == "band_fraction_vaslat_r_pct");
  const auto& h = t.columns[0];
  const auto& r = t.columns[2];
  const auto& band = t.columns[3];
  CHECK(h.back() == Approx(3 * 24.0 - 12.0 + 24.0));  // a day after the last session's start
  for (std::size_t k = 0; k < h.size(); ++k) {
    // sessions start at 0, 12, ..., 60 h and end 90 s later; 11.8 % fading to 0 over 30 min
    double last_end = -1.0;
    for (int i = 0; i < 6; ++i)
      if (12.0 * i + 0.025 <= h[k] + 1e-12) last_end = 12.0 * i + 0.025;
    const double since = (h[k] - last_end) * 60.0;  // [min]
    const double expect = last_end < 0 ? 0.0 : 11.8 * std::max(0.0, 1.0 - since / 30.0);
    INFO("t = " << h[k] << " h");
    CHECK(r[k] == Approx(expect).margin(1e-9));
    CHECK(band[k] == Approx(10.0 * (1.0 - r[k] / 100.0)).margin(1e-9));
  }
  CHECK(*std::max_element(r.begin(), r.end()) == Approx(11.8));
  // sessions and time since are the protocol's
  CHECK_THROWS_WITH(read_scenario(write_temp(
                        "protocol_clash.yaml",
                        kHead + "protocol: {days: 7, sessions_per_day: 2}\ninterventions:\n"
                                "  - {tool: cane, muscle: vaslat_r, sessions: 3}\n")),
                    Contains("protocol_clash.yaml:7") && Contains("set by the scenario's 'protocol'"));
  CHECK_THROWS_WITH(read_scenario(write_temp("protocol_days.yaml", kHead + "protocol: {sessions_per_day: 2}\n")),
                    Contains("protocol_days.yaml:5") && Contains("needs 'days'"));
  // the resolved YAML keeps the protocol and reads back
  const Scenario back = read_scenario(write_temp("protocol_back.yaml", resolved_scenario_yaml(s)));
  CHECK(back.protocol.days == 3);
  CHECK(back.interventions[0].release == Approx(s.interventions[0].release));
}

TEST_CASE("Scenario: resolved YAML reads back where the release fades to an inexact value - a child's "
          "protocol replaces a parent's schedule - repeated interventions get their own columns",
          "[gait][scenario]") {
  // 10 min after a massage ball: the bound 11.8 % x 2/3 is not a short decimal
  const Scenario s = read_scenario(write_temp(
      "fade.yaml", kHead + "interventions:\n  - {tool: massage_ball, muscle: vaslat_r, time_since_treatment: 10 min}\n"));
  const Scenario back = read_scenario(write_temp("fade_back.yaml", resolved_scenario_yaml(s)));
  CHECK(back.interventions[0].release == Approx(s.interventions[0].release).epsilon(1e-15));
  // a parent with a schedule, a child with a protocol
  write_temp("sched_parent.yaml",
             kHead + "interventions:\n  - {tool: cane, muscle: vaslat_r, sessions: 3, time_since_treatment: 5 min}\n");
  const Scenario child = read_scenario(write_temp(
      "sched_child.yaml", "extends: sched_parent.yaml\nname: c\nprotocol: {days: 2, sessions_per_day: 3, "
                          "run_after_last_session: 10 min}\n"));
  CHECK(child.interventions[0].minutes_since == Approx(10.0));
  const Scenario child_h = read_scenario(write_temp(
      "sched_child_h.yaml", "extends: sched_parent.yaml\nname: c\nprotocol: {days: 2, sessions_per_day: 3, "
                            "run_after_last_session: 0.5 h}\n"));
  REQUIRE(child_h.interventions.size() == 1);
  CHECK(child_h.interventions[0].sessions == 6);
  CHECK(child_h.interventions[0].minutes_since == Approx(30.0));
  // the same tool on the same muscle twice (interventions add up under extends)
  const Scenario twice = read_scenario(write_temp(
      "twice.yaml", kHead + "protocol: {days: 1, sessions_per_day: 2}\ninterventions:\n"
                            "  - {tool: cane, muscle: vaslat_r}\n  - {tool: cane, muscle: vaslat_r}\n"));
  const ColumnTable t = protocol_table(twice);
  CHECK(std::find(t.names.begin(), t.names.end(), "release_cane_vaslat_r_pct") != t.names.end());
  CHECK(std::find(t.names.begin(), t.names.end(), "release_cane_vaslat_r_2_pct") != t.names.end());
}

TEST_CASE("Scenario: scaled to a subject - body weight is his, fibre and tendon lengths follow the "
          "paths, and the hip centre lands where his was", "[gait][scale]") {
  const std::string runner = kModels + "/running/hamner2013_subject01/";
  const std::string text = "name: s\nmodel: " + kModels + "/lenhart2015\ngait:\n  coordinates: " +
                           runner + "run300_ik.mot\n  grf: " + runner + "run300_grf.mot\n" +
                           "  external_force:\n    force_identifier: ground_force_calcn_r_v\n"
                           "    point_identifier: ground_force_calcn_r_p\n"
                           "    torque_identifier: ground_force_calcn_r_m\n  filter_hz: 0\n";
  const auto plain = load_gait_setup(read_scenario(write_temp("unscaled.yaml", text)));
  const auto scaled = load_gait_setup(read_scenario(write_temp("scaled.yaml", text + "  subject: " + runner + "subject.yaml\n")));
  REQUIRE(scaled->scaled);
  CHECK(scaled->model->leg.body_mass == Approx(72.94));
  CHECK(plain->model->leg.body_mass == Approx(scaled->scaling.model_mass));
  // every leg muscle: l_opt and l_Ts scaled by its path length after / before, at the default pose
  const std::vector<double> L0 = default_pose_path_lengths(*plain->model);
  const std::vector<double> L1 = default_pose_path_lengths(*scaled->model);
  const auto& m0 = plain->model->leg_muscles.muscles;
  const auto& m1 = scaled->model->leg_muscles.muscles;
  REQUIRE(m0.size() == m1.size());
  bool some_longer = false;
  for (std::size_t m = 0; m < m0.size(); ++m) {
    INFO(m0[m].name);
    CHECK(m1[m].params.optimal_fiber_length / m0[m].params.optimal_fiber_length == Approx(L1[m] / L0[m]));
    CHECK(m1[m].params.tendon_slack_length / m0[m].params.tendon_slack_length == Approx(L1[m] / L0[m]));
    some_longer = some_longer || L1[m] > 1.05 * L0[m];
  }
  CHECK(some_longer);
  // the hip centre in ground follows the subject's: pelvis pose x (his hip centre in his pelvis)
  const Vec3 hip_subject(-0.069181099306270005, -0.064210892062280006, 0.081799000090599996);
  for (double t : {1.3, 1.6, 1.9}) {
    LegPoses X0, X1;
    leg_poses(plain->model->leg, coordinates_at(plain->input, t), Transform{}, X0);
    leg_poses(scaled->model->leg, coordinates_at(scaled->input, t), Transform{}, X1);
    CHECK((X1[kFemur].p - (X0[kPelvis].p + X0[kPelvis].R * hip_subject)).norm() < 1e-6);
  }
}

TEST_CASE("Scenario: the model's own parameters reach the compiled knee - cartilage, ligament slack, "
          "ITB pathway, quadriceps head shares",
          "[gait][scenario][sweep]") {
  const Scenario plain_sc = read_scenario(write_temp("model_plain.yaml", kHead));
  const Scenario s = read_scenario(write_temp(
      "model_params.yaml",
      kHead + "knee:\n  cartilage_elastic_modulus: 8 MPa\n  cartilage_thickness: 2.5 mm\n"
              "  itb_iliopatellar_stiffness: 120 N/mm\n  itb_kaplan_stiffness: 50 N/mm\n"
              "  ligament_slack_change: {mPFL: -2 %}\n  quadriceps_head_share: {vmo_r: 30 %}\n"));
  const auto plain = load_gait_setup(plain_sc);
  const auto edited = load_gait_setup(s);
  const Model &a = *plain->model, &b = *edited->model;
  // pressure per depth, E (1 - v) / ((1 + v)(1 - 2 v)) / h: E x 0.8 and h 6 -> 5 mm
  CHECK(b.contact.modulus_over_thickness == Approx(a.contact.modulus_over_thickness * 0.8 * 6 / 5).epsilon(1e-12));
  REQUIRE(b.has_tf_contact);
  CHECK(b.tf_contact.modulus_over_thickness ==
        Approx(a.tf_contact.modulus_over_thickness * 0.8 * 6 / 5).epsilon(1e-12));
  CHECK(b.itb.kaplan_stiffness == 50e3);
  CHECK(b.spec.itb_link.stiffness == 120e3);
  int slack = 0;
  for (std::size_t i = 0; i < a.spec.ligaments.size(); ++i)
    if (a.spec.ligaments[i].name.rfind("mPFL", 0) == 0) {
      CHECK(b.spec.ligaments[i].slack_length == Approx(0.98 * a.spec.ligaments[i].slack_length).epsilon(1e-14));
      ++slack;
    } else {
      CHECK(b.spec.ligaments[i].slack_length == a.spec.ligaments[i].slack_length);
    }
  CHECK(slack > 0);
  auto f0 = [](const Model& m, const char* name) {
    for (const MuscleSpec& x : m.spec.muscles)
      if (x.name == name) return x.max_isometric_force;
    return -1.0;
  };
  const double vm = f0(a, "vmo_r") + f0(a, "vml_r");
  CHECK(vm > 0);
  CHECK(f0(b, "vmo_r") == Approx(0.3 * vm).epsilon(1e-14));
  CHECK(f0(b, "vml_r") == Approx(0.7 * vm).epsilon(1e-14));
  // a share of a name that is no head, and a prefix no ligament has, say where and why
  CHECK_THROWS_WITH(load_gait_setup(read_scenario(write_temp(
                        "model_bad_head.yaml", kHead + "knee:\n  quadriceps_head_share: {vasmed_r: 30 %}\n"))),
                    Contains("model_bad_head.yaml:6") && Contains("'vasmed_r' is not a quadriceps head") &&
                        Contains("vmo_r"));
  CHECK_THROWS_WITH(load_gait_setup(read_scenario(write_temp(
                        "model_bad_slack.yaml", kHead + "knee:\n  ligament_slack_change: {XYZ: 2 %}\n"))),
                    Contains("model_bad_slack.yaml:6") && Contains("no ligament of the model starts with 'XYZ'"));
}

TEST_CASE("Scenario: model_strength scales a muscle's F0 as a model parameter - uncompensated control keeps it",
          "[gait][scenario][sweep]") {
  const std::string both = "model_strength: {vasmed_r: 50 %}\nmuscles:\n  vaslat_r: {strength_scale: 80 %}\n";
  const Scenario s = read_scenario(write_temp("model_strength.yaml", kHead + "control: uncompensated\n" + both));
  const auto plain = load_gait_setup(read_scenario(write_temp("model_strength_plain.yaml", kHead)));
  const auto g = load_gait_setup(s);
  auto f0 = [](const MuscleSet& set, const char* name) {
    for (const LegMuscle& m : set.muscles)
      if (m.name == name) return m.params.max_isometric_force;
    return -1.0;
  };
  const MuscleSet &a = plain->model->leg_muscles, &b = g->model->leg_muscles;
  // both heads of the vastus medialis at half, in the run and in the held reference
  for (const char* head : {"vmo_r", "vml_r"}) {
    INFO(head);
    CHECK(f0(b, head) == Approx(0.5 * f0(a, head)).epsilon(1e-14));
    CHECK(f0(g->baseline_muscles, head) == Approx(0.5 * f0(a, head)).epsilon(1e-14));
  }
  // the what-if weakness is the scenario's edit: the reference is solved without it
  bool vl = false;
  for (const LegMuscle& m : b.muscles)
    if (m.name.rfind("vl", 0) == 0) {
      CHECK(m.edit.strength_scale == Approx(0.8));
      vl = true;
    }
  CHECK(vl);
  for (const LegMuscle& m : g->baseline_muscles.muscles) CHECK(m.edit.strength_scale == 1.0);
  CHECK_THROWS_WITH(load_gait_setup(read_scenario(write_temp("model_strength_bad.yaml",
                                                             kHead + "model_strength: {vasmde_r: 50 %}\n"))),
                    Contains("model_strength_bad.yaml") && Contains("'vasmde_r' is not a muscle") &&
                        Contains("did you mean 'vasmed_r'"));
}
