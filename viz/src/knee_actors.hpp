#pragma once
// Shared pieces of the knee pictures, the movie, the viewer and the ParaView export (private to
// patella::viz): colours, the pressure colour map, text, cameras, and the knee's actors posed
// per frame. Frame F = femur_distal_r (X anterior, Y superior, Z lateral), metres.
#include <array>
#include <string>
#include <vector>

#include <vtkActor.h>
#include <vtkCellData.h>
#include <vtkFloatArray.h>
#include <vtkLookupTable.h>
#include <vtkMatrix4x4.h>
#include <vtkPolyData.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkSmartPointer.h>
#include <vtkTextActor.h>

#include "knee_scene.hpp"
#include "patella/core/error.hpp"
#include "patella/viz/knee_pictures.hpp"

namespace patella::viz {

// Okabe-Ito, as the charts
extern const std::array<std::array<double, 3>, 6> kRunColour;
extern const double kBone[3], kCartilage[3];

std::string fmt1(double v);
void require_dir(const std::string& dir);
/// Blue (low) to red (high) from 0.01 MPa to max_mpa; below, no contact, grey.
vtkSmartPointer<vtkLookupTable> pressure_lut(double max_mpa);
vtkSmartPointer<vtkActor> mesh_actor(vtkPolyData* poly, const double rgb[3], double opacity,
                                     vtkLookupTable* lut = nullptr);
/// Text at (x, y) in the renderer's viewport, normalised (0..1), anchored at its left or top.
vtkSmartPointer<vtkTextActor> label(const std::string& text, double x, double y, int size,
                                    bool top = false);
vtkSmartPointer<vtkScalarBarActor> pressure_bar(vtkLookupTable* lut);
/// Width of the colour bar's own strip at the right of a picture [px].
constexpr int kBarStrip = 130;
/// A renderer over the window's part x0..1 by y0..1 (normalised) holding only the pressure
/// colour bar, from bar_low to bar_high of the strip's height, so the bar never covers a knee.
vtkSmartPointer<vtkRenderer> colour_bar_strip(vtkLookupTable* lut, double x0, double y0 = 0.0,
                                              double bar_low = 0.1, double bar_high = 0.9);
/// Parallel camera looking at `focus` from direction `dir` with `up` up; half_height [m].
void look(vtkRenderer* ren, const Vec3& focus, const Vec3& dir, const Vec3& up, double half_height);
vtkSmartPointer<vtkMatrix4x4> matrix(const Transform& X);
/// Which way is lateral, medial, anterior... on the screen in each view.
const char* orientation_hint(KneeView v);
vtkPolyData* legend_symbol();
std::size_t frame_of(const RecordedRun& run, const Instant& at);
/// "<run>" over "17.0 % of the cycle, PF force 8.1 BW" (two lines: narrow viewports)
std::string caption(const RecordedRun& run, std::size_t k);
/// The largest pressure [MPa] of each run at its frame.
double max_pressure(const std::vector<RecordedRun>& runs, const std::vector<std::size_t>& frames);
/// The largest pressure [MPa] over the last cycle of the runs (a movie's or viewer's scale).
double max_pressure_over_cycle(const std::vector<RecordedRun>& runs);
/// Each run's scene (its tibial tuberosity offset applied).
std::vector<KneeScene> scenes_of(const Model& model, const std::vector<RecordedRun>& runs);
/// The last cycle's frames of a run.
std::vector<std::size_t> last_cycle(const RecordedRun& run);

// One scenario's knee in a renderer: the actors are built once (meshes in their body frames) and
// posed per frame through their user matrices, so a movie does not copy meshes.
class KneeActors {
 public:
  KneeActors(vtkRenderer* ren, const KneeScene& scene, KneeView view, vtkLookupTable* lut)
      : ren_(ren), scene_(scene), view_(view) {
    for (const KneeScene::Part& part : scene.parts) {
      const bool tibia = scene.is_tibia(part.body);
      const bool femur = part.body != scene.patella && !tibia;
      if (view == KneeView::Articular && part.body != scene.patella) continue;
      if (view == KneeView::Sunrise && tibia) continue;
      vtkSmartPointer<vtkPolyData> poly = part.mesh_B;
      const bool painted = part.pressure || part.tf_pressure;
      if (painted) {  // its own copy: the pressure values change per frame and run
        poly = vtkSmartPointer<vtkPolyData>::New();
        poly->ShallowCopy(part.mesh_B);
        auto values = vtkSmartPointer<vtkFloatArray>::New();
        values->SetName("pressure_MPa");
        values->SetNumberOfValues(part.mesh_B->GetNumberOfCells());
        values->Fill(0.0f);
        poly->GetCellData()->SetScalars(values);
        painted_.push_back({&part, values});
      }
      const double opacity = (femur && part.cartilage && view != KneeView::Sunrise) ? 0.55 : 1.0;
      vtkSmartPointer<vtkActor> actor =
          mesh_actor(poly, part.cartilage ? kCartilage : kBone, opacity, painted ? lut : nullptr);
      ren->AddActor(actor);
      actors_.push_back({part.body, actor});
    }
    ren->SetBackground(1, 1, 1);
    ren->UseFXAAOn();
  }

  /// Shows or hides the knee (the renderer keeps clearing its viewport and drawing its text).
  void set_visible(bool on) {
    for (auto& ba : actors_) ba.second->SetVisibility(on);
  }

  void pose(const RecordedRun& run, std::size_t k) {
    for (auto& [body, actor] : actors_) actor->SetUserMatrix(matrix(body_pose(run, body, k)));
    // each painted cartilage: the run's pressure, or none (grey) when the run has none for it
    for (auto& [part, values] : painted_) {
      const std::vector<float>* p = part_pressure(*part, run, k, static_cast<std::size_t>(values->GetNumberOfValues()));
      for (vtkIdType i = 0; i < values->GetNumberOfValues(); ++i)
        values->SetValue(i, p ? 1e-6f * (*p)[static_cast<std::size_t>(i)] : 0.0f);
      values->Modified();
    }
    const Transform X_FK = body_pose(run, scene_.patella, k);
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
  std::vector<std::pair<const KneeScene::Part*, vtkSmartPointer<vtkFloatArray>>> painted_;
};

}  // namespace patella::viz
