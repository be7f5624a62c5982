#pragma once
/// Quadriceps loads as cadaver rigs apply them, over Model::muscles (the .osim quadriceps or
/// their heads, PHYSICS.md 5.3).
#include <array>
#include <string>
#include <vector>

#include "patella/model/model.hpp"

namespace patella {

/// Share of the total quadriceps force of each KneeNames::quadriceps muscle (vaslat, vasmed,
/// vasint, recfem): by PCSA, VL 40 %, VM 25 %, RF + VI 35 % split equally (Farahmand, Senavongse
/// & Amis 1998, J Orthop Res 16:136).
constexpr std::array<double, 4> kQuadricepsPcsaSplit{0.40, 0.25, 0.175, 0.175};

/// The total [N] split by kQuadricepsPcsaSplit among the .osim muscles, then among each
/// muscle's heads in proportion to their F0 (their overlay shares). With the heads of
/// models/lenhart2015 this is the five-head rig loading RF + VI 35 %, VLL 32 %, VLO 8 %,
/// VML 17.75 %, VMO 7.25 %. Model::muscles order.
std::vector<double> quadriceps_split(const Model& model, double total);

/// Model::muscles indices that `name` stands for: a patellar muscle or head itself, or every head
/// of an .osim muscle that the model splits. Empty if none.
std::vector<int> patella_muscle_group(const Model& model, const std::string& name);

/// Sets the force of `name`'s group: one muscle or head gets `force`, a split .osim muscle's heads
/// share it in proportion to their F0 (as under one activation). Returns false if `name` is none.
bool set_muscle_force(const Model& model, std::vector<double>& quadriceps, const std::string& name,
                      double force);

/// Every name patella_muscle_group accepts (heads, unsplit muscles, and split .osim muscles).
std::vector<std::string> patella_muscle_names(const Model& model);

}  // namespace patella
