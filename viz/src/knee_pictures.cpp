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

#include "knee_actors.hpp"
#include "knee_scene.hpp"
#include "patella/core/error.hpp"
#include "patella/viz/plots.hpp"
#include "render_window.hpp"

namespace fs = std::filesystem;

namespace patella::viz {

std::vector<std::string> render_knee_views(const Model& model, const std::vector<RecordedRun>& runs,
                                           const std::vector<KneeView>& views,
                                           const std::vector<Instant>& instants,
                                           const std::string& dir, const PictureOptions& opt) {
  PATELLA_THROW_UNLESS(!runs.empty());
  require_dir(dir);
  const std::vector<KneeScene> scenes = scenes_of(model, runs);
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
      const int width = opt.viewport_width * n + kBarStrip;
      const double knees = double(opt.viewport_width * n) / width;  // their share of the width
      make_offscreen(window, x, width, opt.viewport_height, 0);
      for (int r = 0; r < n; ++r) {
        vtkNew<vtkRenderer> ren;
        ren->SetViewport(knees * r / n, 0.0, knees * (r + 1) / n, 1.0);
        KneeActors knee(ren, scenes[r], view, lut);
        knee.pose(runs[r], frames[r]);
        ren->AddActor2D(label(caption(runs[r], frames[r]), 0.02, 0.98, 16, true));
        ren->AddActor2D(label(std::string(view_name(view)) + " view: " + orientation_hint(view),
                              0.02, 0.02, 13));
        window->AddRenderer(ren);
      }
      window->AddRenderer(colour_bar_strip(lut, knees));
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
  make_offscreen(window, x, 1400, 800, 0);
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
        const Transform X = body_pose(runs[r], scene.patella, k);
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
      const Vec3 pk = body_pose(runs[r], scene.patella, runs[r].peak_force_frame()) * Vec3(0.012, 0, 0);
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
  const std::vector<KneeScene> scenes = scenes_of(model, runs);
  const XConnection x(dir);
  const int n = static_cast<int>(runs.size()), w = 360, h = 360;
  std::vector<std::vector<std::size_t>> frames;
  std::size_t count = 0;
  double pmax = 0.0;
  for (const RecordedRun& r : runs) {
    frames.push_back(last_cycle(r));
    count = std::max(count, frames.back().size());
  }
  pmax = max_pressure_over_cycle(runs);
  vtkSmartPointer<vtkLookupTable> lut = pressure_lut(pmax);
  vtkNew<vtkRenderWindow> window;
  const double share = double(w * n) / (w * n + kBarStrip);  // the knees' share of the width
  make_offscreen(window, x, w * n + kBarStrip, 2 * h, 0);
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
    for (const auto& e : fs::directory_iterator(frame_dir))  // an earlier, longer movie's frames
      if (e.path().filename().string().rfind("frame_", 0) == 0) fs::remove(e.path());
  }
  try {
    std::vector<std::unique_ptr<KneeActors>> knees;
    std::vector<vtkSmartPointer<vtkTextActor>> captions;
    for (int r = 0; r < n; ++r)
      for (int row = 0; row < 2; ++row) {
        auto ren = vtkSmartPointer<vtkRenderer>::New();
        ren->SetViewport(share * r / n, row == 0 ? 0.5 : 0.0, share * (r + 1) / n, row == 0 ? 1.0 : 0.5);
        knees.push_back(std::make_unique<KneeActors>(ren, scenes[r], row == 0 ? KneeView::Lateral
                                                                          : KneeView::Articular, lut));
        if (row == 0) {
          captions.push_back(label("", 0.02, 0.98, 13, true));
          ren->AddActor2D(captions.back());
          ren->AddActor2D(label(orientation_hint(KneeView::Lateral), 0.02, 0.02, 11));
        } else {
          ren->AddActor2D(label(orientation_hint(KneeView::Articular), 0.02, 0.02, 11));
        }
        window->AddRenderer(ren);
      }
    // at most 51 pictures a cycle (every 2 % of the default 101 frames): software GL under Xvfb
    // draws about three of these 2 x n viewport frames a second
    const std::size_t stride = (count + 50) / 51;
    window->AddRenderer(colour_bar_strip(lut, share, 0.0, 0.05, 0.45));  // beside the pressure maps
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
  } catch (...) {  // no half-written movie left behind
    if (ogg) std::remove(tmp_movie.c_str());
    throw;
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

}  // namespace patella::viz
