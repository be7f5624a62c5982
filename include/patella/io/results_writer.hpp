#pragma once
/// Sweep results as columns with units, written to CSV or HDF5 (atomically: temp file + rename).
#include <string>
#include <vector>

#include "patella/core/column_table.hpp"
#include "patella/mechanics/sweep.hpp"

namespace patella {

/// The knee sweep table: the columns first (knee_flexion_deg, pf_tx_mm, pf_ty_mm,
/// pf_tz_mm, pf_flex_deg, pf_rot_deg, pf_tilt_deg, lateral_tilt_deg, contact_force_N,
/// contact_area_mm2, mean_pressure_MPa, peak_pressure_MPa, lateral_facet_fraction, converged,
/// iterations, residual_N), then the stability pushes (if measured), then the rest.
ColumnTable make_sweep_table(const Model& model, const std::vector<SweepRow>& rows,
                             bool with_stability);

void write_csv(const std::string& path, const ColumnTable& table);

/// HDF5: group /knee_sweep with one dataset per column (attribute "units"), the per-triangle
/// pressure /knee_sweep/pressure_Pa (rows x patellar faces), the patella poses X_FK
/// (/knee_sweep/X_FK, rows x 4 x 4, metres) and root attributes describing the run.
void write_hdf5(const std::string& path, const ColumnTable& table,
                const std::vector<SweepRow>& rows,
                const std::vector<std::pair<std::string, std::string>>& attributes);

}  // namespace patella
