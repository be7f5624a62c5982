// Section D5: the massless patella against a patella with mass (see gait_cycle.hpp and
// gait/patella_inertia.hpp for the first-order method).
#include <sstream>

#include "patella/validation/gait_cycle.hpp"
#include "patella/validation/markdown.hpp"

namespace patella::validation {

PatellaMass patella_mass_check(const GaitRun& run) {
  const GaitSetup& s = *run.setup;
  const Model& m = *s.model;
  return {m.leg.bodies[kPatella].mass, patella_inertia_check(m, m.leg, m.leg_muscles, run.result)};
}

std::string patella_mass_markdown(const PatellaMass& p) {
  auto f = [](double v, int digits = 2) { return format_fixed(v, digits); };
  const InertiaCheck& c = p.check;
  std::ostringstream md;
  md << "### D5. Massless patella against a patella with mass (running, PHYSICS.md 4)\n\n"
     << "The patella (" << f(p.mass, 3) << " kg, inertia from the "
        ".osim) rides on contact and ligaments: even its softest direction at a light load, medial "
        "at 175 N of quadriceps, takes about 5 N per mm (section A0: 48 N for 10 mm at 45 deg; "
        "running loads press it into the groove and stiffen it far more), a natural frequency "
        "near sqrt(5e3 / 0.4) / 2 pi = 18 Hz, above the gait's content. So a rigid-body patella "
        "follows the quasi-static path and its dynamics add, "
        "to first order, its weight and d'Alembert load m (g - a), -(I alpha + w x I w) along "
        "that path (accelerations from the massless track in ground). Re-solving every frame with "
        "that load:\n\n";
  MarkdownTable t{{"quantity", "measured", "aim"}, {}};
  t.rows.push_back({"largest inertial load on the patella", f(c.max_force, 1) + " N", "-"});
  t.rows.push_back({"largest change in lateral shift", f(c.max_shift * 1e3, 3) + " mm", "< 0.2 mm"});
  t.rows.push_back({"largest change in lateral tilt", f(rad_to_deg(c.max_tilt), 3) + " deg", "< 0.5 deg"});
  t.rows.push_back({"frames whose re-solve did not converge (left out)", std::to_string(c.unconverged), "0"});
  md << to_markdown(t) << "\n"
     << "This is the first-order effect of the patella's mass; a forward-dynamic patella (with "
        "the oscillations contact damping would decide) is not built.\n\n";
  return md.str();
}

}  // namespace patella::validation
