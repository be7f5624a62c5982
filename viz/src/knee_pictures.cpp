#include "patella/viz/knee_pictures.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <vtkActor.h>
#include <vtkActor2D.h>
#include <vtkAppendPolyData.h>
#include <vtkCamera.h>
#include <vtkCellData.h>
#include <vtkFieldData.h>
#include <vtkFloatArray.h>
#include <vtkIntArray.h>
#include <vtkLegendBoxActor.h>
#include <vtkLookupTable.h>
#include <vtkMatrix4x4.h>
#include <vtkNew.h>
#include <vtkOggTheoraWriter.h>
#include <vtkPoints.h>
#include <vtkPolyDataMapper.h>
#include <vtkCellArray.h>
#include <vtkPolyLine.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkRendererCollection.h>
#include <vtkScalarBarActor.h>
#include <vtkSphereSource.h>
#include <vtkStringArray.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkTubeFilter.h>
#include <vtkWindowToImageFilter.h>
#include <vtkXMLPolyDataWriter.h>

#include "knee_scene.hpp"
#include "patella/core/error.hpp"
#include "patella/viz/plots.hpp"
#include "render_window.hpp"

namespace fs = std::filesystem;

namespace patella::viz {

namespace {

// Okabe-Ito, as the charts
constexpr std::array<std::array<double, 3>, 6> kRunColour{{{0.0, 0.447, 0.698},
                                                           {0.835, 0.369, 0.0},
                                                           {0.0, 0.620, 0.451},
                                                           {0.800, 0.475, 0.655},
                                                           {0.902, 0.624, 0.0},
                                                           {0.337, 0.706, 0.914}}};
constexpr double kBone[3] = {0.89, 0.86, 0.80}, kCartilage[3] = {0.70, 0.80, 0.90};

std::string fmt1(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

void require_dir(const std::string& dir) {
  if (!fs::is_directory(dir)) throw IoError(dir + ": output folder does not exist");
}

vtkSmartPointer<vtkLookupTable> pressure_lut(double max_mpa) {
  auto lut = vtkSmartPointer<vtkLookupTable>::New();
  // blue (low) to red (high); below 0.01 MPa (no contact) the cartilage stays grey
  lut->SetHueRange(0.667, 0.0);
  lut->SetTableRange(0.01, std::max(max_mpa, 0.02));
  lut->SetBelowRangeColor(0.75, 0.75, 0.75, 1.0);
  lut->UseBelowRangeColorOn();
  lut->Build();
  return lut;
}

vtkSmartPointer<vtkActor> mesh_actor(vtkPolyData* poly, const double rgb[3], double opacity,
                                     vtkLookupTable* lut = nullptr) {
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputData(poly);
  if (lut) {
    mapper->SetLookupTable(lut);
    mapper->SetScalarModeToUseCellData();
    mapper->SetUseLookupTableScalarRange(true);
    mapper->ScalarVisibilityOn();
  } else {
    mapper->ScalarVisibilityOff();
  }
  auto actor = vtkSmartPointer<vtkActor>::New();
  actor->SetMapper(mapper);
  actor->GetProperty()->SetColor(rgb[0], rgb[1], rgb[2]);
  actor->GetProperty()->SetOpacity(opacity);
  actor->GetProperty()->SetInterpolationToGouraud();
  return actor;
}

// Text at (x, y) in the renderer's viewport, normalised (0..1), anchored at its left or top.
vtkSmartPointer<vtkTextActor> label(const std::string& text, double x, double y, int size,
                                    bool top = false) {
  auto t = vtkSmartPointer<vtkTextActor>::New();
  t->SetInput(text.c_str());
  t->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
  t->GetPositionCoordinate()->SetValue(x, y);
  if (top) t->GetTextProperty()->SetVerticalJustificationToTop();
  t->GetTextProperty()->SetFontSize(size);
  t->GetTextProperty()->SetColor(0.05, 0.05, 0.05);
  return t;
}

vtkSmartPointer<vtkScalarBarActor> pressure_bar(vtkLookupTable* lut) {
  auto bar = vtkSmartPointer<vtkScalarBarActor>::New();
  bar->SetLookupTable(lut);
  bar->SetTitle("pressure (MPa)");
  bar->SetNumberOfLabels(5);
  bar->SetLabelFormat("%.1f");
  bar->GetTitleTextProperty()->SetColor(0.05, 0.05, 0.05);
  bar->GetTitleTextProperty()->SetFontSize(14);
  bar->GetTitleTextProperty()->ItalicOff();
  bar->GetLabelTextProperty()->SetColor(0.05, 0.05, 0.05);
  bar->GetLabelTextProperty()->ItalicOff();
  bar->SetUnconstrainedFontSize(true);
  bar->GetLabelTextProperty()->SetFontSize(13);
  bar->SetPosition(0.86, 0.12);
  bar->SetWidth(0.11);
  bar->SetHeight(0.7);
  return bar;
}

// Places the camera for a view, looking at `focus` (F, metres) from `dir` with `up`.
void look(vtkRenderer* ren, const Vec3& focus, const Vec3& dir, const Vec3& up, double half_height) {
  vtkCamera* cam = ren->GetActiveCamera();
  const Vec3 pos = focus + 0.4 * dir.normalized();
  cam->SetFocalPoint(focus.x(), focus.y(), focus.z());
  cam->SetPosition(pos.x(), pos.y(), pos.z());
  cam->SetViewUp(up.x(), up.y(), up.z());
  cam->ParallelProjectionOn();
  cam->SetParallelScale(half_height);
  ren->ResetCameraClippingRange();
}

vtkSmartPointer<vtkMatrix4x4> matrix(const Transform& X) {
  auto m = vtkSmartPointer<vtkMatrix4x4>::New();
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) m->SetElement(i, j, X.R(i, j));
    m->SetElement(i, 3, X.p[i]);
  }
  return m;
}

// Screen directions of each view, for the orientation hint (right knee, F: X anterior, Y
// superior, Z lateral; the camera looks along -dir with `up` up, so screen right = -dir x up).
const char* orientation_hint(KneeView v) {
  switch (v) {
    case KneeView::Anterior: return "<- lateral   medial ->   (seen from the front)";
    case KneeView::Lateral: return "<- posterior   anterior ->   (seen from the lateral side)";
    case KneeView::Sunrise: return "<- lateral   medial ->, anterior up   (seen from distal)";
    case KneeView::Articular: return "<- medial   lateral ->, superior up   (the patella seen from behind)";
  }
  return "";
}

// One scenario's knee in a renderer: the actors are built once (meshes in their body frames) and
// posed per frame through their user matrices, so a movie does not copy meshes.
class KneeActors {
 public:
  KneeActors(vtkRenderer* ren, const KneeScene& scene, KneeView view, vtkLookupTable* lut)
      : ren_(ren), scene_(scene), view_(view) {
    for (const KneeScene::Part& part : scene.parts) {
      const bool femur = part.body != "patella_r" && part.body.rfind("tibia", 0) != 0;
      const bool tibia = part.body.rfind("tibia", 0) == 0;
      if (view == KneeView::Articular && part.body != "patella_r") continue;
      if (view == KneeView::Sunrise && tibia) continue;
      vtkSmartPointer<vtkPolyData> poly = part.mesh_B;
      if (part.pressure) {  // its own copy: the pressure values change per frame and run
        poly = vtkSmartPointer<vtkPolyData>::New();
        poly->ShallowCopy(part.mesh_B);
        pressure_ = vtkSmartPointer<vtkFloatArray>::New();
        pressure_->SetName("pressure_MPa");
        pressure_->SetNumberOfValues(part.mesh_B->GetNumberOfCells());
        pressure_->Fill(0.0f);
        poly->GetCellData()->SetScalars(pressure_);
      }
      const double opacity = (femur && part.cartilage && view != KneeView::Sunrise) ? 0.55 : 1.0;
      vtkSmartPointer<vtkActor> actor =
          mesh_actor(poly, part.cartilage ? kCartilage : kBone, opacity, part.pressure ? lut : nullptr);
      ren->AddActor(actor);
      actors_.push_back({part.body, actor});
    }
    ren->SetBackground(1, 1, 1);
    ren->UseFXAAOn();
  }

  void pose(const RecordedRun& run, std::size_t k) {
    for (auto& [body, actor] : actors_) actor->SetUserMatrix(matrix(body_pose(run, body, k)));
    if (pressure_) {
      const std::vector<float>& p = run.pressure.at(k);
      if (static_cast<vtkIdType>(p.size()) != pressure_->GetNumberOfValues())
        throw IoError(run.name + ": " + std::to_string(p.size()) + " pressure values for " +
                      std::to_string(pressure_->GetNumberOfValues()) +
                      " patellar cartilage triangles: results and model do not match");
      for (std::size_t i = 0; i < p.size(); ++i) pressure_->SetValue(static_cast<vtkIdType>(i), 1e-6f * p[i]);
      pressure_->Modified();
    }
    const Transform X_FK = body_pose(run, "patella_r", k);
    const Vec3 c = X_FK.p;
    switch (view_) {
      case KneeView::Anterior: look(ren_, c + Vec3(-0.015, -0.01, 0), {1, 0, 0}, {0, 1, 0}, 0.06); break;
      case KneeView::Lateral: look(ren_, c + Vec3(-0.03, -0.015, 0), {0, 0, 1}, {0, 1, 0}, 0.075); break;
      case KneeView::Sunrise: look(ren_, c + Vec3(-0.015, 0, 0), {0, -1, 0}, {1, 0, 0}, 0.045); break;
      case KneeView::Articular: {
        const Vec3 back = -(X_FK.R * Vec3::UnitX()), up = X_FK.R * Vec3::UnitY();
        look(ren_, c + 0.01 * back, back, up, 0.03);
        break;
      }
    }
  }

 private:
  vtkRenderer* ren_;
  const KneeScene& scene_;
  KneeView view_;
  std::vector<std::pair<std::string, vtkSmartPointer<vtkActor>>> actors_;
  vtkSmartPointer<vtkFloatArray> pressure_;
};

// A short horizontal line: the legend's symbol for a path.
vtkPolyData* legend_symbol() {
  static vtkSmartPointer<vtkPolyData> line = [] {
    auto p = vtkSmartPointer<vtkPolyData>::New();
    vtkNew<vtkPoints> pts;
    pts->InsertNextPoint(0, 0, 0);
    pts->InsertNextPoint(1, 0, 0);
    vtkNew<vtkCellArray> cells;
    const vtkIdType ids[2] = {0, 1};
    cells->InsertNextCell(2, ids);
    p->SetPoints(pts);
    p->SetLines(cells);
    return p;
  }();
  return line;
}

std::size_t frame_of(const RecordedRun& run, const Instant& at) {
  return at.peak_force ? run.peak_force_frame() : run.frame_at_percent(at.percent);
}

double body_weights(const RecordedRun& run, std::size_t k) {
  const auto it = run.channels.find("pf_contact_force_BW");
  return it == run.channels.end() ? std::nan("") : it->second.at(k);
}

std::string caption(const RecordedRun& run, std::size_t k) {
  return run.name + ": " + fmt1(run.gait_percent.at(k)) + " % of the cycle, PF force " +
         fmt1(body_weights(run, k)) + " BW";
}

double max_pressure(const std::vector<RecordedRun>& runs, const std::vector<std::size_t>& frames) {
  double m = 0.0;
  for (std::size_t r = 0; r < runs.size(); ++r)
    for (float p : runs[r].pressure.at(frames[r])) m = std::max(m, 1e-6 * p);
  return m;
}

// The last cycle's frames of a run.
std::vector<std::size_t> last_cycle(const RecordedRun& run) {
  std::vector<std::size_t> k;
  for (std::size_t i = 0; i < run.frames(); ++i)
    if (run.cycle[i] == run.cycle.back()) k.push_back(i);
  return k;
}

void write_text_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
    if (!out) {
      std::remove(tmp.c_str());
      throw IoError(path + ": cannot write");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw IoError(path + ": cannot write (rename failed)");
  }
}

}  // namespace

const char* view_name(KneeView v) {
  switch (v) {
    case KneeView::Anterior: return "anterior";
    case KneeView::Lateral: return "lateral";
    case KneeView::Sunrise: return "sunrise";
    case KneeView::Articular: return "articular";
  }
  return "?";
}

std::string Instant::label() const {
  if (peak_force) return "peak";
  char b[32];
  std::snprintf(b, sizeof b, "%gpct", percent);
  return b;
}

std::vector<std::string> render_knee_views(const Model& model, const std::vector<RecordedRun>& runs,
                                           const std::vector<KneeView>& views,
                                           const std::vector<Instant>& instants,
                                           const std::string& dir, const PictureOptions& opt) {
  PATELLA_THROW_UNLESS(!runs.empty());
  require_dir(dir);
  const KneeScene scene = make_knee_scene(model);
  const XConnection x(dir);
  std::vector<std::string> files;
  const int n = static_cast<int>(runs.size());
  for (const Instant& at : instants) {
    std::vector<std::size_t> frames;
    for (const RecordedRun& r : runs) frames.push_back(frame_of(r, at));
    const double pmax = opt.pressure_max_MPa > 0 ? opt.pressure_max_MPa : max_pressure(runs, frames);
    vtkSmartPointer<vtkLookupTable> lut = pressure_lut(pmax);
    for (KneeView view : views) {
      const std::string file =
          (fs::path(dir) / ("knee_" + std::string(view_name(view)) + "_" + at.label() + ".png")).string();
      vtkNew<vtkRenderWindow> window;
      make_offscreen(window, x, opt.viewport_width * n, opt.viewport_height);
      for (int r = 0; r < n; ++r) {
        vtkNew<vtkRenderer> ren;
        ren->SetViewport(double(r) / n, 0.0, double(r + 1) / n, 1.0);
        KneeActors knee(ren, scene, view, lut);
        knee.pose(runs[r], frames[r]);
        ren->AddActor2D(label(caption(runs[r], frames[r]), 0.02, 0.98, 16, true));
        ren->AddActor2D(label(std::string(view_name(view)) + " view: " + orientation_hint(view),
                              0.02, 0.02, 13));
        if (r == n - 1) ren->AddActor2D(pressure_bar(lut));
        window->AddRenderer(ren);
      }
      window->Render();
      write_png_atomically(file, window);
      window->Finalize();
      files.push_back(file);
    }
  }
  return files;
}

std::string render_patella_paths(const Model& model, const std::vector<RecordedRun>& runs,
                                 const std::string& dir) {
  PATELLA_THROW_UNLESS(!runs.empty());
  require_dir(dir);
  const KneeScene scene = make_knee_scene(model);
  const XConnection x(dir);
  const std::string file = (fs::path(dir) / "patella_path.png").string();
  vtkNew<vtkRenderWindow> window;
  make_offscreen(window, x, 1400, 800);
  const Vec3 dirs[2] = {{1, 0, 0}, {0, 0, 1}};
  const char* names[2] = {"from the front (anterior)", "from the side (lateral)"};
  // the femur at the first run's first frame (it does not move in F)
  for (int v = 0; v < 2; ++v) {
    vtkNew<vtkRenderer> ren;
    ren->SetViewport(0.5 * v, 0.0, 0.5 * (v + 1), 1.0);
    ren->SetBackground(1, 1, 1);
    for (const KneeScene::Part& part : scene.parts)
      if (part.body == model.names.femur)
        ren->AddActor(mesh_actor(posed_part(part, runs[0], 0), part.cartilage ? kCartilage : kBone,
                                 part.cartilage ? 0.6 : 1.0));
    vtkNew<vtkLegendBoxActor> legend;
    legend->SetNumberOfEntries(static_cast<int>(runs.size()));
    Vec3 centre = Vec3::Zero();
    std::size_t count = 0;
    for (std::size_t r = 0; r < runs.size(); ++r) {
      vtkNew<vtkPoints> pts;
      const std::vector<std::size_t> ks = last_cycle(runs[r]);
      vtkNew<vtkCellArray> line;
      line->InsertNextCell(static_cast<vtkIdType>(ks.size()));
      for (std::size_t k : ks) {
        // the patella's origin lies inside the bone: show the point in front of it instead
        const Transform X = body_pose(runs[r], "patella_r", k);
        const Vec3 p = X * Vec3(0.012, 0, 0);
        line->InsertCellPoint(pts->InsertNextPoint(p.x(), p.y(), p.z()));
        centre += X.p;
        ++count;
      }
      vtkNew<vtkPolyData> poly;
      poly->SetPoints(pts);
      poly->SetLines(line);
      vtkNew<vtkTubeFilter> tube;
      tube->SetInputData(poly);
      tube->SetRadius(0.0007);
      tube->SetNumberOfSides(12);
      tube->Update();
      const auto& c = kRunColour[r % kRunColour.size()];
      double rgb[3] = {c[0], c[1], c[2]};
      ren->AddActor(mesh_actor(tube->GetOutput(), rgb, 1.0));
      vtkNew<vtkSphereSource> marker;  // the peak-force frame
      const Vec3 pk = body_pose(runs[r], "patella_r", runs[r].peak_force_frame()) * Vec3(0.012, 0, 0);
      marker->SetCenter(pk.x(), pk.y(), pk.z());
      marker->SetRadius(0.0018);
      marker->Update();
      ren->AddActor(mesh_actor(marker->GetOutput(), rgb, 1.0));
      const std::string entry = runs[r].name;
      legend->SetEntry(static_cast<int>(r), legend_symbol(), entry.c_str(), rgb);
    }
    legend->SetPosition(0.02, 0.02);
    legend->SetPosition2(0.45, 0.06 + 0.05 * runs.size());
    legend->GetEntryTextProperty()->SetColor(0.05, 0.05, 0.05);
    legend->BorderOff();
    ren->AddActor2D(legend);
    ren->AddActor2D(label(std::string("patella path over the cycle, ") + names[v] +
                              "; sphere: peak PF force",
                          0.02, 0.98, 16, true));
    centre /= double(count);
    look(ren, centre, dirs[v], {0, 1, 0}, 0.065);
    window->AddRenderer(ren);
  }
  window->Render();
  write_png_atomically(file, window);
  window->Finalize();
  return file;
}

std::string render_tracking_charts(const std::vector<RecordedRun>& runs, const std::string& dir) {
  PATELLA_THROW_UNLESS(!runs.empty());
  require_dir(dir);
  struct Ch { const char* name; const char* title; const char* axis; };
  const Ch chs[4] = {{"pf_tz_mm", "lateral shift", "lateral shift pf_tz (mm)"},
                     {"lateral_tilt_deg", "lateral tilt", "lateral tilt (deg)"},
                     {"pf_contact_force_BW", "PF contact force", "PF contact force (BW)"},
                     {"peak_pressure_MPa", "peak pressure", "peak contact pressure (MPa)"}};
  std::vector<Panel> panels;
  for (const Ch& ch : chs) {
    Panel p{ch.title, "gait cycle (%)", ch.axis, {}};
    for (const RecordedRun& r : runs) {
      Series s{r.name, {}, {}, false};
      const std::vector<double>& y = r.channel(ch.name);
      for (std::size_t k : last_cycle(r)) {
        s.x.push_back(r.gait_percent[k]);
        s.y.push_back(y[k]);
      }
      p.series.push_back(s);
    }
    panels.push_back(p);
  }
  const std::string file = (fs::path(dir) / "tracking_charts.png").string();
  plot_panels(file, panels, 1300, 520);
  return file;
}

std::string render_cycle_animation(const Model& model, const std::vector<RecordedRun>& runs,
                                   const std::string& dir, bool ogg) {
  PATELLA_THROW_UNLESS(!runs.empty());
  require_dir(dir);
  const KneeScene scene = make_knee_scene(model);
  const XConnection x(dir);
  const int n = static_cast<int>(runs.size()), w = 360, h = 360;
  std::vector<std::vector<std::size_t>> frames;
  std::size_t count = 0;
  double pmax = 0.0;
  for (const RecordedRun& r : runs) {
    frames.push_back(last_cycle(r));
    count = std::max(count, frames.back().size());
    pmax = std::max(pmax, max_pressure({r}, {r.peak_force_frame()}));
  }
  vtkSmartPointer<vtkLookupTable> lut = pressure_lut(pmax);
  vtkNew<vtkRenderWindow> window;
  make_offscreen(window, x, w * n, 2 * h);
  vtkNew<vtkWindowToImageFilter> grab;
  grab->SetInput(window);
  grab->SetInputBufferTypeToRGB();
  grab->ReadFrontBufferOff();
  const std::string movie = (fs::path(dir) / "cycle.ogv").string();
  const std::string tmp_movie = movie + ".tmp.ogv";
  const fs::path frame_dir = fs::path(dir) / "cycle_frames";
  vtkNew<vtkOggTheoraWriter> writer;
  if (ogg) {
    writer->SetInputConnection(grab->GetOutputPort());
    writer->SetFileName(tmp_movie.c_str());
    writer->SetRate(12);
    writer->SetQuality(2);
    writer->Start();
  } else {
    fs::create_directories(frame_dir);
  }
  std::vector<std::unique_ptr<KneeActors>> knees;
  std::vector<vtkSmartPointer<vtkTextActor>> captions;
  for (int r = 0; r < n; ++r)
    for (int row = 0; row < 2; ++row) {
      auto ren = vtkSmartPointer<vtkRenderer>::New();
      ren->SetViewport(double(r) / n, row == 0 ? 0.5 : 0.0, double(r + 1) / n, row == 0 ? 1.0 : 0.5);
      knees.push_back(std::make_unique<KneeActors>(ren, scene, row == 0 ? KneeView::Lateral
                                                                        : KneeView::Articular, lut));
      if (row == 0) {
        captions.push_back(label("", 0.02, 0.98, 13, true));
        ren->AddActor2D(captions.back());
        ren->AddActor2D(label(orientation_hint(KneeView::Lateral), 0.02, 0.02, 11));
      } else {
        ren->AddActor2D(label(orientation_hint(KneeView::Articular), 0.02, 0.02, 11));
        if (r == n - 1) ren->AddActor2D(pressure_bar(lut));
      }
      window->AddRenderer(ren);
    }
  // at most 51 pictures a cycle (every 2 % of the default 101 frames): software GL under Xvfb
  // draws about three of these 2 x n viewport frames a second
  const std::size_t stride = (count + 50) / 51;
  for (std::size_t i = 0; i < count; i += stride) {
    for (int r = 0; r < n; ++r) {
      const std::size_t k = frames[r][std::min(i, frames[r].size() - 1)];
      knees[2 * r]->pose(runs[r], k);
      knees[2 * r + 1]->pose(runs[r], k);
      captions[r]->SetInput(caption(runs[r], k).c_str());
    }
    window->Render();
    if (ogg) {
      grab->Modified();
      writer->Write();
    } else {
      char name[32];
      std::snprintf(name, sizeof name, "frame_%04zu.png", i / stride);
      write_png_atomically((frame_dir / name).string(), window);
    }
  }
  window->Finalize();
  if (!ogg) return frame_dir.string();
  writer->End();
  if (writer->GetError() || !fs::exists(tmp_movie) || fs::file_size(tmp_movie) == 0) {
    std::remove(tmp_movie.c_str());
    throw IoError(movie + ": the OGG Theora writer failed");
  }
  fs::rename(tmp_movie, movie);
  return movie;
}

std::string export_paraview(const Model& model, const RecordedRun& run, const std::string& dir) {
  require_dir(dir);
  const KneeScene scene = make_knee_scene(model);
  const fs::path sub = fs::path(dir) / run.name;
  fs::create_directories(sub);
  std::ostringstream pvd;
  pvd << "<?xml version=\"1.0\"?>\n"
      << "<VTKFile type=\"Collection\" version=\"0.1\" byte_order=\"LittleEndian\">\n"
      << "  <!-- patella " << run.name
      << ": time = gait percent (cycles continue: 100 + percent...); frame femur_distal_r, metres -->\n"
      << "  <Collection>\n";
  vtkNew<vtkStringArray> part_names;
  part_names->SetName("part_names");
  for (const KneeScene::Part& p : scene.parts) part_names->InsertNextValue(p.name);
  part_names->InsertNextValue("ligaments, quadriceps and ITB link (lines)");
  for (std::size_t k = 0; k < run.frames(); ++k) {
    vtkNew<vtkAppendPolyData> append;
    int id = 0;
    for (const KneeScene::Part& part : scene.parts) {
      vtkSmartPointer<vtkPolyData> poly = posed_part(part, run, k);
      const vtkIdType cells = poly->GetNumberOfCells();
      if (!part.pressure) {
        vtkNew<vtkFloatArray> p;
        p->SetName("pressure_MPa");
        p->SetNumberOfValues(cells);
        p->Fill(0.0);
        poly->GetCellData()->SetScalars(p);
      }
      vtkNew<vtkFloatArray> f;
      f->SetName("force_N");
      f->SetNumberOfValues(cells);
      f->Fill(0.0);
      vtkNew<vtkIntArray> pid;
      pid->SetName("part");
      pid->SetNumberOfValues(cells);
      pid->Fill(id++);
      poly->GetCellData()->AddArray(f);
      poly->GetCellData()->AddArray(pid);
      append->AddInputData(poly);
    }
    vtkSmartPointer<vtkPolyData> lines = force_lines(scene, run, k);
    {
      const vtkIdType cells = lines->GetNumberOfCells();
      vtkNew<vtkFloatArray> p;
      p->SetName("pressure_MPa");
      p->SetNumberOfValues(cells);
      p->Fill(0.0);
      vtkNew<vtkFloatArray> f;
      f->SetName("force_N");
      f->SetNumberOfValues(cells);
      vtkDataArray* src = lines->GetCellData()->GetArray("force_N");
      for (vtkIdType c = 0; c < cells; ++c) f->SetValue(c, static_cast<float>(src->GetTuple1(c)));
      vtkNew<vtkIntArray> pid;
      pid->SetName("part");
      pid->SetNumberOfValues(cells);
      pid->Fill(id);
      vtkNew<vtkPolyData> l;
      l->SetPoints(lines->GetPoints());
      l->SetLines(lines->GetLines());
      l->GetCellData()->SetScalars(p);
      l->GetCellData()->AddArray(f);
      l->GetCellData()->AddArray(pid);
      append->AddInputData(l);
    }
    append->Update();
    vtkPolyData* out = append->GetOutput();
    out->GetFieldData()->AddArray(part_names);
    char name[64];
    std::snprintf(name, sizeof name, "_%04zu.vtp", k);
    const fs::path file = sub / (run.name + name);
    const std::string tmp = file.string() + ".tmp";
    vtkNew<vtkXMLPolyDataWriter> w;
    w->SetInputData(out);
    w->SetFileName(tmp.c_str());
    w->SetDataModeToAppended();
    w->SetCompressorTypeToZLib();
    if (w->Write() != 1) {
      std::remove(tmp.c_str());
      throw IoError(file.string() + ": cannot write");
    }
    fs::rename(tmp, file);
    const double time = 100.0 * run.cycle.at(k) + run.gait_percent.at(k);
    pvd << "    <DataSet timestep=\"" << time << "\" part=\"0\" file=\"" << run.name << "/"
        << file.filename().string() << "\"/>\n";
  }
  pvd << "  </Collection>\n</VTKFile>\n";
  const std::string pvd_file = (fs::path(dir) / (run.name + ".pvd")).string();
  write_text_atomically(pvd_file, pvd.str());
  return pvd_file;
}

}  // namespace patella::viz
