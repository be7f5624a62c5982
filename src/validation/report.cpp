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
    "prescribes it from the passive-flexion coupling by default (A1, A3), replays the reference's "
    "tibia (A1, A2 left columns), or solves it the same way (`--tibiofemoral solved`: A1-A3, "
    "D6), without the other muscles' passive forces the reference carries.\n"
    "- Quasi-static: the reference integrates the patella in time (JAM forward simulation); "
    "ours is massless equilibrium.\n"
    "- Ligament paths are straight: the patellar-tendon wrap over `PatTen_r` is not modelled "
    "(`patella knee` warns and counts the angles where a straight path crosses it).\n"
    "- Quadriceps heads: the VMO and VML angles and the VMO's share of the vastus medialis are "
    "measured (models/lenhart2015/patella.yaml names the sources); the VLO's angle (35 deg) and "
    "share (20 % of the vastus lateralis) are the values commonly quoted from Farahmand et al. "
    "1998, whose table was not read: A0 shows the sensitivity to the angle. At 175 N the VMO "
    "carries 12.7 N, so unloading it moves the patella tenths of a millimetre, not the "
    "millimetres of cadaver rigs that load the VMO with 20-40 N.\n"
    "- ITB tension raises the medial restraint as in cadavers but does not lower the lateral "
    "one: the iliopatellar bundles run from the band's node 35-40 mm posterior of the lateral "
    "patellar border and about 13 mm lateral of it, with strains of 1-3 %, so a 10 mm lateral "
    "shift slackens them and the band's pull is gone where the lateral push is measured.\n"
    "- Lateral stability at 175 N is 1.5-3 times the cadavers' 82-125 N (A0): the push is resisted "
    "by the trochlea and the medial retinaculum, whose slack lengths are the .osim's; the "
    "measured MPFL and LPFL stiffnesses (not shipped, A0) make it stiffer still.\n"
    "- The ITB node is balanced as a frictionless point on the band (the same tension proximal "
    "and distal of it) against the Kaplan spring, the condyle and the bundles; the band's own "
    "stretch across the node is not modelled.\n";

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
  const PassiveReference passive = passive_reference(read_sto(ref + "/passive_flexion_states.sto"));
  progress("knee pathways");
  r.knee_pathways = validate_knee_pathways(o.model_dir, passive, ref + "/dynamic_mri_passive_body_transformations.sto");
  progress("passive flexion");
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
               dynamic_mri_figure(r.dynamic_mri), r.gait_cycle.step_rate_figure, r.gait_cycle.walking_figure,
               r.gait_cycle.measured.figure};
  // a figure's link follows its section's text
  const std::string links = o.link_figures ? o.figures_link : std::string();
  auto link = [&](const Figure& f) { return links.empty() ? std::string() : figure_link(f, links); };
  r.markdown = header(o, *model) + knee_pathways_markdown(r.knee_pathways) +
               passive_flexion_markdown(r.passive_flexion) + link(r.figures[0]) +
               isometric_extension_markdown(r.isometric_extension) + link(r.figures[1]) +
               dynamic_mri_markdown(r.dynamic_mri) + link(r.figures[2]) + contact_area_markdown(r.contact_area) +
               directions_markdown(r.directions, r.gait_cycle.step_rate.holds) +
               gait_cycle_markdown(r.gait_cycle, links) + kKnownDifferences;
  return r;
}

}  // namespace patella::validation
