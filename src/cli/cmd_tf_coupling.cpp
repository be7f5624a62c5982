// patella tf-coupling: derive the tibiofemoral coupling table (secondary knee coordinates as
// functions of knee flexion) from a passive-flexion states file of the same model.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>

#include "args.hpp"
#include "commands.hpp"
#include "patella/core/error.hpp"
#include "patella/core/types.hpp"
#include "patella/io/table.hpp"

namespace patella::cli {

int cmd_tf_coupling(int argc, char** argv) {
  const Args a = parse_args(argc, argv, 2,
                            {{"--help", false}, {"--states", true}, {"--out", true},
                             {"--settle", true}});
  if (a.has("--help")) {
    std::cout << "patella tf-coupling: derive knee_add/rot/tx/ty/tz as functions of knee flexion\n"
                 "from a passive-flexion states .sto (radians, OpenSim 4 column names)\n\n"
                 "  --states FILE.sto   (default models/lenhart2015/reference/passive_flexion_states.sto)\n"
                 "  --out FILE.csv      (default models/lenhart2015/tf_coupling.csv)\n"
                 "  --settle S          ignore rows before this time [s] (default 0.5: the model\n"
                 "                      settles at full extension first)\n";
    return 0;
  }
  const std::string dir = default_model_dir();
  const std::string in = a.str("--states", dir + "/reference/passive_flexion_states.sto");
  const std::string out = a.str("--out", dir + "/tf_coupling.csv");
  const double settle = a.number("--settle", 0.5, 0.0, 1e6);
  const Table t = read_sto(in);
  const double to_rad = t.in_degrees ? kPi / 180 : 1.0;
  const std::vector<double> time = t.values("time"), flex = t.values("knee_flex_r");
  const char* names[5] = {"knee_add_r", "knee_rot_r", "knee_tx_r", "knee_ty_r", "knee_tz_r"};
  std::vector<double> cols[5];
  for (int c = 0; c < 5; ++c) cols[c] = t.values(names[c]);

  // average the settled rows in 1-degree bins of knee flexion
  std::map<long, std::array<double, 7>> bins;  // sum of flex, 5 coordinates, count
  for (std::size_t r = 0; r < time.size(); ++r) {
    if (time[r] < settle) continue;
    const double f = rad_to_deg(flex[r] * to_rad);
    auto& b = bins[std::lround(f)];
    b[0] += f;
    for (int c = 0; c < 5; ++c) b[1 + c] += cols[c][r] * (c < 2 ? to_rad : 1.0);
    b[6] += 1;
  }
  if (bins.size() < 2) throw IoError(in + ": fewer than 2 flexion bins after t = " + fmt(settle) + " s");
  std::ostringstream os;
  os << "# Tibiofemoral coupling of lenhart2015: secondary knee coordinates vs knee flexion.\n"
        "# Derived by `patella tf-coupling` from " << in << "\n"
        "# (OpenSim JAM forward simulation of passive flexion, Apache-2.0, see LICENSE and NOTICE),\n"
        "# rows with time >= " << settle << " s averaged in 1-degree bins.\n"
        "knee_flex_deg,knee_add_deg,knee_rot_deg,knee_tx_mm,knee_ty_mm,knee_tz_mm\n";
  char buf[256];
  for (const auto& [k, b] : bins) {
    const double n = b[6];
    std::snprintf(buf, sizeof buf, "%.4f,%.5f,%.5f,%.5f,%.5f,%.5f\n", b[0] / n,
                  rad_to_deg(b[1] / n), rad_to_deg(b[2] / n), 1e3 * b[3] / n, 1e3 * b[4] / n,
                  1e3 * b[5] / n);
    os << buf;
  }
  write_file_atomic(out, os.str());
  std::cerr << "patella tf-coupling: wrote " << out << " (" << bins.size() << " rows)\n";
  return 0;
}

}  // namespace patella::cli
