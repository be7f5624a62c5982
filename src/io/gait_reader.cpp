#include "patella/io/gait_reader.hpp"

#include <pugixml.hpp>

#include <cmath>
#include <complex>
#include <fstream>
#include <map>
#include <sstream>

#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "patella/core/strings.hpp"
#include "patella/io/table.hpp"

namespace patella {

namespace {

constexpr double kGravity = 9.80665;  // [m/s^2]

// values of one column, refusing NaN/inf and magnitudes above `limit` (in the file's own unit:
// 1e308 is finite but no coordinate or force) with file, line, column and value
std::vector<double> finite_column(const Table& t, const std::string& name, double limit = 1e6) {
  const std::size_t c = t.column(name);
  std::vector<double> v(t.rows.size());
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    v[r] = t.rows[r][c];
    if (!std::isfinite(v[r]))
      throw IoError(t.source + ":" + std::to_string(t.row_lines[r]) + ": column '" +
                    t.columns[c] + "' is not a finite number");
    if (std::abs(v[r]) > limit)
      throw IoError(t.source + ":" + std::to_string(t.row_lines[r]) + ": column '" +
                    t.columns[c] + "' value " + fmt(v[r]) + " is outside [-" + fmt(limit) +
                    ", " + fmt(limit) + "]");
  }
  return v;
}

bool has_column(const Table& t, const std::string& name) {
  for (const auto& c : t.columns)
    if (c == name) return true;
  return false;
}

void require_column(const Table& t, const std::string& name, const std::string& why) {
  if (!has_column(t, name))
    throw IoError(t.source + ": no column '" + name + "' (" + why + ")");
}

}  // namespace

GaitInput read_opensim_gait(const OpenSimGaitOptions& o) {
  GaitInput in;
  const Table ik = read_sto(o.coordinates_file);
  const Table grf = read_sto(o.grf_file);
  require_column(ik, "time", "the time of each row");
  require_column(grf, "time", "the time of each row");
  const std::vector<double> t_ik = finite_column(ik, "time");
  const std::vector<double> t_grf = finite_column(grf, "time");
  if (t_ik.size() < 4) throw IoError(ik.source + ": needs at least 4 rows");
  for (std::size_t r = 1; r < t_ik.size(); ++r)
    if (!(t_ik[r] > t_ik[r - 1]))
      throw IoError(ik.source + ":" + std::to_string(ik.row_lines[r]) + ": time does not increase");
  for (std::size_t r = 1; r < t_grf.size(); ++r)
    if (!(t_grf[r] > t_grf[r - 1]))
      throw IoError(grf.source + ":" + std::to_string(grf.row_lines[r]) +
                    ": time does not increase");

  // coordinates: every leg coordinate must be there (OpenSim IK writes them all), by the
  // model's name or, in a file from gait2392 / Hamner 2010 / Rajagopal 2016 (whose knee angle is
  // negative in flexion), by theirs
  const double fs = (t_ik.size() - 1) / (t_ik.back() - t_ik.front());
  std::string aliased;
  for (int d = 0; d < kNumLegDofs; ++d) {
    std::string name = leg_dof_names()[d];
    double sign = 1.0;
    if (!has_column(ik, name) && has_column(ik, gait2392_coordinate(d).name)) {
      sign = gait2392_coordinate(d).sign;
      aliased += (aliased.empty() ? "" : ", ") + std::string(sign < 0 ? "-" : "") +
                 gait2392_coordinate(d).name + " as " + name;
      name = gait2392_coordinate(d).name;
    }
    require_column(ik, name, "a coordinate the model needs (or its gait2392 name " +
                                 gait2392_coordinate(d).name + ")");
    // a rotation beyond two turns is not a joint angle (limits in degrees or radians)
    const double limit = is_translation(d) ? 1e4 : ik.in_degrees ? 720.0 : 4 * kPi;
    std::vector<double> v = finite_column(ik, name, limit);
    for (double& x : v) x *= sign;
    if (ik.in_degrees && !is_translation(d))
      for (double& x : v) x = deg_to_rad(x);
    if (o.filter_hz > 0 && o.filter_hz < fs / 2) v = lowpass_filtfilt(v, fs, o.filter_hz);
    in.q[d] = CubicSpline(t_ik, v);
  }
  if (!aliased.empty())
    in.notes.push_back("coordinates read by their gait2392 names: " + aliased);
  if (o.filter_hz > 0)
    in.notes.push_back("coordinates low-pass filtered at " + fmt(o.filter_hz) +
                       " Hz (zero-phase Butterworth)");

  // ground reaction on the right foot
  const auto& m = o.mapping;
  if (m.applied_to_body != "calcn_r")
    throw IoError(o.grf_file + ": applied_to_body '" + m.applied_to_body +
                  "' is not supported (the right foot, calcn_r)");
  std::array<std::vector<double>, 9> g;
  const char* axes = "xyz";
  for (int k = 0; k < 3; ++k) {
    for (int part = 0; part < 3; ++part) {
      const std::string& id = part == 0 ? m.force_identifier
                              : part == 1 ? m.point_identifier : m.torque_identifier;
      const std::string col = id + axes[k];
      require_column(grf, col, "named by the external force mapping");
      g[part * 3 + k] = finite_column(grf, col);
    }
  }
  GroundReaction& gr = in.grf;
  gr.point_in_ground = true;
  gr.time = t_grf;
  for (std::size_t r = 0; r < t_grf.size(); ++r) {
    gr.force.emplace_back(g[0][r], g[1][r], g[2][r]);
    gr.point.emplace_back(g[3][r], g[4][r], g[5][r]);
    gr.torque.emplace_back(g[6][r], g[7][r], g[8][r]);
  }

  // the cycle: right foot strike to the next, from the vertical force unless given
  std::vector<double> strikes, offs;
  for (std::size_t r = 1; r < t_grf.size(); ++r) {
    if (g[1][r - 1] < o.strike_threshold && g[1][r] >= o.strike_threshold)
      strikes.push_back(t_grf[r]);
    if (g[1][r - 1] >= o.strike_threshold && g[1][r] < o.strike_threshold)
      offs.push_back(t_grf[r]);
  }
  in.t_start = o.cycle_start;
  in.t_end = o.cycle_end;
  if (in.t_start < 0) {
    if (strikes.empty())
      throw IoError(o.grf_file + ": no right foot strike (column '" + m.force_identifier +
                    "y' never rises above " + fmt(o.strike_threshold) + " N); give the cycle's "
                    "start and end times");
    in.t_start = strikes.front();
  }
  if (in.t_end < 0) {
    for (double s : strikes)
      if (s > in.t_start + 0.2) {
        in.t_end = s;
        break;
      }
    if (in.t_end < 0)
      throw IoError(o.grf_file + ": only one right foot strike (at " + fmt(in.t_start) +
                    " s); give the cycle's end time");
  }
  if (!(in.t_end > in.t_start))
    throw IoError(o.coordinates_file + ": the cycle ends (" + fmt(in.t_end) +
                  " s) before it starts (" + fmt(in.t_start) + " s)");
  const double margin = 2e-3;  // accelerations need a few ms either side
  if (in.t_start - margin < t_ik.front() || in.t_end + margin > t_ik.back())
    throw IoError(o.coordinates_file + ": time " + fmt(t_ik.front()) + "-" + fmt(t_ik.back()) +
                  " s does not cover the cycle " + fmt(in.t_start) + "-" + fmt(in.t_end) + " s");
  if (t_grf.front() > in.t_start || t_grf.back() < in.t_start)
    throw IoError(o.grf_file + ": time " + fmt(t_grf.front()) + "-" + fmt(t_grf.back()) +
                  " s does not overlap the coordinates' cycle " + fmt(in.t_start) + "-" +
                  fmt(in.t_end) + " s");
  in.stance_end = in.t_end;
  for (double off : offs)
    if (off > in.t_start) {
      in.stance_end = std::min(off, in.t_end);
      break;
    }
  in.label = o.coordinates_file;
  in.notes.push_back("cycle " + fmt(in.t_start) + "-" + fmt(in.t_end) + " s, right toe-off at " +
                     fmt(in.stance_end) + " s");
  return in;
}

namespace {

// periodic displacement with the given acceleration samples (uniform over one period T):
// remove the mean, divide each Fourier coefficient by -(2 pi k / T)^2
std::vector<double> integrate_twice_periodic(const std::vector<double>& a, double T) {
  const std::size_t n = a.size();
  std::vector<std::complex<double>> A(n);
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t j = 0; j < n; ++j)
      A[k] += a[j] * std::polar(1.0, -2 * kPi * double(k * j) / double(n));
  std::vector<double> x(n, 0.0);
  for (std::size_t k = 1; k < n; ++k) {
    const double kk = k <= n / 2 ? double(k) : double(k) - double(n);
    const double w = 2 * kPi * kk / T;
    const std::complex<double> X = A[k] / (-w * w);
    for (std::size_t j = 0; j < n; ++j)
      x[j] += (X * std::polar(1.0, 2 * kPi * double(k * j) / double(n))).real() / double(n);
  }
  return x;
}

}  // namespace

GaitInput read_cycle_csv(const std::string& path, double body_mass, const LegQ& defaults) {
  std::ifstream f = open_input_file(path, "the gait cycle file");
  GaitInput in;
  in.label = path;
  double stride = -1, speed = -1;
  std::vector<std::string> header;
  std::vector<std::vector<double>> rows;
  std::vector<int> row_lines;  // file line of each row, for messages
  std::string line;
  int lineno = 0;
  auto where = [&] { return path + ":" + std::to_string(lineno) + ": "; };
  while (std::getline(f, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line[0] == '#') {
      // the whole rest of the line must be one number in a physical range: a stride of
      // 1e-300 s or a speed of nan used to fail deep in the muscle model
      auto value = [&](const std::string& key, double& out, double lo, double hi,
                       const char* unit) {
        const std::size_t p = line.find(key);
        if (p == std::string::npos) return;
        const std::string text = trim(line.substr(p + key.size()));
        char* end = nullptr;
        out = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0')
          throw IoError(where() + "'" + key + "' is not followed by a number (has '" + text + "')");
        if (!(out >= lo && out <= hi))
          throw IoError(where() + "'" + key + "' " + text + " " + unit + " is outside [" +
                        fmt(lo) + ", " + fmt(hi) + "] " + unit);
      };
      value("stride_time_s:", stride, 0.2, 5.0, "s");
      value("speed_m_per_s:", speed, 0.0, 15.0, "m/s");
      continue;
    }
    std::stringstream ss(line);
    std::string cell;
    std::vector<std::string> cells;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (header.empty()) {
      header = cells;
      for (std::size_t a = 0; a < header.size(); ++a)
        for (std::size_t b = a + 1; b < header.size(); ++b)
          if (header[a] == header[b])
            throw IoError(where() + "column '" + header[a] + "' appears twice");
      continue;
    }
    if (cells.size() != header.size())
      throw IoError(where() + "row has " + std::to_string(cells.size()) + " values, header has " +
                    std::to_string(header.size()));
    std::vector<double> row;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      char* end = nullptr;
      // an empty cell is a missing value, not a zero
      if (cells[c].empty())
        throw IoError(where() + "column '" + header[c] + "' is empty (a missing value)");
      const double v = std::strtod(cells[c].c_str(), &end);
      if (*end != '\0' || !std::isfinite(v))
        throw IoError(where() + "column '" + header[c] + "' value '" + cells[c] +
                      "' is not a finite number");
      row.push_back(v);
    }
    rows.push_back(row);
    row_lines.push_back(lineno);
  }
  if (stride <= 0) throw IoError(path + ": no '# stride_time_s: <seconds>' line");
  if (speed < 0) throw IoError(path + ": no '# speed_m_per_s: <m/s>' line");
  auto col = [&](const std::string& name) {
    for (std::size_t c = 0; c < header.size(); ++c)
      if (header[c] == name) {
        std::vector<double> v;
        for (const auto& r : rows) v.push_back(r[c]);
        return v;
      }
    throw IoError(path + ": no column '" + name + "'");
  };
  // every value in a physical range, so an absurd one is named here with its line
  auto in_range = [&](const std::string& name, double lo, double hi, const char* unit) {
    for (std::size_t c = 0; c < header.size(); ++c)
      if (header[c] == name)
        for (std::size_t r = 0; r < rows.size(); ++r)
          if (!(rows[r][c] >= lo && rows[r][c] <= hi))
            throw IoError(path + ":" + std::to_string(row_lines[r]) + ": column '" + name +
                          "' value " + fmt(rows[r][c]) + " is outside [" + fmt(lo) + ", " +
                          fmt(hi) + "] " + unit);
  };
  in_range("gait_percent", 0, 100, "%");
  for (const char* a : {"pelvis_tilt_deg", "pelvis_list_deg", "pelvis_rot_deg", "hip_flex_deg",
                        "hip_add_deg", "hip_rot_deg", "knee_flex_deg", "ankle_flex_deg"})
    in_range(a, -180, 180, "deg");
  for (const char* f : {"grf_vertical_bw", "grf_anterior_bw", "grf_lateral_bw"})
    in_range(f, -10, 10, "BW");
  in_range("cop_foot_fraction", 0, 1, "");
  const std::vector<double> pct = col("gait_percent");
  if (rows.size() < 11 || pct.front() != 0.0 || pct.back() != 100.0)
    throw IoError(path + ": rows must run from gait_percent 0 to 100");
  for (std::size_t r = 1; r < pct.size(); ++r)
    if (!(pct[r] > pct[r - 1]))
      throw IoError(path + ": gait_percent does not increase after " + fmt(pct[r - 1]));

  // three strides end to end so the splines are smooth across the cycle's ends
  const std::size_t n = pct.size() - 1;  // samples per stride (the last equals the first)
  std::vector<double> t3;
  for (int c = -1; c <= 1; ++c)
    for (std::size_t r = 0; r < n; ++r) t3.push_back((c + pct[r] / 100.0) * stride);
  t3.push_back(2 * stride);
  auto periodic = [&](const std::vector<double>& v) {
    std::vector<double> y3;
    for (int c = -1; c <= 1; ++c)
      for (std::size_t r = 0; r < n; ++r) y3.push_back(v[r]);
    y3.push_back(v[0]);
    return CubicSpline(t3, y3);
  };
  const std::pair<int, const char*> angles[] = {
      {kPelvisTilt, "pelvis_tilt_deg"}, {kPelvisList, "pelvis_list_deg"},
      {kPelvisRot, "pelvis_rot_deg"},   {kHipFlex, "hip_flex_deg"},
      {kHipAdd, "hip_add_deg"},         {kHipRot, "hip_rot_deg"},
      {kKneeFlex, "knee_flex_deg"},     {kAnkleFlex, "ankle_flex_deg"}};
  for (const auto& [dof, name] : angles) {
    std::vector<double> v = col(name);
    for (double& x : v) x = deg_to_rad(x);
    in.q[dof] = periodic(v);
  }
  for (int dof : {kSubtalar, kMtp}) in.q[dof] = periodic(std::vector<double>(n + 1, defaults[dof]));

  // ground reaction, right foot, and the pelvis translation it implies
  const double bw = body_mass * kGravity;
  const std::vector<double> fv = col("grf_vertical_bw"), fa = col("grf_anterior_bw"),
                            fl = col("grf_lateral_bw"), cop = col("cop_foot_fraction");
  std::vector<double> ax(n), ay(n), az(n);
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t l = (r + n / 2) % n;  // the left foot: half a stride away, mirrored
    ax[r] = (fa[r] + fa[l]) * bw / body_mass;
    ay[r] = (fv[r] + fv[l]) * bw / body_mass - kGravity;
    az[r] = (fl[r] - fl[l]) * bw / body_mass;
  }
  double mean_fv = 0;
  for (std::size_t r = 0; r < n; ++r) mean_fv += 2 * fv[r] / n;
  in.notes.push_back("mean vertical ground reaction of both feet over the stride " +
                     fmt(std::round(mean_fv * 1000) / 1000) +
                     " BW (1 for a periodic stride); the pelvis follows the mean-free part");
  const std::vector<double> x = integrate_twice_periodic(ax, stride),
                            y = integrate_twice_periodic(ay, stride),
                            z = integrate_twice_periodic(az, stride);
  std::vector<double> px(n + 1), py(n + 1), pz(n + 1);
  for (std::size_t r = 0; r <= n; ++r) {
    px[r] = x[r % n];
    py[r] = defaults[kPelvisTy] + y[r % n];
    pz[r] = defaults[kPelvisTz] + z[r % n];
  }
  // forward progression on top of the periodic oscillation
  {
    std::vector<double> y3;
    for (int c = -1; c <= 1; ++c)
      for (std::size_t r = 0; r < n; ++r) y3.push_back(px[r] + speed * t3[(c + 1) * n + r]);
    y3.push_back(px[0] + speed * 2 * stride);
    in.q[kPelvisTx] = CubicSpline(t3, y3);
  }
  in.q[kPelvisTy] = periodic(py);
  in.q[kPelvisTz] = periodic(pz);

  GroundReaction& gr = in.grf;
  gr.point_in_ground = false;
  for (int c = -1; c <= 1; ++c)
    for (std::size_t r = 0; r < n; ++r) {
      gr.time.push_back((c + pct[r] / 100.0) * stride);
      gr.force.emplace_back(fa[r] * bw, fv[r] * bw, fl[r] * bw);
      gr.foot_fraction.push_back(cop[r]);
    }
  in.t_start = 0.0;
  in.t_end = stride;
  in.speed = speed;
  in.stance_end = stride;
  for (std::size_t r = 1; r < n; ++r)
    if (fv[r - 1] > 0 && fv[r] <= 0) {
      in.stance_end = pct[r] / 100.0 * stride;
      break;
    }
  in.notes.push_back("one stride of " + fmt(stride) + " s at " + fmt(speed) + " m/s");
  return in;
}

}  // namespace patella
