#pragma once
// The knee's display geometry from a compiled model, posed from recorded results (private to
// patella::viz). Everything is in F = femur_distal_r, metres: X anterior, Y superior, Z lateral.
#include <array>
#include <string>
#include <vector>

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include "patella/session/recorded_run.hpp"
#include "patella/model/model.hpp"

namespace patella::viz {

struct KneeScene {
  struct Part {
    std::string name, body;
    vtkSmartPointer<vtkPolyData> mesh_B;   ///< in its body's frame
    bool pressure = false;                 ///< the patellar contact cartilage (contact order)
    bool tf_pressure = false;              ///< the tibial contact cartilage (contact order)
    bool cartilage = false;
  };
  std::vector<Part> parts;
  /// A line of force: a patellar ligament bundle, a quadriceps muscle, or the ITB link.
  struct Line {
    std::string name, kind;                ///< kind: "ligament", "muscle", "itb"
    std::string body_a, body_b;
    Vec3 a_A = Vec3::Zero(), b_B = Vec3::Zero();
    bool ligament = false;                 ///< its tension is the run's ligament_tension by name
  };
  std::vector<Line> lines;
  std::size_t pressure_faces = 0;
  std::string femur, patella, tibia;     ///< the model's body names (KneeNames)
  bool is_tibia(const std::string& body) const { return body.rfind("tibia", 0) == 0; }
};

/// The scene of a run: `tuberosity_offset` [m] moves the patellar tendon's tibial ends laterally
/// as the run's scenario did (compiler/spec_edits.hpp, move_tibial_tuberosity).
/// @throws ModelError when the contact cartilage's mesh is missing.
KneeScene make_knee_scene(const Model& model, double tuberosity_offset = 0.0);

/// The pressure [Pa] a part carries at frame k of a run, or nullptr (a part without pressure, or
/// the tibial cartilage of a run with the tibia coupled). @throws IoError when the count of
/// values does not match the part's triangles.
const std::vector<float>* part_pressure(const KneeScene::Part& part, const RecordedRun& run, std::size_t k,
                                        std::size_t cells);

/// A part posed at frame k of a run (points moved into F); the pressure part carries the cell
/// array "pressure_MPa" from the run, and the tibial cartilage too when the run solved the tibia.
/// @throws IoError when the run's pressure does not match.
vtkSmartPointer<vtkPolyData> posed_part(const KneeScene::Part& part, const RecordedRun& run,
                                        std::size_t k);

/// Every line of force at frame k as a polyline set with the cell array "force_N" and a cell
/// array "kind" (0 ligament, 1 muscle, 2 ITB).
vtkSmartPointer<vtkPolyData> force_lines(const KneeScene& scene, const RecordedRun& run,
                                         std::size_t k);

/// The pose of a body in F at frame k (identity for femur_distal_r).
Transform body_pose(const RecordedRun& run, const std::string& body, std::size_t k);

}  // namespace patella::viz
