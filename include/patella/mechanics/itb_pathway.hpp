#pragma once
/// The iliotibial band's node at the lateral epicondyle (Model::itb, PHYSICS.md 5.4): its
/// quasi-static balance for given patellar attachment points, and the forces and stiffness it
/// passes to the patella. Everything in F = femur_distal_r.
///
/// Forces on the node N:
///   band      T (e_NA + e_NB)                    e_NX = (X - N) / |X - N|
///   Kaplan    k_K (K - N)
///   condyle   k_c (R - |N - C|) n  while |N - C| < R,   n = (N - C) / |N - C|
///   bundles   sum_i T_i(l_i) e_i                 e_i = (a_i - N) / l_i   (Blankevoort)
/// g(N) = their sum = 0 is solved by Newton's method with step halving. The patella gets
/// p_i = -T_i e_i at a_i. With D_i = dT_i/dl e_i e_i^T + T_i / l_i (I - e_i e_i^T) and
/// H = dg/dN, implicit differentiation gives dN = -H^-1 sum_j D_j da_j and
///   dp_i / da_j = G_ij = -delta_ij D_i - D_i H^-1 D_j.
#include <vector>

#include "patella/model/model.hpp"

namespace patella {

struct ItbNodeResult {
  bool converged = false;
  int iterations = 0;
  Vec3 node = Vec3::Zero();                  ///< N [m]
  std::vector<Vec3> force_on_patella;        ///< p_i at a_i [N]
  std::vector<double> bundle_tension;        ///< T_i [N]
  std::vector<Mat3> G;                       ///< dp_i/da_j, row-major n x n blocks [N/m]
  double kaplan_force = 0.0;                 ///< |k_K (K - N)| [N]
  double condyle_force = 0.0;                ///< [N]
  double residual = 0.0;                     ///< |g| at the end [N]
};

/// The node's balance from `guess`, for bundle attachment points a (in F, Model::itb order), the
/// band's distal point B (in F) and the band tension T [N] (>= 0).
ItbNodeResult solve_itb_node(const ItbPathway& itb, const std::vector<Vec3>& a, const Vec3& B,
                             double T, const Vec3& guess, bool jacobian);

}  // namespace patella
