#include "knee_actors.hpp"
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
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

// Okabe-Ito, as the charts
const std::array<std::array<double, 3>, 6> kRunColour{{{0.0, 0.447, 0.698},
                                                           {0.835, 0.369, 0.0},
                                                           {0.0, 0.620, 0.451},
                                                           {0.800, 0.475, 0.655},
                                                           {0.902, 0.624, 0.0},
                                                           {0.337, 0.706, 0.914}}};
const double kBone[3] = {0.89, 0.86, 0.80};
const double kCartilage[3] = {0.70, 0.80, 0.90};

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
                                     vtkLookupTable* lut) {
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
                                    bool top) {
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
  bar->GetTitleTextProperty()->SetFontSize(12);
  bar->GetTitleTextProperty()->ItalicOff();
  bar->GetLabelTextProperty()->SetColor(0.05, 0.05, 0.05);
  bar->GetLabelTextProperty()->ItalicOff();
  bar->SetUnconstrainedFontSize(true);
  bar->GetLabelTextProperty()->SetFontSize(13);
  bar->SetPosition(0.8, 0.12);
  bar->SetWidth(0.13);
  bar->SetHeight(0.7);
  return bar;
}

vtkSmartPointer<vtkRenderer> colour_bar_strip(vtkLookupTable* lut, double x0, double y0,
                                              double bar_low, double bar_high) {
  auto ren = vtkSmartPointer<vtkRenderer>::New();
  ren->SetViewport(x0, y0, 1.0, 1.0);
  ren->SetBackground(1, 1, 1);
  vtkSmartPointer<vtkScalarBarActor> bar = pressure_bar(lut);
  bar->SetPosition(0.12, bar_low);
  bar->SetWidth(0.8);
  bar->SetHeight(bar_high - bar_low);
  ren->AddActor2D(bar);
  return ren;
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
  return run.name + "\n" + fmt1(run.gait_percent.at(k)) + " % of the cycle, PF force " +
         fmt1(body_weights(run, k)) + " BW";
}

double max_pressure(const std::vector<RecordedRun>& runs, const std::vector<std::size_t>& frames) {
  double m = 0.0;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (float p : runs[r].pressure.at(frames[r])) m = std::max(m, 1e-6 * p);
    if (!runs[r].tf_pressure.empty())  // the tibial cartilage shares the colour scale
      for (float p : runs[r].tf_pressure.at(frames[r])) m = std::max(m, 1e-6 * p);
  }
  return m;
}

double max_pressure_over_cycle(const std::vector<RecordedRun>& runs) {
  double m = 0.0;
  for (const RecordedRun& r : runs)
    for (std::size_t k : last_cycle(r)) {
      for (float p : r.pressure.at(k)) m = std::max(m, 1e-6 * p);
      if (!r.tf_pressure.empty())
        for (float p : r.tf_pressure.at(k)) m = std::max(m, 1e-6 * p);
    }
  return m;
}

std::vector<KneeScene> scenes_of(const Model& model, const std::vector<RecordedRun>& runs) {
  std::vector<KneeScene> s;
  for (const RecordedRun& r : runs) s.push_back(make_knee_scene(model, r.tuberosity_offset));
  return s;
}

// The last cycle's frames of a run.
std::vector<std::size_t> last_cycle(const RecordedRun& run) {
  std::vector<std::size_t> k;
  for (std::size_t i = 0; i < run.frames(); ++i)
    if (run.cycle[i] == run.cycle.back()) k.push_back(i);
  return k;
}

}  // namespace patella::viz
