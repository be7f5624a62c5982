// patella bench: throughput of the two hot loops on the real meshes, on one core.
#include <algorithm>
#include <chrono>
#include <functional>
#include <cstdio>
#include <iostream>

#include <sys/resource.h>

#include "args.hpp"
#include "commands.hpp"
#include "patella/io/load_model.hpp"
#include "patella/io/scenario.hpp"
#include "patella/mechanics/quadriceps_loads.hpp"
#include "patella/mechanics/sweep.hpp"
#include "patella/mechanics/tibiofemoral.hpp"
#include "patella/compiler/compile.hpp"

namespace patella::cli {

namespace {

using clock = std::chrono::steady_clock;

// per-call times [s] of repeated measurements: the least and the median
struct Timing {
  double min = 0.0, median = 0.0;
  int batches = 0;
};
Timing summarise(std::vector<double> per_call) {
  std::sort(per_call.begin(), per_call.end());
  Timing t;
  t.batches = static_cast<int>(per_call.size());
  t.min = per_call.front();
  t.median = per_call[per_call.size() / 2];
  return t;
}
// calls f in batches of `batch` for about `seconds`, timing each batch
Timing time_batches(double seconds, int batch, const std::function<void()>& f) {
  std::vector<double> per_call;
  const auto start = clock::now();
  do {
    const auto t0 = clock::now();
    for (int k = 0; k < batch; ++k) f();
    per_call.push_back(std::chrono::duration<double>(clock::now() - t0).count() / batch);
  } while (std::chrono::duration<double>(clock::now() - start).count() < seconds);
  return summarise(per_call);
}

// minor page faults of this process so far: memory touched for the first time (each costs
// microseconds of kernel time, tens in some virtual machines; POSIX getrusage)
long minor_faults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

}  // namespace

int cmd_bench(int argc, char** argv) {
  const Args a = parse_args(argc, argv, 2,
                            {{"--help", false}, {"--model", true}, {"--seconds", true},
                             {"--flexion", true}, {"--quadriceps", true}, {"--gait", true},
                             {"--no-gait", false}, {"--no-solved", false}, {"--repeat", true}});
  if (a.has("--help")) {
    std::cout << "patella bench: contact evaluations and warm-started equilibrium solves per second\n\n"
                 "  --model DIR       (default models/lenhart2015)\n"
                 "  --flexion DEG     knee flexion of the benchmark pose (default 45)\n"
                 "  --quadriceps N    total quadriceps force, PCSA split (default 500)\n"
                 "  --seconds S       time per measurement (default 2)\n"
                 "  --repeat N        times the gait cycle is simulated (default 5)\n"
                 "  --gait FILE       gait scenario timed end to end (default\n"
                 "                    scenarios/baseline_running.yaml; target <= 0.15 s per cycle)\n"
                 "  --no-gait         skip the gait cycle\n"
                 "  --no-solved       skip the gait cycle with the tibia solved (seconds long)\n\n"
                 "Each figure is the minimum over repeated measurements (batches of evaluations or\n"
                 "solves, whole cycles), with the median beside it: on a shared machine other work only\n"
                 "adds time, so the minimum estimates the code's own cost (as BenchmarkTools.jl's\n"
                 "default estimator) and the median shows how noisy the run was.\n";
    return 0;
  }
  const double seconds = a.number("--seconds", 2.0, 0.1, 600.0);
  const int repeat = static_cast<int>(a.number("--repeat", 5.0, 1.0, 1000.0));
  const double flex = deg_to_rad(a.number("--flexion", 45.0, 0.0, 120.0));
  const double quad = a.number("--quadriceps", 500.0, 0.0, 20000.0);
  const std::unique_ptr<Model> model = compile(load_model_spec(a.str("--model", default_model_dir())));

  // the equilibrium at the benchmark pose
  SweepOptions opt;
  opt.flexion = {flex};
  opt.loads.quadriceps = quadriceps_split(*model, quad);
  const std::vector<SweepRow> rows = run_sweep(*model, opt);
  const PatellaState eq = rows[0].state;
  const KneeFrames frames = compute_knee_frames(*model, opt.pose = KneePose{flex});

  // contact evaluations at poses jittered around equilibrium (as inside a solve)
  EquilibriumWorkspace ws = make_equilibrium_workspace(*model);
  ContactResult cr;
  long n = 0;
  const Timing contact = time_batches(seconds, 100, [&] {
    Transform X = eq.X_FK;
    X.p.z() += 1e-5 * ((n % 7) - 3);
    ++n;
    compute_contact(model->contact, X, false, ws.contact, cr);
  });
  // the same with the Jacobian (what each solver step uses)
  const Timing contact_j = time_batches(seconds, 100, [&] {
    compute_contact(model->contact, eq.X_FK, true, ws.contact, cr);
  });
  // the exact reference: every face ray-cast through the BVH, no culling
  ContactWorkspace exact = make_contact_workspace(model->contact);
  exact.use_culling = false;
  const Timing contact_exact = time_batches(std::min(seconds, 1.0), 10, [&] {
    compute_contact(model->contact, eq.X_FK, false, exact, cr);
  });

  // warm-started equilibria: start 0.2 mm / 0.5 deg away from the solution
  long ne = 0, iters = 0, conv = 0;
  const Timing equilibrium = time_batches(seconds, 10, [&] {
    PatellaState s = eq;
    s.X_FK.p.z() += 2e-4 * ((ne++ % 2) ? 1 : -1);
    s.X_FK.R = axis_angle(Vec3::UnitY(), deg_to_rad(0.5)) * s.X_FK.R;
    const EquilibriumReport r = solve_equilibrium(*model, frames, opt.loads, opt.solver, ws, s);
    iters += r.iterations;
    conv += r.converged;
  });

  std::printf("patella bench (one thread; knee flexion %.0f deg, quadriceps %.0f N, %zu patellar x %zu femoral faces)\n",
              rad_to_deg(flex), quad, model->contact.casting.centroid.size(), model->contact.target.a.size());
  std::printf("                                   minimum     median\n");
  std::printf("  contact evaluation          %10.1f %10.1f us   (target <= 40 us; %d batches of 100)\n",
              1e6 * contact.min, 1e6 * contact.median, contact.batches);
  std::printf("  contact + Jacobian          %10.1f %10.1f us\n", 1e6 * contact_j.min, 1e6 * contact_j.median);
  std::printf("  contact, exact reference    %10.1f %10.1f us   (every face ray-cast through the BVH)\n",
              1e6 * contact_exact.min, 1e6 * contact_exact.median);
  std::printf("  warm-started equilibrium    %10.3f %10.3f ms   (target <= 0.7 ms; %.1f iterations, %ld/%ld converged)\n",
              1e3 * equilibrium.min, 1e3 * equilibrium.median, double(iters) / ne, conv, ne);
  std::printf("  faces in contact at equilibrium: %d\n", rows[0].contact.faces_in_contact);

  // the solved knee (knee.tibiofemoral: solved): the tibia's forces and the 11-unknown solve
  if (model->has_tf_contact) {
    SweepOptions st = opt;
    st.solver.solve_tibiofemoral = true;
    const SweepRow row = run_sweep(*model, st)[0];
    KneePose pose{flex};
    pose.tf_override = true;
    pose.tf_secondary = row.tf_secondary;
    const KneeFrames tf_frames = compute_knee_frames(*model, pose);
    KneeLoads tf_loads = st.loads;
    add_tibia_gravity(*model, tf_frames, tf_loads);
    auto per_call_us = [&](const std::function<void()>& f) { return 1e6 * time_batches(seconds, 10, f).min; };
    const double tf_contact_us = per_call_us([&] {
      compute_contact(model->tf_contact, tf_frames.X_FB[model->tibia], false, ws.tf_contact, cr);
    });
    const double tibia_us = per_call_us([&] {
      compute_tibia_forces(*model, tf_frames, tf_loads, row.state, false, ws);
    });
    long ns = 0, its = 0, ok = 0;
    const double solve_us = per_call_us([&] {
      PatellaState s = row.state;
      s.X_FK.p.z() += 2e-4 * ((ns++ % 2) ? 1 : -1);
      KneePose p = pose;
      p.tf_secondary[2] += 2e-4;  // the tibia 0.2 mm off too
      KneeFrames fr = compute_knee_frames(*model, p);
      const EquilibriumReport r = solve_equilibrium(*model, fr, tf_loads, st.solver, ws, s);
      its += r.iterations;
      ok += r.converged;
    });
    std::printf("  tibiofemoral contact        %10.1f us   (%zu tibial faces)\n", tf_contact_us,
                model->tf_contact.casting.centroid.size());
    std::printf("  tibia's forces              %10.1f us   (contact, %zu ligaments with their wraps, tendon)\n",
                tibia_us, model->tf_ligaments.size());
    std::printf("  warm-started solved knee    %10.3f ms   (11 unknowns; %.1f iterations, %ld/%ld converged;\n"
                "                                            each iteration: 6 residual evaluations)\n",
                solve_us * 1e-3, double(its) / std::max(1L, ns), ok, ns);
  }

  // one gait cycle end to end: model and input loading, then the simulation
  if (!a.has("--no-gait")) {
    const std::string file = a.str("--gait", default_scenarios_dir() + "/baseline_running.yaml");
    const Scenario sc = read_scenario(file);
    auto t0 = clock::now();
    const std::unique_ptr<GaitSetup> g = load_gait_setup(sc);
    const double load_s = std::chrono::duration<double>(clock::now() - t0).count();
    // the whole cycle, `repeat` times (every run starts from the same default patella and
    // workspace, so each one does the same work)
    GaitResult r;
    std::vector<double> sim(repeat);
    std::vector<long> faults(repeat);
    for (int k = 0; k < repeat; ++k) {
      const long f0 = minor_faults();
      t0 = clock::now();
      r = simulate_gait(*g->model, g->model->leg, g->model->leg_muscles, g->input, g->model->foot, g->options);
      sim[k] = std::chrono::duration<double>(clock::now() - t0).count();
      faults[k] = minor_faults() - f0;
    }
    std::sort(faults.begin(), faults.end());
    const Timing cycle = summarise(sim);
    std::printf("  gait cycle (%s, %zu frames)\n", sc.name.c_str(), r.frames.size());
    std::printf("    load model and input      %10.3f s\n", load_s);
    std::printf("    simulate the cycle        %10.3f %10.3f s   (target <= 0.15 s; %d runs; %.1f ms per frame)\n",
                cycle.min, cycle.median, repeat, 1e3 * cycle.min / r.frames.size());
    std::printf("    patellar equilibria       %10d     (%.2f per frame; %d Newton iterations, %.1f per frame)\n",
                r.equilibrium_solves, double(r.equilibrium_solves) / r.frames.size(),
                r.equilibrium_iterations, double(r.equilibrium_iterations) / r.frames.size());
    std::printf("    activation integrator     %10d steps\n", r.integrator_steps);
    std::printf("    new memory pages touched  %10ld     (minor page faults per cycle, the least of %d runs)\n",
                faults.front(), repeat);
    if (g->model->has_tf_contact && !g->options.solve_tibiofemoral && !a.has("--no-solved")) {
      GaitOptions o = g->options;
      o.solve_tibiofemoral = true;
      const auto t0 = clock::now();
      const GaitResult rs = simulate_gait(*g->model, g->model->leg, g->model->leg_muscles, g->input, g->model->foot, o);
      const double sim_tf = std::chrono::duration<double>(clock::now() - t0).count();
      std::printf("    simulate, tibia solved    %10.3f s   (%.1f ms per frame; %d equilibria, %d Newton iterations)\n",
                  sim_tf, 1e3 * sim_tf / rs.frames.size(), rs.equilibrium_solves, rs.equilibrium_iterations);
    }
  }
  return 0;
}

}  // namespace patella::cli
