// Pictures are checked by their content, not only their existence: pressure colours where the
// results report contact, curves in the charts, different scenarios giving different images,
// and ParaView files that read back with the expected points and arrays. Needs a display
// (ctest runs under xvfb-run -a in scripts/test).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <unistd.h>

#include <H5Cpp.h>

#include <vtkCellData.h>
#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>
#include <vtkPolyData.h>
#include <vtkXMLPolyDataReader.h>

#include "patella/io/load_model.hpp"
#include "patella/io/results_reader.hpp"
#include "patella/viz/knee_pictures.hpp"
#include "patella/viz/plots.hpp"
#include "patella/compiler/compile.hpp"

using namespace patella;
namespace fs = std::filesystem;

namespace {

// each test process writes under its own folder (ctest runs them in parallel), removed at exit
const fs::path kDir = fs::temp_directory_path() / ("patella_render_test_" + std::to_string(::getpid()));
struct RemoveAtExit {
  ~RemoveAtExit() {
    std::error_code ec;
    fs::remove_all(kDir, ec);
  }
} remove_at_exit;

// two scenarios at 41 frames a cycle, compared once by the ctest fixture viz_results_fixture
// (tests/viz/make_results.sh), or here when the binary runs on its own
const std::string& compare_file() {
  static const std::string file = [] {
    fs::create_directories(kDir);
    const std::string made = std::string(PATELLA_VIZ_RESULTS) + "/comparison.h5";
    if (fs::exists(made)) return made;
    const std::string cmd = "bash " + std::string(PATELLA_SOURCE_DIR) + "/tests/viz/make_results.sh " +
                            PATELLA_CLI + " " + PATELLA_SOURCE_DIR + " " + PATELLA_VIZ_RESULTS +
                            " > /dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    return made;
  }();
  return file;
}

const Model& model() {
  static const std::unique_ptr<Model> m =
      compile(load_model_spec(std::string(PATELLA_MODELS_DIR) + "/lenhart2015"));
  return *m;
}

struct Image {
  int w = 0, h = 0;
  std::vector<std::array<int, 3>> px;  // row 0 at the bottom (VTK)
  const std::array<int, 3>& at(int x, int y) const { return px[static_cast<std::size_t>(y * w + x)]; }
};

Image read_png(const std::string& path) {
  REQUIRE(fs::exists(path));
  vtkNew<vtkPNGReader> r;
  r->SetFileName(path.c_str());
  r->Update();
  vtkImageData* img = r->GetOutput();
  int dims[3];
  img->GetDimensions(dims);
  Image out;
  out.w = dims[0];
  out.h = dims[1];
  const int nc = img->GetNumberOfScalarComponents();
  const auto* p = static_cast<unsigned char*>(img->GetScalarPointer());
  for (int i = 0; i < out.w * out.h; ++i) out.px.push_back({p[i * nc], p[i * nc + 1], p[i * nc + 2]});
  return out;
}

// a saturated, coloured pixel: the pressure map's hues (blue..red), not the grey cartilage,
// the ivory bone, the light-blue femoral cartilage or the white background
bool pressure_coloured(const std::array<int, 3>& c) {
  const int mx = std::max({c[0], c[1], c[2]}), mn = std::min({c[0], c[1], c[2]});
  return mx > 120 && mx - mn > 110;
}

int count_in(const Image& img, int x0, int x1, bool (*pred)(const std::array<int, 3>&)) {
  int n = 0;
  for (int y = 0; y < img.h; ++y)
    for (int x = x0; x < x1; ++x) n += pred(img.at(x, y));
  return n;
}

}  // namespace

TEST_CASE("Render: the articular view paints pressure where contact was reported, none without",
          "[viz]") {
  std::vector<RecordedRun> runs = read_recorded_runs(compare_file(), {"baseline_running"});
  REQUIRE(runs.size() == 1);
  const fs::path dir = kDir / "articular";
  fs::create_directories(dir);
  viz::PictureOptions opt;
  opt.viewport_width = opt.viewport_height = 400;
  const auto files = viz::render_knee_views(model(), runs, {viz::KneeView::Articular}, {viz::Instant{}},
                                            dir.string(), opt);
  REQUIRE(files.size() == 1);
  const Image img = read_png(files[0]);
  CHECK(img.w == 400 + 130);  // the knee's viewport and the colour bar's strip
  // the colour bar has its own strip at the right; look at the patella, left of it
  const int coloured = count_in(img, 0, 400, pressure_coloured);
  const std::size_t k = runs[0].peak_force_frame();
  const double area_mm2 = runs[0].channel("contact_area_mm2")[k];
  INFO("contact area " << area_mm2 << " mm2, coloured pixels " << coloured);
  REQUIRE(area_mm2 > 100.0);
  CHECK(coloured > 2000);
  // the same frame with no contact reported: the cartilage stays grey
  for (float& p : runs[0].pressure[k]) p = 0.0f;
  const fs::path none = kDir / "articular_none";
  fs::create_directories(none);
  opt.pressure_max_MPa = 10.0;  // the colour bar still needs a range
  const auto f2 = viz::render_knee_views(model(), runs, {viz::KneeView::Articular}, {viz::Instant{}},
                                         none.string(), opt);
  const Image blank = read_png(f2[0]);
  CHECK(count_in(blank, 0, 400, pressure_coloured) < 50);
}

TEST_CASE("Render: two scenarios give different pictures - the views show both side by side",
          "[viz]") {
  const std::vector<RecordedRun> a = read_recorded_runs(compare_file(), {"baseline_running"});
  const std::vector<RecordedRun> b = read_recorded_runs(compare_file(), {"vastus_lateralis_taut_band"});
  viz::PictureOptions opt;
  opt.viewport_width = opt.viewport_height = 300;
  opt.pressure_max_MPa = 16.0;  // one scale for both
  std::vector<Image> imgs;
  for (const auto* runs : {&a, &b}) {
    const fs::path dir = kDir / ("diff_" + runs->front().name);
    fs::create_directories(dir);
    imgs.push_back(read_png(viz::render_knee_views(model(), *runs, {viz::KneeView::Articular},
                                                   {viz::Instant{}}, dir.string(), opt)[0]));
  }
  int differing = 0;
  for (std::size_t i = 0; i < imgs[0].px.size(); ++i) differing += imgs[0].px[i] != imgs[1].px[i];
  INFO(differing << " of " << imgs[0].px.size() << " pixels differ");
  CHECK(differing > 500);
  // both in one picture: twice as wide
  const fs::path both = kDir / "both";
  fs::create_directories(both);
  const std::vector<RecordedRun> ab = read_recorded_runs(compare_file());
  const Image wide = read_png(viz::render_knee_views(model(), ab, {viz::KneeView::Lateral},
                                                     {viz::Instant{}}, both.string(), opt)[0]);
  CHECK(wide.w == 600 + 130);
}

TEST_CASE("Render: the tracking charts draw each scenario's curve in its colour", "[viz]") {
  const std::vector<RecordedRun> runs = read_recorded_runs(compare_file());
  const fs::path dir = kDir / "charts";
  fs::create_directories(dir);
  const Image img = read_png(viz::render_tracking_charts(runs, dir.string()));
  // Okabe-Ito blue (0, 114, 178) and vermillion (213, 94, 0): the first and second series
  auto near = [](const std::array<int, 3>& c, int r, int g, int b) {
    return std::abs(c[0] - r) < 40 && std::abs(c[1] - g) < 40 && std::abs(c[2] - b) < 40;
  };
  int blue = 0, orange = 0;
  for (const auto& c : img.px) {
    blue += near(c, 0, 114, 178);
    orange += near(c, 213, 94, 0);
  }
  INFO("blue " << blue << ", orange " << orange);
  CHECK(blue > 1000);
  CHECK(orange > 1000);
}

TEST_CASE("ParaView export: every frame's .vtp reads back with the posed meshes, pressure and "
          "forces", "[viz]") {
  const std::vector<RecordedRun> runs = read_recorded_runs(compare_file(), {"baseline_running"});
  const RecordedRun& run = runs[0];
  const fs::path dir = kDir / "paraview";
  fs::create_directories(dir);
  const std::string pvd = viz::export_paraview(model(), run, dir.string());
  std::ifstream in(pvd);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::size_t datasets = 0;
  for (std::size_t p = text.find("<DataSet"); p != std::string::npos; p = text.find("<DataSet", p + 1)) ++datasets;
  CHECK(datasets == run.frames());
  const std::size_t k = run.peak_force_frame();
  char name[64];
  std::snprintf(name, sizeof name, "_%04zu.vtp", k);
  vtkNew<vtkXMLPolyDataReader> r;
  r->SetFileName((dir / run.name / (run.name + name)).string().c_str());
  r->Update();
  vtkPolyData* poly = r->GetOutput();
  // the meshes' vertices plus two points per line of force
  std::size_t vertices = 0;
  for (const BodySpec& b : model().spec.bodies)
    if (b.name == "femur_distal_r" || b.name == "tibia_proximal_r" || b.name == "patella_r")
      for (const MeshRefSpec& m : b.meshes)
        if (model().spec.mesh_data.count(m.file)) vertices += model().spec.mesh_data.at(m.file).vertices.size();
  const std::size_t lines = model().ligaments.size() + model().muscles.size() + model().itb.bundle_p_K.size();
  CHECK(static_cast<std::size_t>(poly->GetNumberOfPoints()) == vertices + 2 * lines);
  CHECK(static_cast<std::size_t>(poly->GetNumberOfLines()) == lines);
  vtkDataArray* pressure = poly->GetCellData()->GetArray("pressure_MPa");
  vtkDataArray* force = poly->GetCellData()->GetArray("force_N");
  REQUIRE(pressure);
  REQUIRE(force);
  REQUIRE(poly->GetCellData()->GetArray("part"));
  double pr[2], fr[2];
  pressure->GetRange(pr);
  force->GetRange(fr);
  const float pmax = *std::max_element(run.pressure[k].begin(), run.pressure[k].end());
  CHECK(pr[1] == Approx(1e-6 * pmax).epsilon(1e-5));
  // the largest line force: a quadriceps muscle or a patellar tendon bundle at this frame
  double fmax = run.channel("itb_tension_N")[k];
  for (double t : run.ligament_tension[k]) fmax = std::max(fmax, t);
  for (const PatellaMuscle& m : model().muscles) fmax = std::max(fmax, run.channel("force_" + m.name + "_N")[k]);
  CHECK(fr[1] == Approx(fmax).epsilon(1e-6));

  // a scenario's tibial tuberosity offset moves the patellar tendon's tibial ends in the export
  RecordedRun moved = run;
  moved.tuberosity_offset = 0.005;
  const fs::path dir2 = kDir / "paraview_tt";
  fs::create_directories(dir2);
  viz::export_paraview(model(), moved, dir2.string());
  vtkNew<vtkXMLPolyDataReader> r2;
  r2->SetFileName((dir2 / run.name / (run.name + name)).string().c_str());
  r2->Update();
  vtkPolyData* p2 = r2->GetOutput();
  REQUIRE(p2->GetNumberOfPoints() == poly->GetNumberOfPoints());
  int shifted = 0, other = 0;
  for (vtkIdType i = 0; i < poly->GetNumberOfPoints(); ++i) {
    double a[3], b[3];
    poly->GetPoint(i, a);
    p2->GetPoint(i, b);
    const double d = std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
                               (a[2] - b[2]) * (a[2] - b[2]));
    if (std::abs(d - 0.005) < 1e-6) ++shifted;
    else if (d > 1e-9) ++other;
  }
  CHECK(shifted == 6);  // PT1..PT6, 5 mm along the tibia's lateral axis
  CHECK(other == 0);
}

TEST_CASE("Render: the cycle animation is an OGG Theora movie", "[viz]") {
  const std::vector<RecordedRun> runs = read_recorded_runs(compare_file());
  const fs::path dir = kDir / "movie";
  fs::create_directories(dir);
  const std::string movie = viz::render_cycle_animation(model(), runs, dir.string(), true);
  REQUIRE(fs::exists(movie));
  std::ifstream in(movie, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  CHECK(std::string(magic, 4) == "OggS");
  CHECK(fs::file_size(movie) > 10000);
  CHECK_FALSE(fs::exists(movie + ".tmp.ogv"));
}

namespace {
struct CliRun {
  int code;
  std::string err;
};
CliRun cli(const std::string& args, bool with_display) {
  const std::string err = (kDir / "cli_err.txt").string();
  const std::string cmd = std::string(with_display ? "" : "env -u DISPLAY ") + PATELLA_CLI + " " +
                          args + " > /dev/null 2> " + err;
  const int status = std::system(cmd.c_str());
  std::ifstream in(err);
  std::stringstream ss;
  ss << in.rdbuf();
  return {WEXITSTATUS(status), ss.str()};
}
}  // namespace

TEST_CASE("render and view without a display say so in one line and point the way", "[viz][cli]") {
  const std::string file = compare_file();
  const CliRun r = cli("render " + file + " --out " + (kDir / "nodisplay").string(), false);
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Catch::Contains("no display") && Catch::Contains("xvfb-run -a"));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_FALSE(fs::exists(kDir / "nodisplay"));  // checked before anything was written
  const CliRun v = cli("view " + file, false);
  CHECK(v.code == 1);
  CHECK_THAT(v.err, Catch::Contains("no display") && Catch::Contains("patella render"));
  CHECK(std::count(v.err.begin(), v.err.end(), '\n') == 1);
  // with one, the window opens, draws the knee with its pressure map, and closes
  const std::string shot = (kDir / "view.png").string();
  const CliRun w = cli("view " + file + " --scenario baseline_running --close-after 1 --screenshot " + shot, true);
  CHECK(w.code == 0);
  const Image img = read_png(shot);
  CHECK(count_in(img, 0, 420, pressure_coloured) > 1000);  // its 420 px column, not the bar's strip
  // a scenario the file lacks is named with what it has
  const CliRun u = cli("render " + file + " --scenario baseline_runing --out " + kDir.string(), true);
  CHECK(u.code == 1);
  CHECK_THAT(u.err, Catch::Contains("baseline_runing") && Catch::Contains("did you mean 'baseline_running'?"));
}

namespace {
// a copy of the fixture's comparison file, changed by `edit` through the HDF5 C++ API
std::string edited_results(const std::string& name, const std::function<void(H5::H5File&)>& edit) {
  fs::create_directories(kDir);
  const fs::path copy = kDir / (name + ".h5");
  fs::copy_file(compare_file(), copy, fs::copy_options::overwrite_existing);
  fs::permissions(copy, fs::perms::owner_write, fs::perm_options::add);
  H5::H5File f(copy.string(), H5F_ACC_RDWR);
  edit(f);
  return copy.string();
}
}  // namespace

TEST_CASE("render refuses a NaN pose in the results, naming dataset and frame, and draws nothing",
          "[viz][cli]") {
  // one value of the patella's pose at frame 5 becomes NaN (it used to be drawn, exit 0)
  const std::string file = edited_results("nan_pose", [](H5::H5File& f) {
    H5::DataSet ds = f.openDataSet("/scenarios/baseline_running/body_poses/patella_r");
    hsize_t dims[3];
    REQUIRE(ds.getSpace().getSimpleExtentDims(dims) == 3);
    std::vector<double> v(dims[0] * dims[1] * dims[2]);
    ds.read(v.data(), H5::PredType::NATIVE_DOUBLE);
    v[5 * 16 + 3] = std::nan("");
    ds.write(v.data(), H5::PredType::NATIVE_DOUBLE);
  });
  const fs::path out = kDir / "nan_pose_render";
  const CliRun r = cli("render " + file + " --no-animation --out " + out.string(), true);
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Catch::Contains("nan_pose.h5:/scenarios/baseline_running/body_poses/patella_r") &&
                        Catch::Contains("frame 5") && Catch::Contains("not finite"));
  CHECK_THAT(r.err, !Catch::Contains("internal error"));
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("render refuses results with zero frames or without a channel the pictures need",
          "[viz][cli]") {
  // zero frames used to reach the pictures' frame look-ups (std::vector::at, _M_range_check)
  const std::string empty = edited_results("zero_frames", [](H5::H5File& f) {
    H5::Group g = f.openGroup("/scenarios/vastus_lateralis_taut_band");
    g.unlink("gait_percent");
    const hsize_t none[1] = {0};
    g.createDataSet("gait_percent", H5::PredType::NATIVE_DOUBLE, H5::DataSpace(1, none));
  });
  const CliRun z = cli("render " + empty + " --out " + (kDir / "zero_render").string(), true);
  CHECK(z.code == 1);
  CHECK_THAT(z.err, Catch::Contains("zero_frames.h5:/scenarios/vastus_lateralis_taut_band/gait_percent") &&
                        Catch::Contains("no frames") && !Catch::Contains("internal error"));

  const std::string no_tilt = edited_results("no_tilt", [](H5::H5File& f) {
    f.openGroup("/scenarios/baseline_running").unlink("lateral_tilt_deg");
  });
  const CliRun t = cli("render " + no_tilt + " --out " + (kDir / "no_tilt_render").string(), true);
  CHECK(t.code == 1);
  CHECK_THAT(t.err, Catch::Contains("no_tilt.h5:/scenarios/baseline_running") &&
                        Catch::Contains("'lateral_tilt_deg'") && !Catch::Contains("internal error"));
  CHECK_FALSE(fs::exists(kDir / "no_tilt_render"));
}
