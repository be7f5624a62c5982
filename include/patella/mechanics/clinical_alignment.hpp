#pragma once
/// Patellar alignment as imaging measures it (issue 14), beside the model's pf coordinates:
/// - clinical lateral shift: the mediolateral distance from the trochlear groove's deepest point
///   to the patella's median ridge, + lateral [m]. Measured in the view a sunrise (Merchant)
///   radiograph or a loaded axial MRI takes of the joint: rays along the patella's mean
///   articular normal (toward the femur), from a line through the ridge along the femur's
///   mediolateral axis; the groove is where the femoral cartilage lies deepest below that line
///   (this project's definition, modelled on the axial-image measures of the patella's lateral
///   displacement from the sulcus);
/// - clinical lateral tilt: the angle in the femur's axial plane between the patella's
///   mediolateral axis and the posterior condylar line, + when the patella's lateral border
///   turns posteriorly toward the lateral condyle [rad] (the patellar tilt angle of axial MRI,
///   as loaded MRI studies report it, e.g. Powers et al. 1998).
/// The shift is defined while the patella rides the trochlea; past about 65 deg of flexion (this
/// knee, running) it moves onto the condyles and the intercondylar notch, whose cartilage-free
/// floor has no groove bottom: there the shift is NaN (not defined), and says so in the CSV.
#include "patella/core/types.hpp"
#include "patella/model/contact_model.hpp"

namespace patella {

/// What the measures need from the model, computed once: the patella's median ridge point and
/// mean articular normal in K, and the posterior condylar line in F.
struct ClinicalFrame {
  Vec3 ridge_K = Vec3::Zero();        ///< on the articular surface at the median ridge [m]
  Vec3 normal_K = Vec3::UnitX();      ///< area-weighted mean outward normal of the articular surface
  Vec3 medial_condyle_F = Vec3::Zero();   ///< most posterior cartilage point, medial half [m]
  Vec3 lateral_condyle_F = Vec3::Zero();  ///< most posterior cartilage point, lateral half [m]
};
ClinicalFrame make_clinical_frame(const ContactModel& contact);

struct ClinicalAlignment {
  double lateral_shift = 0.0;    ///< [m], NaN when the groove is not defined
  double lateral_tilt = 0.0;     ///< [rad]
  Vec3 groove_F = Vec3::Zero();  ///< the groove's deepest point found [m]
  bool groove_found = false;
};

/// The measures at patella pose X_FK. The groove is sought within +-15 mm of the ridge.
ClinicalAlignment clinical_alignment(const ContactModel& contact, const ClinicalFrame& frame,
                                     const Transform& X_FK);

}  // namespace patella
