#pragma once
/// Builds the ITB's pathway to the patella (Model::itb, PHYSICS.md 5.4) from the spec's ITB
/// ligament, the overlay's itb_patellar_link, and the bone meshes. Part of compile().
#include <string>

#include "patella/model/model.hpp"

namespace patella {

/// Geometry at the reference pose (every coordinate at its default), in F:
///  - A, B: the ITB ligament's femur_r point (greater trochanter) and its last point (Gerdy's
///    tubercle on the tibia);
///  - the lateral condyle: a least-squares sphere through the subchondral bone of the lateral
///    condyle's posterior, tibiofemoral part (vertices 10 mm or more lateral of F's origin and
///    posterior of it; on lenhart2015: centre (-2.6, 0.2, 23.4) mm, radius 18.2 mm, RMS 0.8 mm);
///  - the Kaplan anchor K: the point of the straight band A-B nearest the lateral patellar border,
///    moved radially onto the condyle's sphere if it lies inside it;
///  - the bundles' patellar points: the lateral border of the patellar bone mesh (vertices within
///    4 mm of the most lateral one), cut into `bundles` equal bands from superior to inferior,
///    each bundle at the centroid of its band.
/// Slack lengths and stiffnesses are set afterwards by calibrate_itb_bundles.
/// @throws ModelError naming the overlay key or ligament that is wrong.
void build_itb_pathway(Model& model, const std::string& fallback_mesh, const std::string& fallback_owner);

}  // namespace patella
