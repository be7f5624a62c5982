#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "patella/core/error.hpp"
#include "patella/io/osim_reader.hpp"

using namespace patella;
namespace fs = std::filesystem;

namespace {
const std::string kOsim = std::string(PATELLA_MODELS_DIR) + "/lenhart2015/model/lenhart2015.osim";

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string write_temp(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "patella_osim_test";
  fs::create_directories(dir);
  const std::string path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}

int line_at(const std::string& text, std::size_t pos) {
  return 1 + int(std::count(text.begin(), text.begin() + pos, '\n'));
}

template <class E>
std::string error_of(const std::string& path) {
  try {
    read_osim(path);
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

const ModelSpec& lenhart() {
  static const ModelSpec spec = read_osim(kOsim);
  return spec;
}
}  // namespace

TEST_CASE("read_osim reads the Lenhart 2015 model", "[io][osim]") {
  const ModelSpec& m = lenhart();
  CHECK(m.name == "lenhart2015");
  CHECK(m.source_file == kOsim);
  CHECK(fs::equivalent(m.geometry_dir, std::string(PATELLA_MODELS_DIR) + "/lenhart2015/geometry"));
  CHECK(m.bodies.size() == 26);  // 25 + ground
  REQUIRE(m.find_body("ground"));
  CHECK(m.find_body("nonexistent") == nullptr);

  const BodySpec* patella = m.find_body("patella_r");
  REQUIRE(patella);
  CHECK(patella->mass == Approx(0.39811643835616428));
  REQUIRE(patella->meshes.size() == 2);
  CHECK(patella->meshes[1].name == "patella_cartilage");
  CHECK(patella->meshes[1].file == "lenhart2015-R-patella-cartilage.stl");
  CHECK(m.find_body("femur_r")->inertia[1] == Approx(0.024660581394428907));
}

TEST_CASE("read_osim reads ligaments and muscles", "[io][osim]") {
  const ModelSpec& m = lenhart();
  CHECK(m.ligaments.size() == 76);
  const LigamentSpec* pt1 = m.find_ligament("PT1");
  REQUIRE(pt1);
  CHECK(pt1->linear_stiffness == 3000.0);
  CHECK(pt1->slack_length == Approx(0.0467917));
  CHECK(pt1->transition_strain == 0.06);      // absent in the file: OpenSim default
  CHECK(pt1->damping_coefficient == 0.003);
  REQUIRE(pt1->path.points.size() == 2);
  CHECK(pt1->path.points[0].body == "patella_r");
  CHECK(pt1->path.points[1].body == "tibia_proximal_r");
  CHECK(pt1->path.wraps == std::vector<std::string>{"PatTen_r"});

  CHECK(m.muscles.size() == 44);  // the <defaults> template is not a muscle
  CHECK(m.find_muscle("default") == nullptr);
  const MuscleSpec* vm = m.find_muscle("vasmed_r");
  REQUIRE(vm);
  CHECK(vm->max_isometric_force == Approx(1443.7));
  CHECK(vm->optimal_fiber_length == Approx(0.089013721845643184));
  CHECK(vm->pennation_angle_at_optimal == Approx(0.516791991516));
  CHECK(vm->max_contraction_velocity == 10.0);
  REQUIRE(vm->path.points.size() == 3);
  CHECK(vm->path.points[2].body == "patella_r");
  CHECK(vm->path.points[2].type == "PathPoint");
  CHECK(vm->path.points[2].location.isApprox(Vec3(-0.000394407, 0.0156828, -0.0093351)));
  CHECK(vm->path.wraps == std::vector<std::string>{"KnExt_at_fem_r"});
}

TEST_CASE("read_osim reads joints", "[io][osim]") {
  const ModelSpec& m = lenhart();
  CHECK(m.joints.size() == 25);
  const JointSpec* pf = m.find_joint("pf_r");
  REQUIRE(pf);
  CHECK(pf->type == "CustomJoint");
  CHECK(pf->parent.body == "femur_distal_r");
  CHECK(pf->child.body == "patella_r");
  REQUIRE(pf->coordinates.size() == 6);
  CHECK(pf->coordinates[5].name == "pf_tz_r");
  CHECK(pf->coordinates[5].default_value == Approx(0.004));
  CHECK(pf->coordinates[2].range_max == Approx(0.872664626));
  CHECK(pf->axes[0].coordinate == "pf_flex_r");
  CHECK(pf->axes[0].axis == Vec3(0, 0, 1));
  CHECK(pf->axes[0].function.kind == FunctionSpec::Kind::Linear);
  CHECK(pf->axes[0].function.slope == -1.0);
  CHECK(pf->axes[0].function.intercept == 0.0);
  CHECK(pf->axes[5].coordinate == "pf_tz_r");

  const JointSpec* weld = m.find_joint("femur_femur_distal_r");
  REQUIRE(weld);
  CHECK(weld->type == "WeldJoint");
  CHECK(weld->parent.body == "femur_r");
  CHECK(weld->parent.translation.isApprox(Vec3(-0.0055513564376633642, -0.37418143637169787,
                                               -0.0011706232813375212)));
  CHECK(weld->child.body == "femur_distal_r");
  CHECK(weld->child.translation == Vec3::Zero());

  const JointSpec* gnd = m.find_joint("gnd_pelvis");
  REQUIRE(gnd);
  CHECK(gnd->parent.body == "ground");

  // hip_r: offset frame on the pelvis; translations are MultiplierFunction(Constant 0).
  const JointSpec* hip = m.find_joint("hip_r");
  REQUIRE(hip);
  CHECK(hip->parent.body == "pelvis");
  CHECK(hip->parent.translation.x() == Approx(-0.06729784863619219));
  CHECK(hip->axes[3].coordinate.empty());
  CHECK(hip->axes[3].function.kind == FunctionSpec::Kind::Constant);
  CHECK(hip->axes[3].function.scale == Approx(1.1958534479385918));

  // knee_l uses SimmSplines (also inside MultiplierFunctions).
  const JointSpec* knee_l = m.find_joint("knee_l");
  REQUIRE(knee_l);
  CHECK(knee_l->axes[0].function.kind == FunctionSpec::Kind::SimmSpline);
  CHECK(knee_l->axes[0].function.x.size() == knee_l->axes[0].function.y.size());
  CHECK(knee_l->axes[0].function.x.size() >= 2);
  CHECK(knee_l->axes[3].function.kind == FunctionSpec::Kind::SimmSpline);
  CHECK(knee_l->axes[3].function.scale != 1.0);
}

TEST_CASE("read_osim reads wraps, contact meshes and contact forces", "[io][osim]") {
  const ModelSpec& m = lenhart();
  const WrapSpec* w = m.find_wrap("KnExt_at_fem_r");
  REQUIRE(w);
  CHECK(w->type == "WrapCylinder");
  CHECK(w->body == "femur_r");
  CHECK(w->quadrant == "x");
  CHECK(w->radius == Approx(0.025906114158144384));
  CHECK(w->length == Approx(0.18504367255817417));
  const WrapSpec* pat = m.find_wrap("PatTen_r");
  REQUIRE(pat);
  CHECK(pat->type == "WrapEllipsoid");
  CHECK(pat->body == "patella_r");
  CHECK(pat->dimensions.isApprox(Vec3(0.005, 0.008, 0.012)));
  CHECK(pat->quadrant == "all");

  CHECK(m.contact_meshes.size() == 3);
  const ContactMeshSpec* fc = m.find_contact_mesh("femur_cartilage");
  REQUIRE(fc);
  CHECK(fc->body == "femur_distal_r");
  CHECK(fc->mesh_file == "lenhart2015-R-femur-cartilage.stl");
  CHECK(fc->elastic_modulus == 1e7);
  CHECK(fc->poissons_ratio == Approx(0.45));
  CHECK(fc->thickness == Approx(0.003));

  CHECK(m.contact_forces.size() == 2);
  const ContactForceSpec* pf = m.find_contact_force("pf_contact");
  REQUIRE(pf);
  CHECK(pf->casting_mesh == "patella_cartilage");
  CHECK(pf->target_mesh == "femur_cartilage");
  CHECK(pf->max_proximity == Approx(0.02));
  CHECK(pf->min_proximity == 0.0);
  CHECK(pf->formulation == "linear");
  CHECK(pf->lumped);

  // The 12 SpringGeneralizedForce elements are not modelled: one warning for the type.
  CHECK(std::count_if(m.warnings.begin(), m.warnings.end(), [](const std::string& s) {
          return s.find("12 SpringGeneralizedForce") != std::string::npos;
        }) == 1);
}

TEST_CASE("read_osim reports bad numbers with file, line, element and value", "[io][osim]") {
  std::string text = slurp(kOsim);
  const std::size_t lig = text.find("<Blankevoort1991Ligament name=\"PT1\">");
  REQUIRE(lig != std::string::npos);
  const std::size_t key = text.find("<linear_stiffness>3000<", lig);
  REQUIRE(key != std::string::npos);
  text.replace(key, 22, "<linear_stiffness>30x0");
  const std::string path = write_temp("bad_number.osim", text);
  const std::string msg = error_of<ModelError>(path);
  CHECK_THAT(msg, Catch::Contains(path + ":" + std::to_string(line_at(text, key)) + ":"));
  CHECK_THAT(msg, Catch::Contains("Blankevoort1991Ligament 'PT1'") &&
                      Catch::Contains("key 'linear_stiffness'") && Catch::Contains("'30x0'") &&
                      Catch::Contains("not a number"));

  // A missing required key names the ligament and key.
  text = slurp(kOsim);
  const std::size_t sl = text.find("<slack_length>", text.find("<Blankevoort1991Ligament name=\"PT2\">"));
  text.replace(sl, 14, "<not_slack_length>");
  text.replace(text.find("</slack_length>", sl), 15, "</not_slack_length>");
  CHECK_THAT(error_of<ModelError>(write_temp("missing_key.osim", text)),
             Catch::Contains("'PT2'") && Catch::Contains("'slack_length' is missing"));
}

TEST_CASE("read_osim refuses a negative body mass and a second body of the same name",
          "[io][osim]") {
  std::string text = slurp(kOsim);
  const std::size_t body = text.find("<Body name=\"patella_r\">");
  REQUIRE(body != std::string::npos);
  const std::size_t mass = text.find("<mass>", body);
  text.replace(mass, 6, "<mass>-");
  CHECK_THAT(error_of<ModelError>(write_temp("negative_mass.osim", text)),
             Catch::Contains("negative_mass.osim:" + std::to_string(line_at(text, mass)) + ":") &&
                 Catch::Contains("patella_r") && Catch::Contains("must be finite and >= 0"));

  text = slurp(kOsim);
  const std::size_t tibia = text.find("<Body name=\"tibia_r\">");
  REQUIRE(tibia != std::string::npos);
  text.replace(tibia, 20, "<Body name=\"femur_r\">");
  CHECK_THAT(error_of<ModelError>(write_temp("two_femurs.osim", text)),
             Catch::Contains("two_femurs.osim:" + std::to_string(line_at(text, tibia)) + ":") &&
                 Catch::Contains("a second body named 'femur_r'"));
}

TEST_CASE("read_osim rejects unsupported joint functions and warns on joint types", "[io][osim]") {
  std::string text = slurp(kOsim);
  const std::size_t joint = text.find("<CustomJoint name=\"pf_r\">");
  REQUIRE(joint != std::string::npos);
  const std::size_t fn = text.find("<LinearFunction name=\"function\">", joint);
  const std::size_t fn_end = text.find("</LinearFunction>", fn) + 17;
  text.replace(fn, fn_end - fn,
               "<PolynomialFunction name=\"function\"><coefficients>1 0</coefficients>"
               "</PolynomialFunction>");
  const std::string path = write_temp("bad_function.osim", text);
  const std::string msg = error_of<ModelError>(path);
  CHECK_THAT(msg, Catch::Contains(path + ":" + std::to_string(line_at(text, fn)) + ":"));
  CHECK_THAT(msg, Catch::Contains("CustomJoint 'pf_r'") && Catch::Contains("rotation1") &&
                      Catch::Contains("PolynomialFunction"));

  text = slurp(kOsim);
  const std::size_t mtp = text.find("<CustomJoint name=\"mtp_l\">");
  REQUIRE(mtp != std::string::npos);
  text.replace(text.find("</CustomJoint>", mtp), 14, "</PinJoint>");
  text.replace(mtp, 12, "<PinJoint");
  const ModelSpec m = read_osim(write_temp("pin_joint.osim", text));
  CHECK(m.find_joint("mtp_l") == nullptr);
  CHECK(m.joints.size() == 24);
  CHECK(std::any_of(m.warnings.begin(), m.warnings.end(), [](const std::string& s) {
    return s.find("PinJoint") != std::string::npos && s.find("mtp_l") != std::string::npos;
  }));
}

TEST_CASE("read_osim reports unreadable files", "[io][osim]") {
  CHECK_THROWS_AS(read_osim("/nonexistent/dir/model.osim"), IoError);
  CHECK_THROWS_WITH(read_osim("/nonexistent/dir/model.osim"), Catch::Contains("model.osim"));
  const std::string not_xml = write_temp("not_xml.osim", "this is < not xml");
  CHECK_THAT(error_of<ModelError>(not_xml), Catch::Contains("not_xml.osim"));
  const std::string no_model = write_temp("no_model.osim", "<OpenSimDocument><Foo/></OpenSimDocument>");
  CHECK_THAT(error_of<ModelError>(no_model), Catch::Contains("no_model.osim") && Catch::Contains("Model"));
  const std::string bad_socket = write_temp(
      "bad_socket.osim",
      "<OpenSimDocument><Model name=\"m\"><BodySet><objects><Body name=\"b\"><mass>1</mass></Body>"
      "</objects></BodySet><JointSet><objects><WeldJoint name=\"w\">\n"
      "<socket_parent_frame>/bodyset/nowhere</socket_parent_frame>"
      "<socket_child_frame>/bodyset/b</socket_child_frame></WeldJoint></objects></JointSet>"
      "</Model></OpenSimDocument>");
  CHECK_THAT(error_of<ModelError>(bad_socket),
             Catch::Contains("bad_socket.osim:2:") && Catch::Contains("WeldJoint 'w'") &&
                 Catch::Contains("/bodyset/nowhere"));
}

TEST_CASE("read_osim reads ConditionalPathPoint and MovingPathPoint", "[io][osim]") {
  std::string text = slurp(kOsim);
  // semiten_r-P2 becomes conditional on knee flexion, P3 moves along x with knee flexion
  const std::size_t p2 = text.find("<PathPoint name=\"semiten_r-P2\">");
  REQUIRE(p2 != std::string::npos);
  const std::size_t p2_end = text.find("</PathPoint>", p2);
  text.replace(p2_end, 12, "<socket_coordinate>/jointset/knee_r/knee_flex_r</socket_coordinate>"
                           "<range>0.5 2.0</range></ConditionalPathPoint>");
  text.replace(p2, 30, "<ConditionalPathPoint name=\"semiten_r-P2\">");
  const std::size_t p3 = text.find("<PathPoint name=\"semiten_r-P3\">");
  const std::size_t p3_end = text.find("</PathPoint>", p3);
  text.replace(p3_end, 12, "<socket_x_coordinate>/jointset/knee_r/knee_flex_r</socket_x_coordinate>"
                           "<x_location><LinearFunction><coefficients>0.01 -0.02</coefficients>"
                           "</LinearFunction></x_location></MovingPathPoint>");
  text.replace(p3, 30, "<MovingPathPoint name=\"semiten_r-P3\">");
  const ModelSpec spec = read_osim(write_temp("conditional_moving.osim", text));
  const MuscleSpec* m = spec.find_muscle("semiten_r");
  REQUIRE(m);
  const PathPointSpec& c = m->path.points[1];
  CHECK(c.type == "ConditionalPathPoint");
  CHECK(c.coordinate == "knee_flex_r");
  CHECK(c.range_min == 0.5);
  CHECK(c.range_max == 2.0);
  const PathPointSpec& mv = m->path.points[2];
  CHECK(mv.type == "MovingPathPoint");
  CHECK(mv.moving[0]);
  CHECK_FALSE(mv.moving[1]);
  CHECK(mv.coordinates[0] == "knee_flex_r");
  CHECK(mv.functions[0].kind == FunctionSpec::Kind::Linear);
  CHECK(mv.functions[0].slope == 0.01);
}

TEST_CASE("read_osim refuses muscle parameters out of range, naming line, muscle, key and value",
          "[io][osim]") {
  // each used to pass the reader and stop the gait run with "internal error: rigid_tendon_state"
  const std::string original = slurp(kOsim);
  const std::size_t muscle = original.find("<Millard2012EquilibriumMuscle name=\"vaslat_r\">");
  REQUIRE(muscle != std::string::npos);
  struct Case {
    const char* key;
    const char* value;
    const char* says;
  };
  for (const Case& c : {Case{"optimal_fiber_length", "0", "which is not in (0, 2] m"},
                        Case{"max_isometric_force", "1e308", "1e+308 which is not in (0, 1e5] N"},
                        Case{"tendon_slack_length", "-0.1", "-0.1 which is not in [0, 5] m"},
                        Case{"pennation_angle_at_optimal", "1.6", "[0, 90) deg"}}) {
    std::string text = original;
    const std::string open = std::string("<") + c.key + ">";
    const std::size_t at = text.find(open, muscle);
    REQUIRE(at != std::string::npos);
    const std::size_t end = text.find("</", at);
    text.replace(at + open.size(), end - at - open.size(), c.value);
    const std::string path = write_temp(std::string("bad_") + c.key + ".osim", text);
    const std::string msg = error_of<ModelError>(path);
    INFO(msg);
    CHECK_THAT(msg, Catch::Contains(path + ":" + std::to_string(line_at(text, at)) + ":") &&
                        Catch::Contains("Millard2012EquilibriumMuscle 'vaslat_r'") &&
                        Catch::Contains(std::string("key '") + c.key + "'") &&
                        Catch::Contains(c.says));
  }
}

TEST_CASE("read_osim refuses SimmSpline knots that do not increase, naming joint, axis and value",
          "[io][osim]") {
  // used to end in "internal error: ... condition failed" or a NaN pose
  std::string text = slurp(kOsim);
  const std::size_t joint = text.find("<CustomJoint name=\"knee_l\">");
  REQUIRE(joint != std::string::npos);
  const std::size_t x = text.find("<x> -0.174533 0 0.174533", joint);  // rotation2's knots
  const std::size_t x_end = text.find("</x>", x);
  REQUIRE(x_end != std::string::npos);
  std::istringstream knots(text.substr(x + 3, x_end - x - 3));
  std::vector<std::string> v;
  for (std::string s; knots >> s;) v.push_back(s);
  REQUIRE(v.size() >= 3);
  v[2] = v[1];  // a repeated knot
  std::string joined;
  for (const std::string& s : v) joined += " " + s;
  text.replace(x + 3, x_end - x - 3, joined);
  const std::string path = write_temp("repeated_knot.osim", text);
  const std::string msg = error_of<ModelError>(path);
  INFO(msg);
  CHECK_THAT(msg, Catch::Contains(path + ":" + std::to_string(line_at(text, x)) + ":") &&
                      Catch::Contains("CustomJoint 'knee_l' TransformAxis 'rotation2'") &&
                      Catch::Contains("must increase strictly") &&
                      Catch::Contains("x[2] = 0 follows 0"));
}
