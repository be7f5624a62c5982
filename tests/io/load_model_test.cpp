// The model folder's own files: the YAML overlay and the tibiofemoral coupling table.
#include <catch2/catch.hpp>
#include <iterator>

#include <filesystem>
#include <fstream>

#include "patella/core/error.hpp"
#include "patella/io/load_model.hpp"
#include "patella/model/model.hpp"

using namespace patella;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {
fs::path write_temp(const std::string& name, const std::string& text) {
  const fs::path p = fs::temp_directory_path() / name;
  std::ofstream(p) << text;
  return p;
}
const char* kHeader = "knee_flex_deg,knee_add_deg,knee_rot_deg,knee_tx_mm,knee_ty_mm,knee_tz_mm\n";
}  // namespace

TEST_CASE("the coupling table converts degrees and millimetres to SI", "[io][coupling]") {
  const fs::path p = write_temp("patella_tf_ok.csv", std::string("# comment\n") + kHeader +
                                                         "0,1,2,3,4,5\n90,0,0,0,0,-10\n");
  TibiofemoralSpec tf;
  read_tf_coupling(p.string(), tf);
  REQUIRE(tf.flexion.size() == 2);
  CHECK(tf.flexion[1] == Approx(kPi / 2));
  CHECK(tf.values[0][0] == Approx(deg_to_rad(1)));
  CHECK(tf.values[2][0] == Approx(0.003));
  CHECK(tf.values[4][1] == Approx(-0.010));
}

TEST_CASE("a bad coupling table names file, line and value", "[io][coupling]") {
  TibiofemoralSpec tf;
  SECTION("wrong header") {
    const fs::path p = write_temp("patella_tf_header.csv", "knee_flex_deg,knee_add_rad\n0,0\n");
    CHECK_THROWS_WITH(read_tf_coupling(p.string(), tf),
                      Contains("patella_tf_header.csv:1") && Contains("knee_add_rad"));
  }
  SECTION("not a number, or not finite") {
    const fs::path p = write_temp("patella_tf_nan.csv", std::string(kHeader) + "0,0,0,0,0,0\n10,nan,0,0,0,0\n");
    CHECK_THROWS_WITH(read_tf_coupling(p.string(), tf),
                      Contains("patella_tf_nan.csv:3") && Contains("'nan'"));
  }
  SECTION("flexion not increasing") {
    const fs::path p = write_temp("patella_tf_order.csv", std::string(kHeader) + "10,0,0,0,0,0\n5,0,0,0,0,0\n");
    CHECK_THROWS_WITH(read_tf_coupling(p.string(), tf),
                      Contains("patella_tf_order.csv:3") && Contains("does not increase"));
  }
  SECTION("fewer than two rows (the spline used to fail with an internal error)") {
    const fs::path p = write_temp("patella_tf_one.csv", std::string(kHeader) + "10,0,0,0,0,0\n");
    CHECK_THROWS_WITH(read_tf_coupling(p.string(), tf),
                      Contains("patella_tf_one.csv") && Contains("at least 2 rows") &&
                          Contains("(has 1)"));
  }
  SECTION("a folder, not a file") {
    const fs::path d = fs::temp_directory_path() / "patella_tf_folder.csv";
    fs::create_directories(d);
    CHECK_THROWS_WITH(read_tf_coupling(d.string(), tf),
                      Contains("patella_tf_folder.csv") && Contains("it is a folder"));
  }
  SECTION("too many values") {
    const fs::path p = write_temp("patella_tf_wide.csv", std::string(kHeader) + "0,0,0,0,0,0,7\n");
    CHECK_THROWS_WITH(read_tf_coupling(p.string(), tf), Contains("patella_tf_wide.csv:2"));
  }
}

TEST_CASE("an overlay with an unknown key names file, line and key", "[io][overlay]") {
  const fs::path dir = fs::temp_directory_path() / "patella_overlay_test";
  fs::create_directories(dir);
  std::ofstream(dir / "patella.yaml") << "format_version: 1\nosim: model/x.osim\nitb_link: {}\n";
  CHECK_THROWS_WITH(load_model_spec(dir.string()),
                    Contains("patella.yaml:3") && Contains("itb_link"));
}

namespace {
// the shipped overlay with `replace` swapped for `with`, in a temp folder beside the shipped files
std::string edited_overlay(const std::string& name, const std::string& replace, const std::string& with) {
  const fs::path dir = fs::temp_directory_path() / name;
  fs::create_directories(dir);
  const std::string models = PATELLA_MODELS_DIR;
  std::ifstream in(models + "/lenhart2015/patella.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto at = text.find(replace);
  REQUIRE(at != std::string::npos);
  text.replace(at, replace.size(), with);
  // the overlay's relative paths, made absolute
  for (const std::string key : {"osim: ", "coupling_file: "}) {
    const auto k = text.find(key);
    REQUIRE(k != std::string::npos);
    text.insert(k + key.size(), models + "/lenhart2015/");
  }
  std::ofstream(dir / "patella.yaml") << text;
  return dir.string();
}
}  // namespace

TEST_CASE("overlay quadriceps heads and ligament groups: a mistake names file, line, key and value",
          "[io][overlay]") {
  SECTION("a muscle's shares must sum to 1") {
    const std::string d = edited_overlay("patella_heads_share", "share: 0.29", "share: 0.39");
    CHECK_THROWS_WITH(load_model_spec(d), Contains("patella.yaml") && Contains("vasmed_r") && Contains("1.1"));
  }
  SECTION("a head of a muscle the .osim lacks") {
    const std::string d = edited_overlay("patella_heads_muscle", "muscle: vasmed_r, share: 0.29", "muscle: vasmedial_r, share: 0.29");
    CHECK_THROWS_WITH(load_model_spec(d), Contains("patella.yaml:") && Contains("vasmedial_r"));
  }
  SECTION("a misspelt insertion gets a did-you-mean") {
    const std::string d = edited_overlay("patella_heads_insertion", "insertion: medial_border", "insertion: medial_bordr");
    CHECK_THROWS_WITH(load_model_spec(d), Contains("patella.yaml:") && Contains("medial_bordr") &&
                                              Contains("did you mean 'medial_border'"));
  }
  SECTION("a ligament group that names no ligament") {
    const std::string d = edited_overlay("patella_lig_group", "PT: {total_N_per_mm", "PTX: {total_N_per_mm");
    CHECK_THROWS_WITH(load_model_spec(d), Contains("patella.yaml:") && Contains("PTX"));
  }
  SECTION("the shipped overlay scales the patellar tendon to 1076 N/mm and keeps the retinaculum") {
    auto total = [](const ModelSpec& s, const std::string& prefix) {
      double k = 0.0;
      for (const LigamentSpec& l : s.ligaments)
        if (l.name.rfind(prefix, 0) == 0) k += l.linear_stiffness / l.slack_length;
      return k;
    };
    const std::string dir = std::string(PATELLA_MODELS_DIR) + "/lenhart2015";
    const ModelSpec shipped = load_model_spec(dir), osim = load_model_spec(dir, {std::nullopt, std::string("osim")}),
                    measured = load_model_spec(dir, {std::nullopt, std::string("measured")});
    CHECK(total(shipped, "PT") == Approx(1076e3));
    CHECK(total(osim, "PT") == Approx(385.8e3).epsilon(1e-3));  // lenhart2015.osim as it is
    CHECK(total(shipped, "mPFL") == Approx(total(osim, "mPFL")));
    CHECK(total(measured, "mPFL") == Approx(42.5e3));
    CHECK(total(measured, "lPFL") == Approx(16e3));
  }
}

TEST_CASE("an overlay number outside its physical range names file, line, key and value",
          "[io][overlay]") {
  const fs::path dir = fs::temp_directory_path() / "patella_overlay_range_test";
  fs::create_directories(dir);
  std::ofstream(dir / "patella.yaml")
      << "format_version: 1\nosim: " << PATELLA_MODELS_DIR << "/lenhart2015/model/lenhart2015.osim\n"
      << "itb_patellar_link:\n  itb_ligament: ITB1\n  stiffness_N_per_mm: .nan\n";
  CHECK_THROWS_WITH(load_model_spec(dir.string()),
                    Contains("patella.yaml:5") && Contains("stiffness_N_per_mm") &&
                        Contains("nan") && Contains("(0, 10000]"));
}
