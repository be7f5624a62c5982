// patella view: the knee over the cycle in an interactive VTK window.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkInteractorStyleImage.h>
#include <vtkNew.h>
#include <vtkProperty2D.h>
#include <vtkRenderWindow.h>
#include <vtkRenderWindowInteractor.h>
#include <vtkRenderer.h>
#include <vtkSliderRepresentation2D.h>
#include <vtkSliderWidget.h>
#include <vtkTextProperty.h>

#include "knee_actors.hpp"
#include "render_window.hpp"
#include "patella/core/error.hpp"
#include "patella/viz/plots.hpp"

namespace patella::viz {

namespace {

struct ViewerState {
  const std::vector<RecordedRun>* runs = nullptr;
  std::vector<std::vector<std::size_t>> frames;     // last cycle, per run
  std::vector<std::unique_ptr<KneeActors>> knees;   // 2 per run
  std::vector<vtkSmartPointer<vtkRenderer>> renderers;
  std::vector<vtkSmartPointer<vtkTextActor>> captions;
  std::vector<bool> shown;
  vtkRenderWindow* window = nullptr;
  vtkSliderWidget* slider = nullptr;
  double percent = 0.0;
  bool playing = false;

  void show(double pct) {
    percent = std::clamp(pct, 0.0, 100.0);
    for (std::size_t r = 0; r < runs->size(); ++r) {
      const RecordedRun& run = (*runs)[r];
      std::size_t best = frames[r].front();
      for (std::size_t k : frames[r])
        if (std::abs(run.gait_percent[k] - percent) < std::abs(run.gait_percent[best] - percent)) best = k;
      knees[2 * r]->pose(run, best);
      knees[2 * r + 1]->pose(run, best);
      captions[r]->SetInput((caption(run, best) + (shown[r] ? "" : "  [hidden]")).c_str());
      knees[2 * r]->set_visible(shown[r]);
      knees[2 * r + 1]->set_visible(shown[r]);
    }
    static_cast<vtkSliderRepresentation2D*>(slider->GetRepresentation())->SetValue(percent);
    window->Render();
  }
};

void on_slider(vtkObject* caller, unsigned long, void* data, void*) {
  auto* s = static_cast<ViewerState*>(data);
  auto* w = static_cast<vtkSliderWidget*>(caller);
  s->show(static_cast<vtkSliderRepresentation2D*>(w->GetRepresentation())->GetValue());
}

void on_key(vtkObject* caller, unsigned long, void* data, void*) {
  auto* s = static_cast<ViewerState*>(data);
  auto* iren = static_cast<vtkRenderWindowInteractor*>(caller);
  const std::string key = iren->GetKeySym() ? iren->GetKeySym() : "";
  if (key == "space") s->playing = !s->playing;
  else if (key == "Right") s->show(s->percent + 1.0);
  else if (key == "Left") s->show(s->percent - 1.0);
  else if (key == "s") {
    char name[48];
    std::snprintf(name, sizeof name, "view_%.0fpct.png", s->percent);
    try {  // an exception must not cross VTK's event loop
      write_png_atomically(name, s->window);
      std::fprintf(stderr, "patella view: saved %s\n", name);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "patella view: %s\n", e.what());
    }
  }
  else if (key.size() == 1 && key[0] >= '1' && key[0] <= '9') {
    const std::size_t r = static_cast<std::size_t>(key[0] - '1');
    if (r < s->shown.size()) {
      s->shown[r] = !s->shown[r];
      s->show(s->percent);
    }
  }
}

void on_timer(vtkObject*, unsigned long, void* data, void*) {
  auto* s = static_cast<ViewerState*>(data);
  if (s->playing) s->show(s->percent >= 100.0 ? 0.0 : s->percent + 2.0);
}

// TimerEvent carries the timer's id: only the one-shot close timer ends the session
void on_close_timer(vtkObject* caller, unsigned long, void* data, void* call) {
  if (call && *static_cast<int*>(call) == *static_cast<int*>(data))
    static_cast<vtkRenderWindowInteractor*>(caller)->TerminateApp();
}

}  // namespace

void view_interactive(const Model& model, const std::vector<RecordedRun>& runs, double close_after_s,
                      const std::string& screenshot) {
  PATELLA_THROW_UNLESS(!runs.empty());
  const XConnection x("patella view");
  const std::vector<KneeScene> scenes = scenes_of(model, runs);
  ViewerState s;
  s.runs = &runs;
  double pmax = 0.0;
  for (const RecordedRun& r : runs) {
    s.frames.push_back(last_cycle(r));
    s.shown.push_back(true);
  }
  pmax = max_pressure_over_cycle(runs);
  vtkSmartPointer<vtkLookupTable> lut = pressure_lut(pmax);
  const int n = static_cast<int>(runs.size()), w = 420, h = 420;
  constexpr int kStrip = 90;  // [px] the slider's strip under the knees
  vtkNew<vtkRenderWindow> window;
  window->SetDisplayId(x.id());
  const double knees = double(w * n) / (w * n + kBarStrip);
  window->SetSize(w * n + kBarStrip, 2 * h + kStrip);
  window->SetMultiSamples(0);
  window->SetWindowName("patella view: space play/pause, arrows step, 1-9 show/hide, q quit");
  s.window = window;
  for (int r = 0; r < n; ++r)
    for (int row = 0; row < 2; ++row) {
      auto ren = vtkSmartPointer<vtkRenderer>::New();
      const double y0 = double(kStrip) / (2 * h + kStrip);
      ren->SetViewport(knees * r / n, row == 0 ? y0 + (1 - y0) / 2 : y0, knees * (r + 1) / n,
                       row == 0 ? 1.0 : y0 + (1 - y0) / 2);
      s.knees.push_back(std::make_unique<KneeActors>(ren, scenes[r], row == 0 ? KneeView::Lateral
                                                                          : KneeView::Articular, lut));
      if (row == 0) {
        s.captions.push_back(label("", 0.02, 0.98, 13, true));
        ren->AddActor2D(s.captions.back());
      }
      ren->AddActor2D(label(orientation_hint(row == 0 ? KneeView::Lateral : KneeView::Articular),
                            0.02, 0.02, 11));
      window->AddRenderer(ren);
      s.renderers.push_back(ren);
    }
  {
    const double y0 = double(kStrip) / (2 * h + kStrip);
    window->AddRenderer(colour_bar_strip(lut, knees, y0, 0.05, 0.45));  // beside the pressure maps
  }
  vtkNew<vtkRenderer> bar;  // the slider's strip
  bar->SetViewport(0, 0, 1, double(kStrip) / (2 * h + kStrip));
  bar->SetBackground(0.95, 0.95, 0.95);
  window->AddRenderer(bar);
  vtkNew<vtkRenderWindowInteractor> iren;
  iren->SetRenderWindow(window);
  vtkNew<vtkInteractorStyleImage> style;  // no rotation by accident: the views are anatomical
  iren->SetInteractorStyle(style);
  vtkNew<vtkSliderRepresentation2D> rep;
  rep->SetMinimumValue(0.0);
  rep->SetMaximumValue(100.0);
  rep->SetTitleText("gait cycle (%)");
  rep->GetPoint1Coordinate()->SetCoordinateSystemToNormalizedDisplay();
  const double y_slider = 0.5 * kStrip / (2 * h + kStrip);
  rep->GetPoint1Coordinate()->SetValue(0.1, y_slider);
  rep->GetPoint2Coordinate()->SetCoordinateSystemToNormalizedDisplay();
  rep->GetPoint2Coordinate()->SetValue(0.9, y_slider);
  rep->GetTitleProperty()->SetColor(0.1, 0.1, 0.1);
  rep->GetTitleProperty()->ShadowOff();
  rep->GetLabelProperty()->SetColor(0.1, 0.1, 0.1);
  rep->GetLabelProperty()->ShadowOff();
  rep->SetLabelFormat("%.0f %%");
  rep->GetTubeProperty()->SetColor(0.45, 0.45, 0.45);
  rep->GetCapProperty()->SetColor(0.3, 0.3, 0.3);
  rep->GetSliderProperty()->SetColor(0.0, 0.447, 0.698);
  rep->GetSelectedProperty()->SetColor(0.835, 0.369, 0.0);
  // sizes are fractions of the strip it is drawn in
  rep->SetTubeWidth(0.12);
  rep->SetSliderWidth(0.35);
  rep->SetSliderLength(0.012);
  rep->SetEndCapWidth(0.35);
  rep->SetEndCapLength(0.006);
  rep->SetTitleHeight(0.15);
  rep->SetLabelHeight(0.15);
  vtkNew<vtkSliderWidget> slider;
  slider->SetInteractor(iren);
  slider->SetCurrentRenderer(bar);  // drawn in the strip below the knees
  slider->SetRepresentation(rep);
  slider->SetAnimationModeToJump();
  slider->EnabledOn();
  s.slider = slider;
  vtkNew<vtkCallbackCommand> slide, key, tick, close;
  slide->SetCallback(on_slider);
  slide->SetClientData(&s);
  slider->AddObserver(vtkCommand::InteractionEvent, slide);
  key->SetCallback(on_key);
  key->SetClientData(&s);
  iren->AddObserver(vtkCommand::KeyPressEvent, key);
  iren->Initialize();
  tick->SetCallback(on_timer);
  tick->SetClientData(&s);
  iren->AddObserver(vtkCommand::TimerEvent, tick);
  iren->CreateRepeatingTimer(80);
  int close_id = -1;
  if (close_after_s > 0) {
    close->SetCallback(on_close_timer);
    close_id = iren->CreateOneShotTimer(static_cast<unsigned long>(1000 * close_after_s));
    close->SetClientData(&close_id);
    iren->AddObserver(vtkCommand::TimerEvent, close);
  }
  s.show(runs.front().gait_percent.at(runs.front().peak_force_frame()));
  iren->Start();
  if (!screenshot.empty()) {
    window->Render();
    write_png_atomically(screenshot, window);
  }
  window->Finalize();
}

}  // namespace patella::viz
