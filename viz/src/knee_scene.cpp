#include "knee_scene.hpp"

#include <algorithm>

#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkFloatArray.h>
#include <vtkIntArray.h>
#include <vtkPoints.h>

#include "patella/core/error.hpp"

namespace patella::viz {

namespace {

vtkSmartPointer<vtkPolyData> to_polydata(const TriMesh& m, const Transform& X) {
  vtkNew<vtkPoints> pts;  // single precision: 0.1 um at these sizes, half the export's bytes
  pts->SetNumberOfPoints(static_cast<vtkIdType>(m.vertices.size()));
  for (std::size_t i = 0; i < m.vertices.size(); ++i) {
    const Vec3 p = X * m.vertices[i];
    pts->SetPoint(static_cast<vtkIdType>(i), p.x(), p.y(), p.z());
  }
  vtkNew<vtkCellArray> tris;
  for (const auto& f : m.faces) {
    const vtkIdType ids[3] = {f[0], f[1], f[2]};
    tris->InsertNextCell(3, ids);
  }
  auto poly = vtkSmartPointer<vtkPolyData>::New();
  poly->SetPoints(pts);
  poly->SetPolys(tris);
  return poly;
}

}  // namespace

KneeScene make_knee_scene(const Model& model, double tuberosity_offset) {
  KneeScene s;
  s.femur = model.names.femur;
  s.patella = model.names.patella;
  s.tibia = model.names.tibia;
  const ModelSpec& spec = model.spec;
  const ContactForceSpec* cf = spec.find_contact_force(model.names.pf_contact);
  const ContactMeshSpec* cast = cf ? spec.find_contact_mesh(cf->casting_mesh) : nullptr;
  if (!cast || !spec.mesh_data.count(cast->mesh_file))
    throw ModelError(spec.source_file + ": no patellar contact mesh to paint the pressure on");
  // the contact cartilage exactly as the contact model built it (same faces, same order)
  KneeScene::Part cart;
  cart.name = cast->name;
  cart.body = cast->body;
  cart.mesh_B = to_polydata(spec.mesh_data.at(cast->mesh_file),
                            {body_fixed_xyz(cast->orientation), cast->location});
  cart.pressure = cart.cartilage = true;
  s.pressure_faces = spec.mesh_data.at(cast->mesh_file).faces.size();
  // the tibial contact cartilage likewise (painted when a run solved the tibia)
  const ContactForceSpec* tf = model.has_tf_contact ? spec.find_contact_force(model.names.tf_contact) : nullptr;
  const ContactMeshSpec* tf_cast = tf ? spec.find_contact_mesh(tf->casting_mesh) : nullptr;
  if (tf_cast && !spec.mesh_data.count(tf_cast->mesh_file)) tf_cast = nullptr;
  KneeScene::Part tf_part;
  if (tf_cast) {
    tf_part.name = tf_cast->name;
    tf_part.body = tf_cast->body;
    tf_part.mesh_B = to_polydata(spec.mesh_data.at(tf_cast->mesh_file),
                                 {body_fixed_xyz(tf_cast->orientation), tf_cast->location});
    tf_part.tf_pressure = tf_part.cartilage = true;
  }
  for (const std::string& body : {model.names.femur, model.names.tibia, model.names.patella}) {
    const BodySpec* b = spec.find_body(body);
    if (!b) continue;
    for (const MeshRefSpec& m : b->meshes) {
      if (!spec.mesh_data.count(m.file) || m.file == cast->mesh_file) continue;
      if (tf_cast && m.file == tf_cast->mesh_file) continue;
      KneeScene::Part p;
      p.name = m.name;
      p.body = body;
      p.mesh_B = to_polydata(spec.mesh_data.at(m.file), Transform{});
      p.cartilage = m.file.find("cartilage") != std::string::npos;
      s.parts.push_back(p);
    }
  }
  s.parts.push_back(cart);
  if (tf_cast) s.parts.push_back(tf_part);
  for (const PatellaLigament& l : model.ligaments) {
    Vec3 p_B = l.p_B;
    if (s.is_tibia(l.other_body)) p_B.z() += tuberosity_offset;  // as move_tibial_tuberosity
    s.lines.push_back({l.name, "ligament", model.names.patella, l.other_body, l.p_K, p_B, true});
  }
  for (const PatellaMuscle& m : model.muscles)
    s.lines.push_back({m.name, "muscle", model.names.patella, m.prev_body, m.p_K, m.prev_p_B, false});
  // the iliopatellar bundles, drawn to the ITB node's Kaplan anchor (the node itself moves a
  // little off it under load; the pictures do not record where)
  for (std::size_t i = 0; i < model.itb.bundle_p_K.size(); ++i)
    s.lines.push_back({"iliopatellar " + std::to_string(i + 1), "itb", model.names.patella,
                       model.names.femur, model.itb.bundle_p_K[i], model.itb.kaplan_anchor_F, false});
  return s;
}

Transform body_pose(const RecordedRun& run, const std::string& body, std::size_t k) {
  const auto it = run.body_poses.find(body);
  if (it == run.body_poses.end()) throw IoError(run.name + ": no pose of body '" + body + "'");
  return it->second.at(k);
}

const std::vector<float>* part_pressure(const KneeScene::Part& part, const RecordedRun& run, std::size_t k,
                                        std::size_t cells) {
  const std::vector<float>* p = part.pressure                               ? &run.pressure.at(k)
                                : part.tf_pressure && !run.tf_pressure.empty() ? &run.tf_pressure.at(k)
                                                                               : nullptr;
  if (p && p->size() != cells)
    throw IoError(run.name + ": " + std::to_string(p->size()) + " pressure values for " + std::to_string(cells) +
                  (part.pressure ? " patellar" : " tibial") + " cartilage triangles: results and model do not match");
  return p;
}

vtkSmartPointer<vtkPolyData> posed_part(const KneeScene::Part& part, const RecordedRun& run,
                                        std::size_t k) {
  const Transform X = body_pose(run, part.body, k);
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->DeepCopy(part.mesh_B);
  vtkPoints* pts = out->GetPoints();
  for (vtkIdType i = 0; i < pts->GetNumberOfPoints(); ++i) {
    double q[3];
    pts->GetPoint(i, q);
    const Vec3 p = X * Vec3(q[0], q[1], q[2]);
    pts->SetPoint(i, p.x(), p.y(), p.z());
  }
  if (const std::vector<float>* pp = part_pressure(part, run, k, static_cast<std::size_t>(out->GetNumberOfCells()))) {
    const std::vector<float>& p = *pp;
    vtkNew<vtkFloatArray> a;
    a->SetName("pressure_MPa");
    a->SetNumberOfValues(static_cast<vtkIdType>(p.size()));
    for (std::size_t i = 0; i < p.size(); ++i) a->SetValue(static_cast<vtkIdType>(i), p[i] * 1e-6f);
    out->GetCellData()->SetScalars(a);
  }
  return out;
}

vtkSmartPointer<vtkPolyData> force_lines(const KneeScene& scene, const RecordedRun& run,
                                         std::size_t k) {
  vtkNew<vtkPoints> pts;
  pts->SetDataTypeToDouble();
  vtkNew<vtkCellArray> cells;
  vtkNew<vtkDoubleArray> force;
  force->SetName("force_N");
  vtkNew<vtkIntArray> kind;
  kind->SetName("kind");
  for (const KneeScene::Line& l : scene.lines) {
    double f = 0.0;
    if (l.ligament) {
      const auto it = std::find(run.ligaments.begin(), run.ligaments.end(), l.name);
      if (it == run.ligaments.end() || k >= run.ligament_tension.size()) continue;
      f = run.ligament_tension[k][static_cast<std::size_t>(it - run.ligaments.begin())];
    } else if (l.kind == "muscle") {
      const auto it = run.channels.find("force_" + l.name + "_N");
      if (it == run.channels.end()) continue;
      f = it->second.at(k);
    } else {
      f = run.channel("itb_tension_N").at(k);
    }
    const Vec3 a = body_pose(run, l.body_a, k) * l.a_A, b = body_pose(run, l.body_b, k) * l.b_B;
    const vtkIdType ia = pts->InsertNextPoint(a.x(), a.y(), a.z());
    const vtkIdType ib = pts->InsertNextPoint(b.x(), b.y(), b.z());
    const vtkIdType ids[2] = {ia, ib};
    cells->InsertNextCell(2, ids);
    force->InsertNextValue(f);
    kind->InsertNextValue(l.kind == "ligament" ? 0 : l.kind == "muscle" ? 1 : 2);
  }
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->SetPoints(pts);
  out->SetLines(cells);
  out->GetCellData()->AddArray(force);
  out->GetCellData()->AddArray(kind);
  return out;
}

}  // namespace patella::viz
