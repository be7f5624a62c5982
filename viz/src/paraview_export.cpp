#include "knee_actors.hpp"
#include "patella/io/table.hpp"
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

std::string export_paraview(const Model& model, const RecordedRun& run, const std::string& dir) {
  require_dir(dir);
  const KneeScene scene = make_knee_scene(model, run.tuberosity_offset);
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
    // a cycle's 100 % is the next cycle's 0 %: one time step, the later frame
    if (k + 1 < run.frames() && run.cycle.at(k + 1) != run.cycle.at(k)) continue;
    vtkNew<vtkAppendPolyData> append;
    int id = 0;
    for (const KneeScene::Part& part : scene.parts) {
      vtkSmartPointer<vtkPolyData> poly = posed_part(part, run, k);
      const vtkIdType cells = poly->GetNumberOfCells();
      if (!part_pressure(part, run, k, static_cast<std::size_t>(cells))) {
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
    w->SetIdTypeToInt32();
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
  write_file_atomic(pvd_file, pvd.str());
  return pvd_file;
}

}  // namespace patella::viz
