// Section B: contact area against Besier et al. 2005 (see contact_area.hpp).
#include "patella/validation/contact_area.hpp"

#include <sstream>

#include "patella/mechanics/sweep.hpp"
#include "patella/validation/markdown.hpp"
#include "patella/validation/reference.hpp"

namespace patella::validation {

std::vector<ContactAreaRow> validate_contact_area(const Model& model) {
  // Besier et al. 2005 (J Orthop Res 23:345), men at 0.15 BW: mean contact area at 0, 30, 60 deg
  const double besier[3] = {210, 414, 520};
  std::vector<SweepRow> r250, r500;
  for (double Q : {250.0, 500.0}) {
    SweepOptions sb;
    sb.flexion = {0.0, deg_to_rad(30), deg_to_rad(60)};
    sb.loads = pcsa_loads(model, Q);
    (Q < 300 ? r250 : r500) = run_sweep(model, sb);
  }
  std::vector<ContactAreaRow> rows;
  for (int i = 0; i < 3; ++i)
    rows.push_back({30.0 * i, besier[i], r250[i].contact.area * 1e6, r500[i].contact.area * 1e6});
  return rows;
}

std::string contact_area_markdown(const std::vector<ContactAreaRow>& rows) {
  std::ostringstream md;
  md << "## B. Contact area vs Besier et al. 2005 (upright MRI, men, 0.15 BW)\n\n"
     << "Besier's subjects stood with 15 % of body weight on the knee; the quadriceps force that "
        "posture needs was not measured, so ours is shown at two total quadriceps forces (PCSA "
        "split). Compare magnitude and the rise with flexion, not exact values.\n\n";
  MarkdownTable t{{"knee flexion (deg)", "Besier 2005 (mm2)", "ours, 250 N (mm2)", "diff (mm2)",
                   "ours, 500 N (mm2)", "diff (mm2)"}, {}};
  for (const ContactAreaRow& r : rows)
    t.rows.push_back({format_plain(r.flexion_deg), format_plain(r.besier_mm2), format_fixed(r.area_250_mm2, 0),
                      format_fixed(r.area_250_mm2 - r.besier_mm2, 0), format_fixed(r.area_500_mm2, 0),
                      format_fixed(r.area_500_mm2 - r.besier_mm2, 0)});
  md << to_markdown(t) << "\n";
  return md.str();
}

}  // namespace patella::validation
