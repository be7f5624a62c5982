// The whole validation report (see report.hpp): sections A1-D in the report's order (D runs
// before C, whose step-rate row it decides), then the known differences.
#include "patella/validation/report.hpp"

#include <sstream>

#include "patella/compiler/compile.hpp"
#include "patella/io/load_model.hpp"

namespace patella::validation {

namespace {

std::string header(const ValidationOptions& o, const Model& model) {
  std::ostringstream md;
  md << "# Validation of patella against the Lenhart 2015 knee\n\n"
     << "Regenerate with `./scripts/validate` (runs `patella validate`; writes this file and `"
     << o.figures_link << "/`). Every number below comes from that run; nothing is tuned to these targets.\n\n"
     << "Model: `" << o.model_dir << "` (" << model.contact.casting.centroid.size() << " patellar x "
     << model.contact.target.a.size() << " femoral cartilage triangles). Differences are model "
        "minus target.\n\n";
  return md.str();
}

const char* const kKnownDifferences =
    "## Known differences and why\n\n"
    "- Passive muscles in sections A-C: the reference carries Millard passive fibre forces; the "
    "knee sweeps here carry only the minimum-activation tone (the gait cycle, section D, uses "
    "the full Millard curves).\n"
    "- Tibiofemoral: the reference solves the tibia with `tf_contact` and the ligaments; ours "
    "prescribes it from the passive-flexion coupling (A1, A3) or replays the reference's tibia "
    "(A1, A2 left columns).\n"
    "- Quasi-static: the reference integrates the patella in time (JAM forward simulation); "
    "ours is massless equilibrium.\n"
    "- Ligament paths are straight: the patellar-tendon wrap over `PatTen_r` is not modelled "
    "(`patella knee` warns and counts the angles where a straight path crosses it).\n"
    "- Vastus medialis: its .osim path ends in a segment from a medial patellar point to a "
    "femoral point near the midline, so it pulls slightly laterally; removing it tilts the "
    "patella laterally and loads the lateral facet, but does not shift it laterally.\n"
    "- ITB tension: the ITB-patellar link is slack at 30-60 deg (its slack length is set in "
    "the relaxed straight knee, and the patella moves toward the band's node in flexion), and "
    "200 N slides the node only 0.7 mm along the band (distal band EA / length = 281 N/mm), "
    "nearly perpendicular to the link; so lateral and medial stability do not change. The "
    "cadaver mechanism (the band bowstringing posteriorly in flexion) needs the Kaplan-fibre "
    "anchoring stiffness, for which no measurement was found; it is not modelled.\n";

}  // namespace

ValidationReport run_validation(const ValidationOptions& o) {
  auto progress = [&](const std::string& m) {
    if (o.progress) o.progress(m);
  };
  const std::string ref = o.model_dir + "/reference";
  const std::unique_ptr<Model> model = compile(load_model_spec(o.model_dir));
  ModelSpec zero_spec = load_model_spec(o.model_dir);
  zero_spec.tibiofemoral.mode = "zero";
  const std::unique_ptr<Model> model_zero = compile(std::move(zero_spec));

  ValidationReport r;
  progress("passive flexion");
  const PassiveReference passive = passive_reference(read_sto(ref + "/passive_flexion_states.sto"));
  r.passive_flexion = validate_passive_flexion(*model, *model_zero, passive);
  progress("isometric extension");
  r.isometric_extension = validate_isometric_extension(*model, ref);
  progress("dynamic MRI");
  r.dynamic_mri = validate_dynamic_mri(*model, ref + "/dynamic_mri_passive_body_transformations.sto", passive);
  progress("contact area");
  r.contact_area = validate_contact_area(*model);
  r.gait_cycle = validate_gait_cycle(o.scenarios_dir, o.progress);
  progress("directions");
  r.directions = validate_directions(*model);

  r.figures = {passive_flexion_figure(r.passive_flexion, passive), isometric_extension_figure(r.isometric_extension),
               dynamic_mri_figure(r.dynamic_mri), r.gait_cycle.running_figure, r.gait_cycle.walking_figure};
  // a figure's link follows its section's text
  const std::string links = o.link_figures ? o.figures_link : std::string();
  auto link = [&](const Figure& f) { return links.empty() ? std::string() : figure_link(f, links); };
  r.markdown = header(o, *model) + passive_flexion_markdown(r.passive_flexion) + link(r.figures[0]) +
               isometric_extension_markdown(r.isometric_extension) + link(r.figures[1]) +
               dynamic_mri_markdown(r.dynamic_mri) + link(r.figures[2]) + contact_area_markdown(r.contact_area) +
               directions_markdown(r.directions, r.gait_cycle.step_rate.holds) +
               gait_cycle_markdown(r.gait_cycle, links) + kKnownDifferences;
  return r;
}

}  // namespace patella::validation
