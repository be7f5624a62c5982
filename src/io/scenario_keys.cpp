// The scenario keys: one row per key, in the order the resolved YAML writes them (which is also
// the order of scenarios/README.md's list).
#include "scenario_keys.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <stdexcept>

#include "patella/core/types.hpp"

namespace patella::scenario_keys {

namespace {

// where a key's value lands, as an accessor: AT(s->name) is &t.s->name
#define AT(field) [](Target& t) -> Ref { return &t.field; }
#define EDIT(field) [](Target& t) -> Ref { return &t.s->muscle_edits[t.name].field; }
#define KEEP(field) [](Target& t) -> std::string* { return &t.field; }

struct Row {
  Key k;
  Row(const char* path, Type type, Ref (*at)(Target&)) {
    k.path = path;
    k.type = type;
    k.at = at;
  }
  Row& in(Unit u) { k.units.push_back(std::move(u)); return *this; }
  Row& eg(const char* v) { k.example = v; return *this; }
  Row& doc(const char* d) { k.doc = d; return *this; }
  Row& written(bool (*w)(const Key&, Target&)) { k.written = w; return *this; }
  Row& where(std::string* (*w)(Target&)) { k.where = w; return *this; }
  Row& text(std::string* (*w)(Target&)) { k.text = w; return *this; }
  Row& required() { k.required = true; return *this; }
  Row& exact() { k.exact = true; return *this; }
  Row& unless(const char* path) { k.unless = path; return *this; }
  Row& shape(const char* s) { k.shape = s; return *this; }
  Row& among(std::vector<std::string> c) { k.choices = std::move(c); return *this; }
  Row& absent(double v) { k.absent = v; return *this; }
  Row& from_model() { k.from_model = true; return *this; }
  operator Key() const { return k; }
};

Unit plain(const char* text, double lo, double hi) { return {text, lo, hi, nullptr, nullptr}; }
Unit deg(double lo, double hi) { return {"deg", lo, hi, deg_to_rad, rad_to_deg}; }
Unit pct(double lo, double hi) { return {"%", lo, hi, nullptr, [](double v) { return 100 * v; }}; }

// the bands are written whenever they act (the resolved YAML records the hypothesis whole)
bool emg_written(const Key& k, Target& t) { return t.s->control == "emg_constrained" || when_set(k, t); }

std::vector<Key> make_keys() {
  return {
      Row("name", Type::Name, AT(s->name)).eg("every_key").doc("names the output files"),
      Row("description", Type::Text, AT(s->description))
          .eg("all keys set").doc("say here whether the what-if values are hypotheses"),
      Row("control", Type::Choice, AT(s->control))
          .among({"compensated", "uncompensated", "emg_constrained"})
          .written([](const Key&, Target& t) { return t.s->control != "compensated"; })
          .eg("uncompensated")
          .doc("what the nervous system does about the scenario's muscle edits (PHYSICS.md 7): "
               "`compensated` (default) re-solves the muscle forces for the same net moments; "
               "`uncompensated` holds the activations static optimisation finds without the "
               "edits and reports the net-moment imbalance in the reserve channels; "
               "`emg_constrained` re-solves them with the VM:VL activation ratio and a hamstring "
               "co-contraction floor held to running EMG (`emg.*`)"),
      Row("emg.vm_vl_min", Type::Number, AT(s->emg.vm_vl_min))
          .in(plain("", 0.01, 100)).written(emg_written).eg("0.7")
          .doc("emg_constrained: mean VM over mean VL activation, at least (default 0.8; "
               "a hypothesis: EMG finds them similar in running, no spread measured)"),
      Row("emg.vm_vl_max", Type::Number, AT(s->emg.vm_vl_max))
          .in(plain("", 0.01, 100)).written(emg_written).eg("1.4")
          .doc("emg_constrained: at most (default 1.25)"),
      Row("emg.hamstring_floor", Type::Number, AT(s->emg.hamstring_floor))
          .in(plain("", 0, 1)).written(emg_written).eg("0.5")
          .doc("emg_constrained: mean hamstring (bflh, semimem, semiten) over mean vasti "
               "activation, at least (default 0.25, a hypothesis; 0: no floor)"),
      Row("extends", Type::Extends, nullptr)
          .eg("synthetic_running_cycle.yaml")
          .doc("take every key of that scenario, then override: key by key, a muscle's edits field "
               "by field; `interventions` add up; `gait` and `protocol` are replaced whole"),
      Row("model", Type::Folder, AT(s->model_dir))
          .eg("../models/lenhart2015").doc("the model folder, e.g. `../models/lenhart2015`"),

      Row("strength", Type::File, AT(s->strength_file))
          .written(when_set)
          .eg("../models/lenhart2015/strength/rajagopal2016.csv")
          .doc("maximum isometric forces by muscle (CSV `muscle,max_isometric_force_N`); muscles it "
               "does not name keep the .osim's"),

      Row("gait.cycle_csv", Type::File, AT(s->cycle_csv))
          .written(when_set)
          .eg("../models/running/default_running_cycle.csv")
          .doc("a one-stride cycle (`models/running/default_running_cycle.csv`, the synthetic cycle)"),
      Row("gait.coordinates", Type::File, AT(s->trial.coordinates_file))
          .unless("gait.cycle_csv").required()
          .eg("../models/lenhart2015/motion/overground_17_ik.mot")
          .doc("or an OpenSim trial: its IK coordinates (`.mot`/`.sto`), with `gait.grf`"),
      Row("gait.grf", Type::File, AT(s->trial.grf_file))
          .unless("gait.cycle_csv").required()
          .eg("../models/lenhart2015/motion/overground_17_grf.mot")
          .doc("the trial's ground reactions (GRF `.mot`)"),
      Row("gait.external_force.force_identifier", Type::Text, AT(s->trial.mapping.force_identifier))
          .unless("gait.cycle_csv").eg("ground_force_2_v")
          .doc("the GRF columns `<id>x/y/z` on the right foot, as an OpenSim ExternalForce "
               "(default `ground_force_v`)"),
      Row("gait.external_force.point_identifier", Type::Text, AT(s->trial.mapping.point_identifier))
          .unless("gait.cycle_csv").eg("ground_force_2_p")
          .doc("its point columns (default `ground_force_p`)"),
      Row("gait.external_force.torque_identifier", Type::Text, AT(s->trial.mapping.torque_identifier))
          .unless("gait.cycle_csv").eg("ground_torque_2_")
          .doc("its torque columns (default `ground_torque_`)"),
      Row("gait.external_force.applied_to_body", Type::Text, AT(s->trial.mapping.applied_to_body))
          .unless("gait.cycle_csv").eg("calcn_l").doc("the body it acts on (default `calcn_r`)"),
      Row("gait.filter_hz", Type::Number, AT(s->trial.filter_hz))
          .in(plain("Hz", 0, 100)).unless("gait.cycle_csv").eg("8")
          .doc("coordinate low-pass, 0: none (default 6)"),
      Row("gait.start_s", Type::Number, AT(s->trial.cycle_start))
          .in(plain("s", -1, 1e6)).unless("gait.cycle_csv").eg("1.263")
          .doc("the cycle's start (default: the right foot strikes in the GRF)"),
      Row("gait.end_s", Type::Number, AT(s->trial.cycle_end))
          .in(plain("s", -1, 1e6)).unless("gait.cycle_csv").eg("2.31")
          .doc("its end (default: the next strike)"),
      Row("gait.subject", Type::File, AT(s->subject_file))
          .written(when_set)
          .eg("../models/running/hamner2013_subject01/subject.yaml")
          .doc("scale the model to this subject first: body mass, segment lengths and hip centre "
               "(`models/running/hamner2013_subject01/subject.yaml` documents the format)"),
      Row("cycles", Type::Whole, AT(s->cycles))
          .in(plain("", 1, 20)).eg("2").doc("strides (a cycle CSV only; default 1)"),

      Row("output.pressure_at", Type::Quantities, AT(s->pressure_at))
          .in({"%", 0, 100, [](double v) { return 100.0 * v; }, nullptr})
          .written(when_set).shape("must be a list of gait percents, e.g. [15 %, 50 %]")
          .eg("[15 %, 50 %]")
          .doc("gait percents whose per-triangle pressure the HDF5 keeps (the peak-force frame is "
               "always kept)"),
      Row("output.frames_per_cycle", Type::Count, AT(s->frames_per_cycle))
          .in(plain("", 11, 2001)).eg("51").doc("default 101"),
      Row("output.csv", Type::Flag, AT(s->write_csv)).eg("false").doc("write `<name>.csv` (default true)"),
      Row("output.hdf5", Type::Flag, AT(s->write_hdf5)).eg("false").doc("write `<name>.h5` (default true)"),
      Row("output.sto", Type::Flag, AT(s->write_sto))
          .eg("false")
          .doc("write `<name>_forces.sto`, `_activations.sto`, `_kinematics.mot`, `_grf.mot` and "
               "`_external_loads.xml` (default true)"),

      Row("knee.quadriceps_angle", Type::Quantity, AT(s->quadriceps_angle))
          .in(deg(-20, 20)).eg("5 deg").doc("quadriceps line swung laterally (Q angle +)"),
      Row("knee.itb_pretension", Type::Quantity, AT(s->itb_pretension))
          .in(plain("N", 0, 1000)).eg("50 N").doc("added to the ITB's tension throughout"),
      Row("knee.osim_quadriceps", Type::Flag, AT(s->osim_quadriceps))
          .written([](const Key&, Target& t) { return t.s->osim_quadriceps; }).eg("true")
          .doc("the vasti as the .osim has them, not split into oblique and long heads (default false)"),
      Row("knee.osim_ligament_stiffness", Type::Flag, AT(s->osim_ligament_stiffness))
          .written([](const Key&, Target& t) { return t.s->osim_ligament_stiffness; }).eg("true")
          .doc("the .osim's patellar tendon and retinaculum stiffnesses, not the measured ones "
               "(default false)"),
      Row("knee.tibiofemoral", Type::Choice, AT(s->tibiofemoral))
          .among({"coupled", "solved"})
          .written([](const Key&, Target& t) { return t.s->tibiofemoral != "coupled"; })
          .eg("solved")
          .doc("the tibia's knee_add, knee_rot, knee_tx/ty/tz: `coupled` (default) follows the "
               "passive-flexion coupling table; `solved` finds them with the patella at every "
               "frame from tibiofemoral contact, the femur-tibia ligaments, the patellar tendon, "
               "the knee-crossing muscles and the shank's load (PHYSICS.md 4)"),
      Row("knee.tibial_tuberosity_offset", Type::Quantity, AT(s->tuberosity_offset))
          .in({"mm", -20, 20, [](double v) { return 1e-3 * v; }, [](double v) { return 1e3 * v; }})
          .where(KEEP(s->tuberosity_where)).eg("5 mm")
          .doc("the tibial end of every patellar tendon bundle moved laterally (+): a TT-TG distance "
               "change (normal about 13 mm, above 20 mm goes with instability, Dejour 1994); slack "
               "lengths as in the .osim"),
      Row("knee.ligament_stiffness.<prefix>", Type::Quantity, AT(s->ligament_stiffness[t.name]))
          .in(pct(0, 500)).absent(1.0).eg("80 %")
          .doc("stiffness of every ligament whose name starts with the prefix (e.g. `mPFL`, `PT`)"),

      Row("knee.ligament_slack_change.<prefix>", Type::Quantity, AT(s->ligament_slack_change[t.name]))
          .in(pct(-20, 20)).eg("-2 %")
          .doc("slack length of every ligament whose name starts with the prefix changed by that "
               "share; negative tightens (its strain at any pose rises by about as much)"),
      Row("knee.cartilage_elastic_modulus", Type::Quantity, AT(s->cartilage_modulus))
          .in({"MPa", 0.1, 200, [](double v) { return 1e6 * v; }, [](double v) { return 1e-6 * v; }})
          .from_model().written(when_set).eg("8 MPa")
          .doc("every cartilage contact mesh's elastic modulus (lenhart2015.osim: 10 MPa); the "
               "elastic foundation's pressure is proportional to it"),
      Row("knee.cartilage_thickness", Type::Quantity, AT(s->cartilage_thickness))
          .in({"mm", 0.5, 10, [](double v) { return 1e-3 * v; }, [](double v) { return 1e3 * v; }})
          .from_model().written(when_set).eg("2.5 mm")
          .doc("every cartilage contact mesh's uniform thickness (lenhart2015.osim: 3 mm, so 6 mm "
               "for a pair); the pressure is inversely proportional to the pair's sum"),
      Row("knee.itb_iliopatellar_stiffness", Type::Quantity, AT(s->itb_stiffness))
          .in({"N/mm", 1, 1000, [](double v) { return 1e3 * v; }, [](double v) { return 1e-3 * v; }})
          .from_model().written(when_set).eg("120 N/mm")
          .doc("the ITB pathway's iliopatellar band (PHYSICS.md 5.4; the overlay's 97 N/mm, Merican "
               "et al. 2009)"),
      Row("knee.itb_kaplan_stiffness", Type::Quantity, AT(s->itb_kaplan_stiffness))
          .in({"N/mm", 1, 1000, [](double v) { return 1e3 * v; }, [](double v) { return 1e-3 * v; }})
          .from_model().written(when_set).eg("50 N/mm")
          .doc("the ITB pathway's Kaplan fibres to the femur (the overlay's 10 N/mm, no "
               "measurement)"),
      Row("knee.quadriceps_head_share.<head>", Type::Quantity, AT(s->head_share[t.name]))
          .from_model().in(pct(1, 99)).eg("30 %")
          .doc("a quadriceps head's share of its muscle's maximum isometric force (the overlay's "
               "quadriceps_heads, e.g. `vmo_r`); the muscle's other head takes the rest"),

      Row("kinematics.hip_adduction_offset", Type::Quantity, AT(s->kinematics.hip_adduction_offset))
          .in(deg(-20, 20)).eg("3 deg").doc("added during stance (raised-cosine window)"),
      Row("kinematics.hip_internal_rotation_offset", Type::Quantity,
          AT(s->kinematics.hip_rotation_offset))
          .in(deg(-30, 30)).eg("3 deg")
          .doc("same; it turns the whole leg below the hip, foot included (the knee does not change)"),
      Row("kinematics.step_rate_change", Type::Quantity, AT(s->step_rate_change))
          .in(pct(-10, 10)).written(when_set).where(KEEP(s->step_rate_where)).eg("10 %")
          .doc("the same run at another step rate, same speed: stride and stance shortened, the "
               "ground reaction scaled so each step's vertical impulse keeps its ratio to body "
               "weight times step time, its centre of pressure kept on the foot, and the knee and "
               "hip angles changed as Heiderscheit et al. 2011 Table 3 measured (any value from "
               "-10 to +10 %, linear between its conditions)"),
      Row("kinematics.contact_time_exponent", Type::Number, AT(s->contact_time_exponent))
          .in(plain("", 0, 1.5)).eg("1")
          .doc("k in stance time proportional to step time^k at a changed step rate (default 0.7, a "
               "spring-mass estimate from Farley & Gonzalez 1996; 1 keeps stance's share of the "
               "stride)"),
      Row("kinematics.femoral_internal_rotation_planted_foot", Type::Quantity,
          AT(s->kinematics.femoral_rotation_offset))
          .in(deg(-30, 30)).eg("3 deg")
          .doc("the femur turned internally under a planted foot during stance (same window): "
               "hip_rot_r grows, the tibia and foot keep their orientation in ground, pivoting at "
               "the knee centre (the foot moves by about 0.5 mm for 5 deg). The dynamic Q angle. "
               "The CSV/HDF5 channel `femoral_rotation_deg` holds it; the `.mot` writes hip_rot_r "
               "with it and the coupled knee coordinates, so OpenSim's replay turns the foot"),
      // OpenSim's pelvis_tilt is positive backwards: the field holds minus the anterior tilt
      Row("kinematics.anterior_pelvic_tilt", Type::Quantity, AT(s->kinematics.pelvic_tilt_offset))
          .in({"deg", -30, 30, [](double v) { return -deg_to_rad(v); },
               [](double v) { return rad_to_deg(-v); }})
          .eg("4 deg").doc("added over the whole cycle"),
      Row("kinematics.ankle_dorsiflexion_limit", Type::Quantity,
          AT(s->kinematics.ankle_dorsiflexion_limit))
          .in(deg(-10, 40)).written(when_set).eg("15 deg").doc("smooth cap on dorsiflexion"),

      Row("interventions[].tool", Type::Tool, AT(item->tool))
          .required().eg("massage_ball").doc("the tool (below)"),
      Row("interventions[].muscle", Type::Text, AT(item->muscle))
          .required().eg("vaslat_r").doc("the muscle treated"),
      Row("interventions[].duration", Type::Quantity, AT(item->duration))
          .in(plain("s", 0, 7200)).in({"min", 0, 120, [](double v) { return v * 60.0; }, nullptr})
          .eg("90 s").doc("of one session"),
      Row("interventions[].sessions", Type::Count, AT(item->sessions))
          .in(plain("", 1, 1000)).unless("protocol").where(KEEP(item->schedule_where))
          .eg("14").doc("how many (they do not add up; default 1)"),
      Row("interventions[].time_since_treatment", Type::Quantity, AT(item->minutes_since))
          .in(plain("min", 0, 1e6)).unless("protocol").where(KEEP(item->schedule_where)).exact()
          .eg("10 min").doc("since the last session: the release fades (default 0)"),
      Row("interventions[].pressure", Type::Quantity, AT(item->pressure))
          .in({"kPa", 0, 1000, [](double v) { return 1e3 * v; }, [](double v) { return 1e-3 * v; }})
          .written(when_set).eg("50 kPa")
          .doc("recorded with the results; it does not change the release (no dose-response was "
               "measured)"),
      Row("interventions[].hypothetical", Type::Flag, AT(item->hypothetical))
          .eg("true").doc("allows a `release` above the tool's bound; every output says so"),
      Row("interventions[].release", Type::Quantity, AT(item->requested_release))
          .in(pct(0, 100)).written(when_set).where(KEEP(item->release_where))
          .text(KEEP(item->release_text)).exact().eg("10 %")
          .doc("the release instead of the tool's literature bound (above it only if hypothetical)"),

      Row("protocol.days", Type::Whole, AT(s->protocol.days))
          .in(plain("", 1, 365)).required().eg("7")
          .doc("a treatment protocol over days: every intervention is done at every session, so "
               "`sessions` and `time_since_treatment` are the protocol's (an error in the "
               "protocol's own file; inherited from a parent, they are replaced)"),
      Row("protocol.sessions_per_day", Type::Whole, AT(s->protocol.per_day))
          .in(plain("", 1, 24)).required().eg("2").doc("evenly spaced from t = 0"),
      Row("protocol.run_after_last_session", Type::Quantity, AT(s->run_after_last_session))
          .in({"h", 0, 24.0 * 365, [](double v) { return 60.0 * v; }, [](double v) { return v / 60.0; }})
          .in(plain("min", 0, 60.0 * 24 * 365)).exact().eg("12 h")
          .doc("the gait cycle is simulated that long after the last session (default 0); "
               "`<name>_protocol.csv` and the HDF5 group `/protocol` hold the release and what is "
               "left of each taut band every 15 min from the first session to a day after the last"),

      Row("model_strength.<muscle>", Type::Quantity, AT(s->model_strength[t.name]))
          .in(pct(1, 300)).absent(1.0).eg("90 %")
          .doc("the model's maximum isometric force of the muscle (of each head of a split vastus) "
               "scaled: a model parameter, such as a sweep varies; uncompensated control keeps it, "
               "where it removes `muscles.<muscle>.strength_scale`, a what-if weakness"),

      Row("muscles.<muscle>.min_activation", Type::Quantity, AT(s->min_activation[t.name]))
          .in(pct(0, 100))
          .written([](const Key&, Target& t) { return t.s->min_activation.count(t.name) > 0; })
          .eg("10 %").doc("co-contraction: the least activation static optimisation may use"),
      Row("muscles.<muscle>.strength_scale", Type::Quantity, EDIT(strength_scale))
          .in(pct(0, 300)).eg("80 %").doc("F0 multiplier (weakness < 100 %)"),
      Row("muscles.<muscle>.taut_band.fraction", Type::Quantity, EDIT(taut_band.fraction))
          .in(pct(0, 100)).eg("10 %").doc("share of the fibres in a taut band (PHYSICS.md 8)"),
      Row("muscles.<muscle>.taut_band.contracture", Type::Quantity, EDIT(taut_band.contracture))
          .in(pct(0, 50)).eg("5 %").doc("the band's fibres shortened by that share of their length"),
      Row("muscles.<muscle>.taut_band.stiffness_ratio", Type::Quantity, EDIT(taut_band.stiffness_ratio))
          .in(plain("1", 0, 20)).eg("3").doc("band / muscle stiffness (default 2, Chen et al. 2016)"),
      Row("muscles.<muscle>.taut_band.tonic_activation", Type::Quantity, EDIT(taut_band.tonic_activation))
          .in(pct(0, 100)).eg("5 %")
          .doc("the band's sustained activation, a floor the muscle-force solver cannot remove "
               "(default 0; no measured level: a hypothesis)"),
      Row("muscles.<muscle>.release", Type::Quantity, EDIT(release))
          .in(pct(0, 100)).eg("12 %").doc("release of the band's fraction and contracture"),
      Row("muscles.<muscle>.passive_tightness.curve_shift", Type::Quantity, EDIT(passive_curve_shift))
          .in(pct(0, 50)).eg("10 %")
          .doc("the passive force-length curve starts that share of l_opt earlier"),
      Row("muscles.<muscle>.passive_tightness.tendon_slack_change", Type::Quantity,
          EDIT(tendon_slack_change))
          .in(pct(-20, 20)).eg("-3 %")
          .doc("tendon slack length changed; negative tightens, and with the rigid tendon it moves "
               "the active operating point too"),
  };
}

struct SectionRow {
  Section s;
  SectionRow(const char* path, const char* label) {
    s.path = path;
    s.label = label;
  }
  SectionRow& shape(const char* v) { s.shape = v; return *this; }
  SectionRow& merge(Merge m) { s.merge = m; return *this; }
  SectionRow& entry(Entry e, const char* choice = "") { s.entry = e; s.choice = choice; return *this; }
  SectionRow& flow() { s.flow = true; return *this; }
  SectionRow& where(std::string* (*w)(Target&)) { s.where = w; return *this; }
  SectionRow& enter(void (*e)(Target&)) { s.enter = e; return *this; }
  SectionRow& names(std::set<std::string> (*n)(const Scenario&)) { s.names = n; return *this; }
  SectionRow& items(std::vector<Scenario::Intervention>* (*i)(Scenario&)) { s.items = i; return *this; }
  SectionRow& written(bool (*w)(const Scenario&)) { s.written = w; return *this; }
  operator Section() const { return s; }
};

template <class Map>
std::set<std::string> names_of(const Map& m) {
  std::set<std::string> out;
  for (const auto& kv : m) out.insert(kv.first);
  return out;
}

std::set<std::string> muscle_names(const Scenario& sc) {
  std::set<std::string> n = names_of(sc.muscle_edits), m = names_of(sc.min_activation);
  n.insert(m.begin(), m.end());
  return n;
}

std::vector<Section> make_sections() {
  return {
      SectionRow("", "the scenario"),
      SectionRow("gait", "gait").merge(Merge::Whole).entry(Entry::Choice, "a trial"),
      SectionRow("gait.external_force", "external_force"),
      SectionRow("output", "output"),
      SectionRow("emg", "emg"),
      SectionRow("knee", "knee"),
      SectionRow("knee.ligament_stiffness", "ligament_stiffness")
          .shape("must map ligament names to scales").flow().where(KEEP(s->ligament_where))
          .names([](const Scenario& sc) { return names_of(sc.ligament_stiffness); }),
      SectionRow("knee.ligament_slack_change", "ligament_slack_change")
          .shape("must map ligament names to changes").flow().where(KEEP(s->ligament_slack_where))
          .names([](const Scenario& sc) { return names_of(sc.ligament_slack_change); }),
      SectionRow("knee.quadriceps_head_share", "quadriceps_head_share")
          .shape("must map quadriceps head names to shares").flow().where(KEEP(s->head_share_where))
          .names([](const Scenario& sc) { return names_of(sc.head_share); }),
      SectionRow("kinematics", "kinematics"),
      SectionRow("interventions[]", "an intervention")
          .shape("must be a list of {tool, muscle, ...}").merge(Merge::Append).flow()
          .where(KEEP(item->where)).items([](Scenario& sc) { return &sc.interventions; }),
      SectionRow("protocol", "protocol").merge(Merge::Whole).entry(Entry::Needs).flow()
          .where(KEEP(s->protocol_where))
          .written([](const Scenario& sc) { return sc.protocol.days > 0; }),
      SectionRow("model_strength", "model_strength")
          .shape("must map muscle names to scales").flow().where(KEEP(s->model_strength_where))
          .names([](const Scenario& sc) { return names_of(sc.model_strength); }),
      SectionRow("muscles", "muscles").shape("must be a mapping of muscle names").names(muscle_names),
      // a muscle listed has its edit, even with no field set
      SectionRow("muscles.<muscle>", "muscle '*'").where(KEEP(s->muscle_edit_where[t.name]))
          .enter([](Target& t) { t.s->muscle_edits[t.name]; }),
      SectionRow("muscles.<muscle>.taut_band", "taut_band").flow(),
      SectionRow("muscles.<muscle>.passive_tightness", "passive_tightness").flow(),
  };
}

// Files are read block by block in this order, not the table's: the order the keys were
// added in, kept so that a file with two mistakes still reports the same one first. A key
// takes the place of the first entry its path starts with.
const char* const kReadingOrder[] = {
    "extends", "name", "description", "model", "gait", "cycles", "output", "control", "emg",
    "muscles.<muscle>.min_activation", "muscles.<muscle>.strength_scale",
    "muscles.<muscle>.release", "muscles.<muscle>.passive_tightness", "muscles",
    "knee.tibial_tuberosity_offset", "knee", "interventions", "protocol",
    "kinematics.step_rate_change", "kinematics", "strength", "model_strength"};

bool starts(const std::string& path, const std::string& prefix) {
  return path.compare(0, prefix.size(), prefix) == 0 &&
         (path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[');
}

Node make_tree(const std::vector<const Key*>& order) {
  Node root;
  for (const Key* k : order) {
    Node* n = &root;
    std::size_t from = 0;
    while (from <= k->path.size()) {
      const std::size_t dot = std::min(k->path.find('.', from), k->path.size());
      const std::string seg = k->path.substr(from, dot - from);
      auto it = std::find_if(n->children.begin(), n->children.end(),
                             [&](const Node& c) { return c.name == seg; });
      if (it == n->children.end()) {
        Node c;
        c.name = seg;
        c.path = k->path.substr(0, dot);
        n->children.push_back(c);
        it = n->children.end() - 1;
      }
      n = &*it;
      from = dot + 1;
    }
    n->key = k;
  }
  std::function<void(Node&)> attach = [&](Node& n) {
    if (n.key) return;
    for (const Section& s : sections())
      if (s.path == n.path) n.section = &s;
    if (!n.section) throw std::logic_error("scenario keys: no section row for '" + n.path + "'");
    for (Node& c : n.children) attach(c);
  };
  attach(root);
  return root;
}

}  // namespace

const std::vector<Key>& keys() {
  static const std::vector<Key> v = make_keys();
  return v;
}

const std::vector<Section>& sections() {
  static const std::vector<Section> v = make_sections();
  return v;
}

std::string Node::yaml() const { return list() ? name.substr(0, name.size() - 2) : name; }
bool Node::list() const { return name.size() > 2 && name.compare(name.size() - 2, 2, "[]") == 0; }
bool Node::names() const { return children.size() == 1 && children[0].name[0] == '<'; }

const Node& writing_tree() {
  static const Node tree = [] {
    std::vector<const Key*> order;
    for (const Key& k : keys()) order.push_back(&k);
    return make_tree(order);
  }();
  return tree;
}

const Node& reading_tree() {
  static const Node tree = [] {
    std::vector<std::pair<std::size_t, const Key*>> ranked;
    for (const Key& k : keys()) {
      std::size_t r = 0;
      while (r < std::size(kReadingOrder) && !starts(k.path, kReadingOrder[r])) ++r;
      if (r == std::size(kReadingOrder))
        throw std::logic_error("scenario keys: '" + k.path + "' has no place in the reading order");
      ranked.emplace_back(r, &k);
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<const Key*> order;
    for (const auto& rk : ranked) order.push_back(rk.second);
    return make_tree(order);
  }();
  return tree;
}

std::string label(const Section& s, const std::string& name) {
  std::string l = s.label;
  const std::size_t star = l.find('*');
  return star == std::string::npos ? l : l.replace(star, 1, name);
}

bool same(const Ref& a, const Ref& b) {
  return std::visit(
      [&](auto* p) {
        using T = std::remove_pointer_t<decltype(p)>;
        const T& q = *std::get<T*>(b);
        if constexpr (std::is_same_v<T, double>)
          return *p == q || (std::isnan(*p) && std::isnan(q));
        else
          return *p == q;
      },
      a);
}

void copy(const Ref& to, const Ref& from) {
  std::visit([&](auto* p) { *p = *std::get<std::remove_pointer_t<decltype(p)>*>(from); }, to);
}

bool when_set(const Key& k, Target& t) {
  Scenario d;
  Scenario::Intervention dx;
  Target td{&d, t.name, t.item ? &dx : nullptr};
  return !same(k.at(t), k.at(td));
}

namespace {
const Node* find(const Node& n, const std::string& path) {
  if (n.path == path) return &n;
  for (const Node& c : n.children)
    if (starts(path, c.path))
      if (const Node* f = find(c, path)) return f;
  return nullptr;
}

bool any_set(const Node& n, Target& t) {
  if (n.key) return n.key->at && when_set(*n.key, t);
  for (const Node& c : n.children)
    if (any_set(c, t)) return true;
  return false;
}
}  // namespace

bool is_set(const std::string& path, Target& t) {
  const Node* n = find(writing_tree(), path);
  if (!n) throw std::logic_error("scenario keys: no key or block '" + path + "'");
  if (n->section && n->section->written) return n->section->written(*t.s);
  return any_set(*n, t);
}

}  // namespace patella::scenario_keys
