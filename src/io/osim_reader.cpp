#include "patella/io/osim_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include <pugixml.hpp>

#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "patella/core/strings.hpp"
#include "patella/core/types.hpp"

namespace patella {
namespace {

namespace fs = std::filesystem;
using pugi::xml_node;

std::vector<std::string> split_ws(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

/// Last component of a socket path: "/bodyset/femur_r" -> "femur_r", "/ground" -> "ground".
std::string last_component(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// Strict number parse: the whole token must be a finite number ("0.0x5" is rejected).
std::optional<double> to_number(const std::string& token) {
  if (token.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(token.c_str(), &end);
  if (*end != '\0' || !std::isfinite(v)) return std::nullopt;
  return v;
}

const char* const kAxisNames[6] = {"rotation1",    "rotation2",    "rotation3",
                                   "translation1", "translation2", "translation3"};

class OsimReader {
 public:
  explicit OsimReader(const std::string& path) : path_(path) {}

  ModelSpec read() {
    std::ifstream file = open_input_file(path_, "model file", std::ios::binary);
    text_.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    for (std::size_t i = 0; i < text_.size(); ++i)
      if (text_[i] == '\n') newlines_.push_back(i);

    // Parse our own copy so pugixml's offsets are byte offsets into text_ (for line numbers).
    pugi::xml_document doc;
    const pugi::xml_parse_result ok =
        doc.load_buffer(text_.data(), text_.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!ok)
      throw ModelError(path_ + ":" + std::to_string(line_of(ok.offset)) +
                       ": not a valid XML file (" + ok.description() + ")");
    model_ = doc.child("OpenSimDocument").child("Model");
    if (!model_) model_ = doc.child("Model");
    if (!model_) throw ModelError(path_ + ": no <Model> element (not an OpenSim model file)");

    spec_.name = model_.attribute("name").value();
    spec_.source_file = path_;
    spec_.geometry_dir = geometry_dir();

    if (xml_node ground = model_.child("Ground")) read_body(ground);
    else spec_.bodies.push_back(BodySpec{"ground", 0.0, Vec3::Zero(), {}, {}});
    for (xml_node b : objects("BodySet")) {
      if (std::string(b.name()) == "Body") read_body(b);
      else warn("BodySet: " + std::string(b.name()) + " '" + name_of(b) + "' ignored");
    }
    for (xml_node j : objects("JointSet")) read_joint(j);
    read_forces();
    read_contact_geometry();
    read_markers();
    for (const char* set : {"ConstraintSet", "ControllerSet", "ProbeSet"}) {
      const auto n = std::distance(objects(set).begin(), objects(set).end());
      if (n > 0) warn(std::string(set) + ": " + std::to_string(n) + " element(s) ignored");
    }
    return std::move(spec_);
  }

 private:
  std::string path_, text_;
  std::vector<std::size_t> newlines_;  // byte offsets of '\n', for offset -> line
  xml_node model_;
  ModelSpec spec_;

  // markers anywhere in the model (the MarkerSet), parsed as the foot line has always read them
  void read_markers() {
    for (pugi::xpath_node xn : model_.select_nodes(".//Marker")) {
      const xml_node m = xn.node();
      MarkerSpec mk;
      mk.name = m.attribute("name").value();
      std::string frame = m.child_value("socket_parent_frame");
      mk.body = frame.substr(frame.find_last_of('/') == std::string::npos ? 0 : frame.find_last_of('/') + 1);
      std::istringstream ss(m.child_value("location"));
      ss >> mk.location.x() >> mk.location.y() >> mk.location.z();
      spec_.markers.push_back(mk);
    }
  }

  // ---- messages -------------------------------------------------------------------------

  int line_of(std::ptrdiff_t offset) const {
    if (offset < 0) return 0;
    return 1 + int(std::lower_bound(newlines_.begin(), newlines_.end(), std::size_t(offset)) -
                   newlines_.begin());
  }
  int line_of(xml_node n) const { return line_of(n.offset_debug()); }

  static std::string name_of(xml_node n) { return n.attribute("name").value(); }
  static std::string label_of(xml_node n) { return std::string(n.name()) + " '" + name_of(n) + "'"; }

  /// "CustomJoint 'pf_r' TransformAxis 'rotation1'": the top-level model element plus the
  /// nearest named element at or above n (OpenSim names nested functions just "function").
  std::string label(xml_node n) const {
    xml_node own = n;
    while (own && (own.attribute("name").empty() || name_of(own) == "function"))
      own = own.parent();
    xml_node top = n;
    while (top && top.parent() != model_ && top.parent().parent().parent() != model_)
      top = top.parent();
    if (!own) own = top;
    if (!top || top == own) return label_of(own);
    return label_of(top) + " " + label_of(own);
  }

  [[noreturn]] void fail(xml_node at, const std::string& what) const {
    throw ModelError(path_ + ":" + std::to_string(line_of(at)) + ": " + label(at) + ": " + what);
  }
  void warn(const std::string& what) { spec_.warnings.push_back(what); }

  // ---- typed property access ------------------------------------------------------------

  /// Numbers of property `key` of element n; nullopt if the property is absent. Errors point
  /// at the property's own line.
  std::optional<std::vector<double>> numbers(xml_node n, const char* key, std::size_t count) const {
    xml_node k = n.child(key);
    if (!k) return std::nullopt;
    const std::string value = trim(k.child_value());
    std::vector<double> out;
    for (const std::string& tok : split_ws(value)) {
      const auto v = to_number(tok);
      if (!v) fail(k, "key '" + std::string(key) + "' has value '" + value + "' which is not a number");
      out.push_back(*v);
    }
    if (count != 0 && out.size() != count)
      fail(k, "key '" + std::string(key) + "' has value '" + value + "' which is not " +
                  std::to_string(count) + " numbers");
    if (count == 0 && out.empty())
      fail(k, "key '" + std::string(key) + "' is empty");
    return out;
  }
  [[noreturn]] void missing(xml_node n, const char* key) const {
    fail(n, "key '" + std::string(key) + "' is missing");
  }
  double number(xml_node n, const char* key) const {
    const auto v = numbers(n, key, 1);
    if (!v) missing(n, key);
    return (*v)[0];
  }
  double number(xml_node n, const char* key, double fallback) const {
    const auto v = numbers(n, key, 1);
    return v ? (*v)[0] : fallback;
  }
  Vec3 vec3(xml_node n, const char* key, const Vec3& fallback = Vec3::Zero()) const {
    const auto v = numbers(n, key, 3);
    return v ? Vec3((*v)[0], (*v)[1], (*v)[2]) : fallback;
  }
  std::string text(xml_node n, const char* key) const { return trim(n.child(key).child_value()); }
  std::string required_text(xml_node n, const char* key) const {
    const std::string s = text(n, key);
    if (s.empty()) missing(n, key);
    return s;
  }
  bool boolean(xml_node n, const char* key, bool fallback) const {
    const std::string s = text(n, key);
    if (s.empty()) return fallback;
    if (s == "true" || s == "1") return true;
    if (s == "false" || s == "0") return false;
    fail(n.child(key), "key '" + std::string(key) + "' has value '" + s + "' which is not true/false");
  }

  /// Children of <Set><objects> directly under <Model>.
  pugi::xml_object_range<pugi::xml_node_iterator> objects(const char* set) const {
    return model_.child(set).child("objects").children();
  }

  /// A socket that must name a body: "/bodyset/femur_r", "/ground", "femur_r".
  std::string body_socket(xml_node n, const char* key) const {
    const std::string path = required_text(n, key);
    const std::string body = last_component(path);
    if (!spec_.find_body(body))
      fail(n.child(key), "key '" + std::string(key) + "' has value '" + path + "' which is not a body");
    return body;
  }

  std::string geometry_dir() const {
    const fs::path dir = fs::path(path_).parent_path();
    std::error_code ec;
    for (const fs::path& d : {dir / ".." / "geometry", dir / "Geometry"})
      if (fs::is_directory(d, ec)) return d.lexically_normal().string();
    return dir.empty() ? std::string(".") : dir.string();
  }

  // ---- bodies and wrap objects -----------------------------------------------------------

  void read_body(xml_node b) {
    BodySpec body;
    body.name = name_of(b);
    if (body.name.empty()) fail(b, "has no name");
    if (spec_.find_body(body.name)) fail(b, "a second body named '" + body.name + "'");
    if (std::string(b.name()) != "Ground") {
      body.mass = number(b, "mass", 0.0);
      if (!(body.mass >= 0.0) || !std::isfinite(body.mass))
        fail(b.child("mass") ? b.child("mass") : b, "mass = " + fmt(body.mass) + " kg must be finite and >= 0");
      body.mass_center = vec3(b, "mass_center");
      if (const auto in = numbers(b, "inertia", 6)) std::copy(in->begin(), in->end(), body.inertia.begin());
    }
    std::map<std::string, int> ignored;
    for (xml_node g : b.child("attached_geometry").children()) {
      if (std::string(g.name()) == "Mesh") body.meshes.push_back({name_of(g), required_text(g, "mesh_file")});
      else ++ignored[g.name()];
    }
    for (const auto& [type, n] : ignored)
      warn("Body '" + body.name + "': " + std::to_string(n) + " attached " + type + " ignored (only Mesh)");
    spec_.bodies.push_back(body);
    for (xml_node w : b.child("WrapObjectSet").child("objects").children()) read_wrap(w, body.name);
  }

  void read_wrap(xml_node w, const std::string& body) {
    WrapSpec wrap;
    wrap.name = name_of(w);
    wrap.body = body;
    wrap.type = w.name();
    if (wrap.type == "WrapCylinder") {
      wrap.radius = number(w, "radius");
      wrap.length = number(w, "length");
    } else if (wrap.type == "WrapSphere") {
      wrap.radius = number(w, "radius");
    } else if (wrap.type == "WrapEllipsoid") {
      wrap.dimensions = vec3(w, "dimensions");
    } else {
      warn("Body '" + body + "': " + wrap.type + " '" + wrap.name + "' is not supported; ignored");
      return;
    }
    wrap.translation = vec3(w, "translation");
    wrap.xyz_body_rotation = vec3(w, "xyz_body_rotation");
    if (const std::string q = text(w, "quadrant"); !q.empty()) wrap.quadrant = q;
    spec_.wraps.push_back(wrap);
  }

  // ---- joints ----------------------------------------------------------------------------

  /// A joint socket: either a body, or one of the joint's own PhysicalOffsetFrames.
  OffsetFrameSpec frame_socket(xml_node joint, const char* key) const {
    const std::string path = required_text(joint, key);
    const std::string name = last_component(path);
    for (xml_node f : joint.child("frames").children("PhysicalOffsetFrame")) {
      if (name_of(f) != name) continue;
      return {body_socket(f, "socket_parent"), vec3(f, "translation"), vec3(f, "orientation")};
    }
    if (!spec_.find_body(name))
      fail(joint.child(key), "key '" + std::string(key) + "' has value '" + path +
                      "' which is neither a body nor one of the joint's frames");
    return {name, Vec3::Zero(), Vec3::Zero()};
  }

  void read_joint(xml_node j) {
    const std::string type = j.name();
    if (type != "CustomJoint" && type != "WeldJoint") {
      warn("JointSet: " + type + " '" + name_of(j) + "' is not supported; ignored");
      return;
    }
    JointSpec joint;
    joint.name = name_of(j);
    joint.type = type;
    joint.parent = frame_socket(j, "socket_parent_frame");
    joint.child = frame_socket(j, "socket_child_frame");
    if (type == "CustomJoint") {
      for (xml_node c : j.child("coordinates").children("Coordinate")) {
        CoordinateSpec coord;
        coord.name = name_of(c);
        coord.default_value = number(c, "default_value", 0.0);
        if (const auto r = numbers(c, "range", 2)) coord.range_min = (*r)[0], coord.range_max = (*r)[1];
        joint.coordinates.push_back(coord);
      }
      for (xml_node ta : j.child("SpatialTransform").children("TransformAxis")) {
        const auto* it = std::find(std::begin(kAxisNames), std::end(kAxisNames), name_of(ta));
        if (it == std::end(kAxisNames)) fail(ta, "unknown TransformAxis name");
        joint.axes[it - std::begin(kAxisNames)] = read_axis(ta);
      }
    }
    spec_.joints.push_back(joint);
  }

  TransformAxisSpec read_axis(xml_node ta) const {
    TransformAxisSpec axis;
    const auto coords = split_ws(text(ta, "coordinates"));
    if (coords.size() > 1) fail(ta, "functions of several coordinates are not supported");
    if (!coords.empty()) axis.coordinate = coords[0];
    axis.axis = vec3(ta, "axis", Vec3::Zero());
    if (axis.axis.norm() == 0.0) fail(ta, "key 'axis' is missing or zero");

    xml_node f;
    for (xml_node c : ta.children())
      if (std::string(c.name()) != "coordinates" && std::string(c.name()) != "axis") f = c;
    if (f) {
      axis.function = read_function(f);
    } else if (!axis.coordinate.empty()) {
      // No function: OpenSim uses the identity (LinearFunction 1, 0) for a coordinate axis.
      axis.function.kind = FunctionSpec::Kind::Linear;
      axis.function.slope = 1.0;
    }  // else Constant 0 (the FunctionSpec default)
    return axis;
  }

  FunctionSpec read_function(xml_node f) const {
    const std::string type = f.name();
    if (type == "function") {  // OpenSim 3 style: <function><LinearFunction>...</function>
      if (!f.first_child()) fail(f, "empty <function>");
      return read_function(f.first_child());
    }
    FunctionSpec fn;
    if (type == "LinearFunction") {
      const auto c = numbers(f, "coefficients", 2);
      if (!c) missing(f, "coefficients");
      fn.kind = FunctionSpec::Kind::Linear;
      fn.slope = (*c)[0];
      fn.intercept = (*c)[1];
    } else if (type == "Constant") {
      fn.kind = FunctionSpec::Kind::Constant;
      fn.value = number(f, "value");
    } else if (type == "SimmSpline") {
      const auto x = numbers(f, "x", 0), y = numbers(f, "y", 0);
      if (!x) missing(f, "x");
      if (!y) missing(f, "y");
      if (x->size() != y->size() || x->size() < 2)
        fail(f, "SimmSpline needs equally many x and y values, at least 2 (has " +
                    std::to_string(x->size()) + " and " + std::to_string(y->size()) + ")");
      // the knots must be strictly increasing (the spline divides by their spacing)
      for (std::size_t i = 1; i < x->size(); ++i)
        if (!((*x)[i] > (*x)[i - 1]))
          fail(f.child("x"), "SimmSpline x values must increase strictly, but x[" +
                                 std::to_string(i) + "] = " + fmt((*x)[i]) + " follows " +
                                 fmt((*x)[i - 1]));
      fn.kind = FunctionSpec::Kind::SimmSpline;
      fn.x = *x;
      fn.y = *y;
    } else if (type == "MultiplierFunction") {
      xml_node inner = f.child("function").first_child();
      if (!inner) missing(f, "function");
      fn = read_function(inner);
      fn.scale *= number(f, "scale", 1.0);
    } else {
      fail(f, "function type '" + type +
                  "' is not supported (LinearFunction, Constant, SimmSpline, MultiplierFunction)");
    }
    return fn;
  }

  // ---- forces ----------------------------------------------------------------------------

  PathSpec read_path(xml_node force) const {
    PathSpec path;
    xml_node gp = force.child("GeometryPath");
    for (xml_node p : gp.child("PathPointSet").child("objects").children()) {
      PathPointSpec pt;
      pt.type = p.name();
      if (pt.type != "PathPoint" && pt.type != "ConditionalPathPoint" && pt.type != "MovingPathPoint")
        fail(p, "path point type '" + pt.type + "' is not supported");
      pt.name = name_of(p);
      pt.body = body_socket(p, "socket_parent_frame");
      pt.location = vec3(p, "location");
      if (pt.type == "ConditionalPathPoint") {
        // OpenSim 4: socket_coordinate and range "min max"
        pt.coordinate = last_component(required_text(p, "socket_coordinate"));
        const auto r = numbers(p, "range", 2);
        if (!r) missing(p, "range");
        pt.range_min = (*r)[0];
        pt.range_max = (*r)[1];
      } else if (pt.type == "MovingPathPoint") {
        const char* sockets[3] = {"socket_x_coordinate", "socket_y_coordinate", "socket_z_coordinate"};
        const char* funcs[3] = {"x_location", "y_location", "z_location"};
        for (int k = 0; k < 3; ++k) {
          xml_node f = p.child(funcs[k]);
          if (!f || !f.first_child()) continue;  // that component stays at `location`
          pt.moving[k] = true;
          pt.coordinates[k] = last_component(required_text(p, sockets[k]));
          pt.functions[k] = read_function(f.first_child());
        }
      }
      path.points.push_back(pt);
    }
    for (xml_node w : gp.child("PathWrapSet").child("objects").children("PathWrap"))
      path.wraps.push_back(required_text(w, "wrap_object"));
    return path;
  }

  /// The curve child elements of a Millard2012EquilibriumMuscle; an absent element or
  /// property keeps OpenSim's default (optional curve properties stay unset, NaN).
  void read_millard_curves(xml_node muscle, MillardCurveParams& c) const {
    auto read = [&](xml_node n, const char* key, double& value) { value = number(n, key, value); };
    const xml_node fl = muscle.child("ActiveForceLengthCurve");
    auto& afl = c.active_force_length;
    read(fl, "min_norm_active_fiber_length", afl.min_norm_active_fiber_length);
    read(fl, "transition_norm_fiber_length", afl.transition_norm_fiber_length);
    read(fl, "max_norm_active_fiber_length", afl.max_norm_active_fiber_length);
    read(fl, "shallow_ascending_slope", afl.shallow_ascending_slope);
    read(fl, "minimum_value", afl.minimum_value);
    const xml_node fv = muscle.child("ForceVelocityCurve");
    auto& v = c.force_velocity;
    read(fv, "concentric_slope_at_vmax", v.concentric_slope_at_vmax);
    read(fv, "concentric_slope_near_vmax", v.concentric_slope_near_vmax);
    read(fv, "isometric_slope", v.isometric_slope);
    read(fv, "eccentric_slope_at_vmax", v.eccentric_slope_at_vmax);
    read(fv, "eccentric_slope_near_vmax", v.eccentric_slope_near_vmax);
    read(fv, "max_eccentric_velocity_force_multiplier", v.max_eccentric_velocity_force_multiplier);
    read(fv, "concentric_curviness", v.concentric_curviness);
    read(fv, "eccentric_curviness", v.eccentric_curviness);
    const xml_node fpe = muscle.child("FiberForceLengthCurve");
    auto& pe = c.fiber_force_length;
    read(fpe, "strain_at_zero_force", pe.strain_at_zero_force);
    read(fpe, "strain_at_one_norm_force", pe.strain_at_one_norm_force);
    read(fpe, "stiffness_at_low_force", pe.stiffness_at_low_force);
    read(fpe, "stiffness_at_one_norm_force", pe.stiffness_at_one_norm_force);
    read(fpe, "curviness", pe.curviness);
    const xml_node ft = muscle.child("TendonForceLengthCurve");
    auto& t = c.tendon_force_length;
    read(ft, "strain_at_one_norm_force", t.strain_at_one_norm_force);
    read(ft, "stiffness_at_one_norm_force", t.stiffness_at_one_norm_force);
    read(ft, "norm_force_at_toe_end", t.norm_force_at_toe_end);
    read(ft, "curviness", t.curviness);
  }

  /// A parameter outside its physical range is refused here, naming element, key and value
  /// (it used to surface as an internal error deep in the gait pipeline).
  void in_range(xml_node n, const char* key, double v, bool ok, const std::string& range) const {
    if (!ok || !std::isfinite(v))
      fail(n.child(key) ? n.child(key) : n,
           "key '" + std::string(key) + "' has value " + fmt(v) + " which is not in " + range);
  }
  void check_muscle(xml_node f, const MuscleSpec& m) const {
    const double F0 = m.max_isometric_force, lopt = m.optimal_fiber_length,
                 lts = m.tendon_slack_length, pen = m.pennation_angle_at_optimal,
                 vmax = m.max_contraction_velocity, amin = m.minimum_activation,
                 ta = m.activation_time_constant, td = m.deactivation_time_constant;
    in_range(f, "max_isometric_force", F0, F0 > 0 && F0 <= 1e5, "(0, 1e5] N");
    in_range(f, "optimal_fiber_length", lopt, lopt > 0 && lopt <= 2, "(0, 2] m");
    in_range(f, "tendon_slack_length", lts, lts >= 0 && lts <= 5, "[0, 5] m");
    // OpenSim's fixed-width pennation model needs alpha0 below 90 deg (the file holds radians)
    in_range(f, "pennation_angle_at_optimal", pen, pen >= 0 && pen < kPi / 2 - 1e-9,
             "[0, 90) deg, i.e. [0, 1.5708) rad");
    in_range(f, "max_contraction_velocity", vmax, vmax > 0 && vmax <= 100, "(0, 100] l_opt/s");
    in_range(f, "minimum_activation", amin, amin >= 0 && amin < 1, "[0, 1)");
    in_range(f, "activation_time_constant", ta, ta > 0 && ta <= 10, "(0, 10] s");
    in_range(f, "deactivation_time_constant", td, td > 0 && td <= 10, "(0, 10] s");
  }

  void read_forces() {
    std::map<std::string, int> ignored;
    for (xml_node f : objects("ForceSet")) {
      const std::string type = f.name();
      if (type == "Blankevoort1991Ligament") {
        LigamentSpec lig;
        lig.name = name_of(f);
        lig.path = read_path(f);
        lig.linear_stiffness = number(f, "linear_stiffness");
        lig.slack_length = number(f, "slack_length");
        lig.transition_strain = number(f, "transition_strain", lig.transition_strain);
        lig.damping_coefficient = number(f, "damping_coefficient", lig.damping_coefficient);
        spec_.ligaments.push_back(lig);
      } else if (type == "Millard2012EquilibriumMuscle") {
        MuscleSpec m;
        m.name = name_of(f);
        m.path = read_path(f);
        if (m.name == "default" && m.path.points.empty()) continue;  // a template, not a muscle
        m.max_isometric_force = number(f, "max_isometric_force");
        m.optimal_fiber_length = number(f, "optimal_fiber_length");
        m.tendon_slack_length = number(f, "tendon_slack_length");
        m.pennation_angle_at_optimal = number(f, "pennation_angle_at_optimal", 0.0);
        m.max_contraction_velocity = number(f, "max_contraction_velocity", m.max_contraction_velocity);
        m.minimum_activation = number(f, "minimum_activation", m.minimum_activation);
        m.activation_time_constant = number(f, "activation_time_constant", m.activation_time_constant);
        m.deactivation_time_constant =
            number(f, "deactivation_time_constant", m.deactivation_time_constant);
        read_millard_curves(f, m.curves);
        check_muscle(f, m);
        spec_.muscles.push_back(m);
      } else if (type == "Smith2018ArticularContactForce") {
        ContactForceSpec c;
        c.name = name_of(f);
        c.target_mesh = last_component(required_text(f, "socket_target_mesh"));
        c.casting_mesh = last_component(required_text(f, "socket_casting_mesh"));
        c.min_proximity = number(f, "min_proximity", 0.0);   // OpenSim defaults
        c.max_proximity = number(f, "max_proximity", 0.01);
        if (const std::string s = text(f, "elastic_foundation_formulation"); !s.empty()) c.formulation = s;
        c.lumped = boolean(f, "use_lumped_contact_model", true);
        spec_.contact_forces.push_back(c);
      } else {
        ++ignored[type];
      }
    }
    for (const auto& [type, n] : ignored)
      warn("ForceSet: " + std::to_string(n) + " " + type + " element(s) are not supported; ignored");
  }

  void read_contact_geometry() {
    std::map<std::string, int> ignored;
    for (xml_node g : objects("ContactGeometrySet")) {
      if (std::string(g.name()) != "Smith2018ContactMesh") {
        ++ignored[g.name()];
        continue;
      }
      ContactMeshSpec m;
      m.name = name_of(g);
      m.body = body_socket(g, "socket_frame");
      m.mesh_file = required_text(g, "mesh_file");
      m.location = vec3(g, "location");
      m.orientation = vec3(g, "orientation");
      m.elastic_modulus = number(g, "elastic_modulus");
      m.poissons_ratio = number(g, "poissons_ratio");
      m.thickness = number(g, "thickness");
      spec_.contact_meshes.push_back(m);
    }
    for (const auto& [type, n] : ignored)
      warn("ContactGeometrySet: " + std::to_string(n) + " " + type + " element(s) ignored");
  }
};

}  // namespace

ModelSpec read_osim(const std::string& path) { return OsimReader(path).read(); }

}  // namespace patella
