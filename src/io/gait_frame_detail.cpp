// Every frame's detail of a gait result in its HDF5 group (see gait_frame_detail.hpp).
#include "gait_frame_detail.hpp"

#include "h5_atomic.hpp"
#include "patella/core/error.hpp"
#include "patella/mechanics/force_budget.hpp"

namespace patella {

namespace {

// frames x triangles of one per-frame pressure vector (float, compressed); none when empty
void write_pressure_frames(H5::Group& g, const std::string& name, const GaitResult& res,
                           SparseField GaitFrame::*pressure, const std::string& frame,
                           const std::string& description) {
  const std::size_t n = res.frames.size(), faces = (res.frames[0].*pressure).size;
  if (faces == 0) return;
  std::vector<float> p(n * faces);
  for (std::size_t k = 0; k < n; ++k) {
    const SparseField& f = res.frames[k].*pressure;
    if (f.size != faces)
      throw IoError("gait results: frames carry different numbers of values in " + name);
    f.to_dense(p.data() + k * faces);
  }
  const hsize_t dims[2] = {n, faces}, chunk[2] = {1, faces};
  H5::DSetCreatPropList props;
  props.setChunk(2, chunk);
  props.setShuffle();
  props.setDeflate(1);
  H5::DataSet ds = g.createDataSet(name, H5::PredType::NATIVE_FLOAT, H5::DataSpace(2, dims), props);
  ds.write(p.data(), H5::PredType::NATIVE_FLOAT);
  h5::attribute(ds, "units", "Pa");
  h5::attribute(ds, "frame", frame);
  h5::attribute(ds, "description", description);
}

}  // namespace

// Every frame's detail for pictures and replays: the per-triangle pressure (float, compressed),
// the leg's body poses in femur_distal_r and the patellar ligaments' tensions.
void write_frame_detail(H5::Group& g, const GaitResult& res) {
  const std::size_t n = res.frames.size();
  if (n == 0) return;
  write_pressure_frames(g, "pressure_frames_Pa", res, &GaitFrame::contact_pressure,
                        "patellar cartilage triangles, in mesh order",
                        "contact pressure per patellar triangle at every frame (frames x triangles, "
                        "single precision)");
  write_pressure_frames(g, "tf_pressure_frames_Pa", res, &GaitFrame::tf_contact_pressure,
                        "tibial cartilage triangles, in mesh order",
                        "tibiofemoral contact pressure per tibial triangle at every frame (frames x "
                        "triangles, single precision; written when the tibia is solved)");
  H5::Group bg = g.createGroup("body_poses");
  h5::attribute(bg, "description", "the right leg's bodies in femur_distal_r at every frame (frames x 4 x 4); patella_r at its solved pose");
  for (const auto& [body, X0] : res.frames[0].body_poses) {
    std::vector<Transform> X;
    for (const GaitFrame& f : res.frames) {
      const auto it = f.body_poses.find(body);
      if (it == f.body_poses.end()) throw IoError("gait results: frame without body '" + body + "'");
      X.push_back(it->second);
    }
    h5::write_transforms(bg, body, X, "pose of " + body + " in femur_distal_r");
  }
  if (!res.ligaments.empty()) {
    std::vector<double> t;
    for (const GaitFrame& f : res.frames) {
      if (f.ligament_tension.size() != res.ligaments.size())
        throw IoError("gait results: frames carry different numbers of ligament tensions");
      t.insert(t.end(), f.ligament_tension.begin(), f.ligament_tension.end());
    }
    const hsize_t dims[2] = {n, res.ligaments.size()};
    H5::DataSet ds = g.createDataSet("ligament_tension_N", H5::PredType::NATIVE_DOUBLE, H5::DataSpace(2, dims));
    ds.write(t.data(), H5::PredType::NATIVE_DOUBLE);
    std::string names;
    for (const std::string& l : res.ligaments) names += (names.empty() ? "" : ",") + l;
    h5::attribute(ds, "units", "N");
    h5::attribute(ds, "ligaments", names);
    h5::attribute(ds, "description", "tension of each patellar ligament bundle (columns in the "
                                     "order of the 'ligaments' attribute) at every frame");
  }
  if (!res.budget_terms.empty()) {
    const std::size_t nt = res.budget_terms.size();
    std::vector<double> fv, mv;
    for (const GaitFrame& f : res.frames) {
      if (f.budget_force.size() != nt || f.budget_moment.size() != nt)
        throw IoError("gait results: frames carry different numbers of force-budget terms");
      for (std::size_t b = 0; b < nt; ++b)
        for (int k = 0; k < 3; ++k) {
          fv.push_back(f.budget_force[b][k]);
          mv.push_back(f.budget_moment[b][k]);
        }
    }
    std::string names;
    for (const std::string& b : res.budget_terms) names += (names.empty() ? "" : ",") + b;
    const hsize_t dims[3] = {n, nt, 3};
    for (int which = 0; which < 2; ++which) {
      H5::DataSet ds = g.createDataSet(which == 0 ? "force_budget_N" : "force_budget_moment_Nm",
                                       H5::PredType::NATIVE_DOUBLE, H5::DataSpace(3, dims));
      ds.write((which == 0 ? fv : mv).data(), H5::PredType::NATIVE_DOUBLE);
      h5::attribute(ds, "units", which == 0 ? "N" : "N m");
      h5::attribute(ds, "terms", names);
      h5::attribute(ds, "frame", "femur_distal_r: X anterior, Y superior, Z lateral");
      h5::attribute(ds, "description",
                    which == 0 ? "force budget on the patella: each term's force on patella_r at every "
                                 "frame (frames x terms x XYZ, terms in the order of the 'terms' "
                                 "attribute); the terms sum to zero at equilibrium"
                               : "each force-budget term's moment about the patella origin (frames x "
                                 "terms x XYZ)");
    }
  }
}


}  // namespace patella
