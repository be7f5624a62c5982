// Faults a user meets: a run interrupted or killed at any moment, a full disk, a folder that
// cannot be written, names that would escape --out; and numbers that do not depend on the run or
// the thread count. The checks read the files' bytes, not only exit codes.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <H5Cpp.h>

#include "cli/staged_output.hpp"
#include "patella/core/error.hpp"

extern char** environ;

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Clock = std::chrono::steady_clock;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// `program args`, stdout to /dev/null, stderr to `err`; SIGINT and SIGTERM at their defaults even
// where this process ignores them (as a background job does)
pid_t spawn(const std::string& program, const std::vector<std::string>& args, const fs::path& err) {
  std::vector<std::string> all{program};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t def;
  sigemptyset(&def);
  sigaddset(&def, SIGINT);
  sigaddset(&def, SIGTERM);
  posix_spawnattr_setsigdefault(&attr, &def);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, program.c_str(), &fa, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  REQUIRE(rc == 0);
  return pid;
}

// exit status, or 1000 + the signal that killed it
int status_code(int st) { return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st); }

int wait_code(pid_t pid) {
  int st = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
  return status_code(st);
}

struct Result {
  int code;
  std::string err;
  double seconds;
};

fs::path err_file() {
  static int n = 0;
  return fs::temp_directory_path() / ("patella_fault_err" + std::to_string(n++) + ".txt");
}

Result run(const std::vector<std::string>& args) {
  const fs::path e = err_file();
  const auto t0 = Clock::now();
  const int code = wait_code(spawn(PATELLA_CLI, args, e));
  return {code, slurp(e), std::chrono::duration<double>(Clock::now() - t0).count()};
}

// the CLI under a file-size limit of `kib` KiB, as on a full disk
Result run_limited(int kib, const std::vector<std::string>& args) {
  std::vector<std::string> a{"-c", "ulimit -f " + std::to_string(kib) + "; exec \"$@\"", "bash", PATELLA_CLI};
  a.insert(a.end(), args.begin(), args.end());
  const fs::path e = err_file();
  return {wait_code(spawn("/bin/bash", a, e)), slurp(e), 0};
}

// The shortest run there is: the shipped knee over the default running cycle at the fewest
// frames a scenario allows (11). `model` replaces the knee's folder.
fs::path scenario(const fs::path& dir, const std::string& file, const std::string& name,
                  const std::string& extra = "", const std::string& model = "") {
  const std::string models = PATELLA_MODELS_DIR;
  std::ofstream(dir / file) << "name: " << name << "\nmodel: "
                            << (model.empty() ? models + "/lenhart2015" : model)
                            << "\ngait:\n  cycle_csv: " << models << "/running/default_running_cycle.csv\n"
                            << "output:\n  frames_per_cycle: 11\n" << extra;
  return dir / file;
}

// every dataset of an HDF5 file: path -> the bytes of its values as doubles (numeric ones; ""
// for the others), attributes (times, command, provenance) left out
using Datasets = std::map<std::string, std::string>;
void collect(const H5::Group& g, const std::string& path, Datasets& out) {
  for (hsize_t i = 0; i < g.getNumObjs(); ++i) {
    const std::string name = g.getObjnameByIdx(i);
    const H5G_obj_t type = g.getObjTypeByIdx(i);
    if (type == H5G_GROUP) collect(g.openGroup(name), path + "/" + name, out);
    if (type != H5G_DATASET) continue;
    const H5::DataSet ds = g.openDataSet(name);
    std::vector<double> v;
    if (ds.getTypeClass() == H5T_FLOAT || ds.getTypeClass() == H5T_INTEGER) {
      v.resize(ds.getSpace().getSimpleExtentNpoints());
      if (!v.empty()) ds.read(v.data(), H5::PredType::NATIVE_DOUBLE);
    }
    out[path + "/" + name] = std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
  }
}
Datasets datasets(const fs::path& file) {
  H5::Exception::dontPrint();
  const H5::H5File f(file.string(), H5F_ACC_RDONLY);
  Datasets d;
  collect(f, "", d);
  return d;
}

// ---- the set of files `patella run` writes, an earlier set in its place, and which is where

const std::vector<std::string> kSet{"k.csv", "k.h5", "k_activations.sto", "k_forces.sto", "k_kinematics.mot"};

void put_earlier_set(const fs::path& out) {
  fs::create_directories(out);
  for (const std::string& f : kSet) std::ofstream(out / f) << "earlier " << f << "\n";
  std::ofstream(out / "notes.txt") << "mine\n";  // no run's file: must stay
}

// which run wrote out/f: "earlier", "new" (as the uninterrupted reference run into `ref`),
// "missing" or "other"
std::string origin(const fs::path& out, const fs::path& ref, const std::string& f) {
  if (!fs::exists(out / f)) return "missing";
  const std::string text = slurp(out / f);
  if (text == "earlier " + f + "\n") return "earlier";
  if (fs::path(f).extension() == ".h5") {
    try {
      return datasets(out / f) == datasets(ref / f) ? "new" : "other";
    } catch (const H5::Exception&) {
      return "other";
    }
  }
  return text == slurp(ref / f) ? "new" : "other";
}

// "earlier" or "new" if every file of the set came from that one run, else what each holds
std::string whole_set(const fs::path& out, const fs::path& ref) {
  std::set<std::string> kinds;
  std::string each;
  for (const std::string& f : kSet) {
    kinds.insert(origin(out, ref, f));
    each += f + ": " + origin(out, ref, f) + "; ";
  }
  if (slurp(out / "notes.txt") != "mine\n") return "notes.txt changed";
  if (kinds.size() == 1 && (*kinds.begin() == "earlier" || *kinds.begin() == "new")) return *kinds.begin();
  return "mix: " + each;
}

// what only a running (or killed) process may leave: staging folders, probes, temporary files
std::vector<std::string> leftovers(const fs::path& out) {
  std::vector<std::string> v;
  for (const auto& e : fs::directory_iterator(out)) {
    const std::string n = e.path().filename().string();
    if (n.rfind(".patella_", 0) == 0 || n.find(".tmp") != std::string::npos) v.push_back(n);
  }
  return v;
}

// `patella run sc --out out`, sent `sig` `delay` seconds after it starts, or with `at_write`
// that long after its staging folder appears (it has simulated and is writing its files)
Result shoot(const fs::path& sc, const fs::path& out, int sig, double delay, bool at_write) {
  const fs::path e = err_file();
  const pid_t pid = spawn(PATELLA_CLI, {"run", sc.string(), "--out", out.string(), "--quiet"}, e);
  const fs::path stage = out / (".patella_run_k_" + std::to_string(pid));
  int st = 0;
  if (at_write)
    for (const auto t0 = Clock::now(); !fs::exists(stage) && Clock::now() - t0 < std::chrono::seconds(60);)
      if (waitpid(pid, &st, WNOHANG) == pid) return {status_code(st), slurp(e), 0};  // done first
      else std::this_thread::sleep_for(std::chrono::microseconds(200));
  std::this_thread::sleep_for(std::chrono::duration<double>(delay));
  kill(pid, sig);
  const int code = wait_code(pid);
  return {code, slurp(e), 0};
}

}  // namespace

// ---- all-or-nothing commit, in process: every step of it, deterministically

namespace {
void put_old(const fs::path& out) {
  fs::create_directories(out);
  std::ofstream(out / "a.csv") << "old a";
  std::ofstream(out / "b.h5") << "old b";
  std::ofstream(out / "keep.txt") << "keep";
}
std::map<std::string, std::string> contents(const fs::path& out) {
  std::map<std::string, std::string> m;
  for (const auto& e : fs::directory_iterator(out))
    if (e.is_regular_file()) m[e.path().filename().string()] = slurp(e.path());
  return m;
}
const std::map<std::string, std::string> kOld{{"a.csv", "old a"}, {"b.h5", "old b"}, {"keep.txt", "keep"}};
const std::map<std::string, std::string> kNew{
    {"a.csv", "new a"}, {"b.h5", "new b"}, {"c.sto", "new c"}, {"keep.txt", "keep"}};
void stage_new(const patella::cli::StagedOutput& o) {
  for (const char* f : {"a.csv", "b.h5", "c.sto"}) std::ofstream(o.staged(f)) << "new " << f[0];
}
}  // namespace

TEST_CASE("commit: killed before any of its six moves, the next run's clean-up restores the earlier set",
          "[fault]") {
  // moves 0-2 put the old files aside, 3-5 the new ones in; at 6 the commit completes
  for (int k = 0; k <= 6; ++k) {
    INFO("SIGKILL before move " << k);
    const fs::path out = fresh_dir("fault_commit_kill");
    put_old(out);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {  // the child commits, and kills itself before move k
      try {
        patella::cli::StagedOutput o(out.string(), "t");
        stage_new(o);
        int moves = 0;
        o.commit([&] {
          if (moves++ == k) raise(SIGKILL);
        });
      } catch (...) {
        _exit(2);
      }
      _exit(0);
    }
    const int code = wait_code(pid);
    if (k == 6) {
      CHECK(code == 0);
      CHECK(contents(out) == kNew);
      CHECK(leftovers(out).empty());
      continue;
    }
    CHECK(code == 1000 + SIGKILL);
    CHECK(fs::exists(out / (".patella_t_" + std::to_string(pid)) / "journal"));
    if (k == 4) {  // a.csv is new, b.h5 aside: a mix until the clean-up
      CHECK(slurp(out / "a.csv") == "new a");
      CHECK_FALSE(fs::exists(out / "b.h5"));
    }
    // a live process's stage is not touched (this test's parent runs)
    const fs::path live = out / (".patella_run_x_" + std::to_string(getppid()));
    fs::create_directories(live);
    const std::vector<std::string> notes = patella::cli::recover_stale_stages(out.string());
    CHECK(notes.size() == 1);
    CHECK(contents(out) == kOld);
    CHECK(leftovers(out) == std::vector<std::string>{live.filename().string()});
  }
}

TEST_CASE("commit: an interrupt or a failed move rolls back at once and names the file", "[fault]") {
  struct Stop {};
  for (int k = 0; k < 6; ++k) {
    INFO("interrupted before move " << k);
    const fs::path out = fresh_dir("fault_commit_stop");
    put_old(out);
    {
      patella::cli::StagedOutput o(out.string(), "t");
      stage_new(o);
      int moves = 0;
      CHECK_THROWS_AS(o.commit([&] {
        if (moves++ == k) throw Stop{};
      }), Stop);
      CHECK(contents(out) == kOld);
    }
    CHECK(leftovers(out).empty());
  }
  // something else takes c.sto's place (a folder) before it moves in: the move fails
  const fs::path out = fresh_dir("fault_commit_fail");
  put_old(out);
  {
    patella::cli::StagedOutput o(out.string(), "t");
    stage_new(o);
    int moves = 0;
    try {
      o.commit([&] {
        if (moves++ == 5) fs::create_directories(out / "c.sto" / "x");
      });
      FAIL("the commit succeeded");
    } catch (const patella::IoError& e) {
      CHECK_THAT(e.what(), Contains((out / "c.sto").string() + ": cannot move the new file into place"));
    }
    CHECK(contents(out) == kOld);
  }
  CHECK(leftovers(out).empty());
  // a write that fails names the file where it was going, not the staging folder
  patella::cli::StagedOutput o(out.string(), "t");
  try {
    o.write([&] { throw patella::IoError(o.staged("a.csv") + ": write failed (File too large)"); });
    FAIL("no error");
  } catch (const patella::IoError& e) {
    CHECK(std::string(e.what()) == (out / "a.csv").string() + ": write failed (File too large); the "
                                   "earlier results in " + out.string() + " are unchanged");
  }
}

// ---- the CLI killed or interrupted while it runs

TEST_CASE("run: SIGINT or SIGTERM at any moment leaves the earlier set or the whole new one, and no staging folder",
          "[fault][slow]") {
  const fs::path dir = fresh_dir("fault_sigint");
  const fs::path sc = scenario(dir, "k.yaml", "k");
  const Result ref = run({"run", sc.string(), "--out", (dir / "ref").string(), "--quiet"});
  REQUIRE((ref.code == 0 || ref.code == 3));  // 3: a frame flagged unconverged, files written
  const double T = ref.seconds;
  struct Shot {
    int sig;
    double delay;
    bool at_write;
  };
  const std::vector<Shot> shots{{SIGINT, 0.2 * T, false}, {SIGTERM, 0.5 * T, false}, {SIGINT, 0.8 * T, false},
                                {SIGINT, 0.0, true}, {SIGINT, 0.003, true}};
  int earlier = 0, whole_new = 0;
  for (std::size_t i = 0; i < shots.size(); ++i) {
    const Shot& s = shots[i];
    const fs::path out = dir / ("out" + std::to_string(i));
    put_earlier_set(out);
    const Result r = shoot(sc, out, s.sig, s.delay, s.at_write);
    INFO("signal " << s.sig << " after " << s.delay << " s" << (s.at_write ? " of writing" : "")
                   << " (run " << T << " s): exit " << r.code << ", " << r.err);
    const std::string set = whole_set(out, dir / "ref");
    if (r.code == 128 + s.sig) {  // interrupted: it said so and changed nothing
      CHECK(set == "earlier");
      CHECK_THAT(r.err, Contains(std::string("patella run: interrupted (") + (s.sig == SIGINT ? "SIGINT" : "SIGTERM") +
                                 "); earlier results in " + out.string() + " are unchanged"));
      ++earlier;
    } else {  // the signal came after the commit: the run finished
      CHECK((r.code == 0 || r.code == 3));
      CHECK(set == "new");
      ++whole_new;
    }
    CHECK(leftovers(out).empty());  // it cleaned up after itself
  }
  std::fprintf(stderr, "SIGINT/SIGTERM at %zu moments (run %.2f s): earlier set whole in %d, new set whole in %d\n",
               shots.size(), T, earlier, whole_new);
  CHECK(earlier >= 1);  // an early shot did interrupt it (how many depends on the machine's speed)
}

TEST_CASE("run: SIGKILL at any moment - the next run into the folder restores a whole set and removes what was left",
          "[fault][slow]") {
  const fs::path dir = fresh_dir("fault_sigkill");
  const fs::path sc = scenario(dir, "k.yaml", "k");
  fs::create_directories(dir / "empty_model");
  // a run into the folder that stops on its input right after the clean-up at its start
  const fs::path broken = scenario(dir, "broken.yaml", "k", "", (dir / "empty_model").string());
  const Result ref = run({"run", sc.string(), "--out", (dir / "ref").string(), "--quiet"});
  REQUIRE((ref.code == 0 || ref.code == 3));
  const double T = ref.seconds;
  // over the simulation, then while it writes (its staging folder is there); the last shot's
  // folder gets a real next run, the others one that stops on its input after the clean-up
  const std::vector<std::pair<double, bool>> shots{{0.15 * T, false}, {0.4 * T, false}, {0.65 * T, false},
                                                   {0.9 * T, false},  {1.0 * T, false}, {0.002, true},
                                                   {0.01, true},      {0.0, true}};
  int earlier = 0, whole_new = 0, mixes = 0, left = 0;
  for (std::size_t i = 0; i < shots.size(); ++i) {
    const bool last = i + 1 == shots.size();
    const fs::path out = dir / ("out" + std::to_string(i));
    put_earlier_set(out);
    const Result r = shoot(sc, out, SIGKILL, shots[i].first, shots[i].second);
    INFO("SIGKILL after " << shots[i].first << " s" << (shots[i].second ? " of writing" : "") << " (run " << T
                          << " s): exit " << r.code);
    CHECK((r.code == 1000 + SIGKILL || r.code == 0 || r.code == 3));
    left += !leftovers(out).empty();
    if (last) {  // killed as it began to write: its stage is there, and the next run removes it
      CHECK_FALSE(leftovers(out).empty());
      const Result next = run({"run", sc.string(), "--out", out.string(), "--quiet"});
      CHECK((next.code == 0 || next.code == 3));
      CHECK(whole_set(out, dir / "ref") == "new");
      CHECK(leftovers(out).empty());
      break;
    }
    const Result next = run({"run", broken.string(), "--out", out.string(), "--quiet"});
    CHECK(next.code == 1);
    const std::string set = whole_set(out, dir / "ref");
    CHECK((set == "earlier" || set == "new"));
    earlier += set == "earlier";
    whole_new += set == "new";
    mixes += set != "earlier" && set != "new";
    CHECK(leftovers(out).empty());
  }
  std::fprintf(stderr, "SIGKILL at %zu moments (run %.2f s): before the next run %d left a staging folder; "
               "after it, earlier set whole in %d, new set whole in %d, mixes %d (the last: a real run)\n",
               shots.size(), T, left, earlier, whole_new, mixes);
  CHECK(earlier >= 1);
  CHECK(left >= 1);  // a kill while writing left its stage: the clean-up was exercised
}

// ---- a full disk, a folder that cannot be written, names that would leave --out

TEST_CASE("a full disk (file-size limit) fails naming the file and why, leaving the earlier set and no temporary file",
          "[fault][slow]") {
  const fs::path dir = fresh_dir("fault_full");
  const fs::path sc = scenario(dir, "k.yaml", "k");
  const fs::path out = dir / "out";
  put_earlier_set(out);
  // 50 KiB: the CSV (about 23 kB) fits, the HDF5 file (about 290 kB) does not
  const Result r = run_limited(50, {"run", sc.string(), "--out", out.string(), "--quiet"});
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Contains((out / "k.h5").string()) && Contains("File too large") &&
                        Contains("earlier results in " + out.string() + " are unchanged"));
  CHECK_THAT(r.err, !Contains(".patella_"));
  CHECK(whole_set(out, dir) == "earlier");
  CHECK(leftovers(out).empty());
  // knee writes each file atomically on its own: the one that does not fit is not touched
  std::ofstream(out / "s.h5") << "earlier s.h5\n";
  const Result k = run_limited(8, {"knee", "--flexion", "30", "--quiet", "--csv", (out / "s.csv").string(),
                                   "--out", (out / "s.h5").string()});
  CHECK(k.code == 1);
  CHECK_THAT(k.err, Contains((out / "s.h5").string()) && Contains("File too large"));
  CHECK(slurp(out / "s.h5") == "earlier s.h5\n");
  CHECK(leftovers(out).empty());
}

TEST_CASE("an output folder that cannot be written fails before any simulation, naming it", "[fault]") {
  const fs::path dir = fresh_dir("fault_unwritable");
  const fs::path sc = scenario(dir, "k.yaml", "k");
  std::ofstream(dir / "file.txt") << "x";
  const fs::path under_file = dir / "file.txt" / "sub";  // fails for root too
  const Result r = run({"run", sc.string(), "--out", under_file.string()});
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Contains(under_file.string() + ": cannot create the output folder"));
  CHECK_THAT(r.err, !Contains("frames x"));  // the simulation never started
  const Result k = run({"knee", "--flexion", "30", "--csv", (under_file / "s.csv").string()});
  CHECK(k.code == 1);
  CHECK_THAT(k.err, Contains("--csv") && Contains(under_file.string()));
  if (geteuid() == 0) return;  // permissions do not bind root: the read-only folder is not tested
  const fs::path ro = dir / "read_only";
  fs::create_directories(ro);
  fs::permissions(ro, fs::perms(0555));
  const Result w = run({"run", sc.string(), "--out", ro.string()});
  fs::permissions(ro, fs::perms(0755));
  CHECK(w.code == 1);
  CHECK_THAT(w.err, Contains(ro.string() + ": the output folder is not writable"));
  CHECK_THAT(w.err, !Contains("frames x"));
}

TEST_CASE("names that would write outside --out are refused naming the value - exit 1, nothing written",
          "[fault]") {
  const fs::path dir = fresh_dir("fault_names");
  const fs::path a = scenario(dir, "a.yaml", "a"), b = scenario(dir, "b.yaml", "b");
  const fs::path out = dir / "out";
  for (const std::string name : {"../x", "/tmp/x", "..", ".hidden", ""}) {
    const Result r = run({"compare", a.string(), b.string(), "--out", out.string(), "--name", name});
    INFO("--name '" << name << "': " << r.err);
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Contains("--name '" + name + "'"));
  }
  for (const std::string name : {"../x", "..", ".hidden", "a/b"}) {
    const fs::path sc = scenario(dir, "bad.yaml", "'" + name + "'");
    const Result r = run({"run", sc.string(), "--out", out.string()});
    INFO("name: " << name << ": " << r.err);
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Contains("bad.yaml:1") && Contains("key 'name' value '" + name + "'"));
  }
  CHECK_FALSE(fs::exists(out));
  CHECK_FALSE(fs::exists(dir / "x.h5"));
}

// ---- determinism

TEST_CASE("the same scenario gives bit-identical CSV and HDF5 numbers across runs and thread counts",
          "[fault][slow]") {
  const fs::path dir = fresh_dir("fault_determinism");
  const fs::path a = scenario(dir, "k.yaml", "k");
  const fs::path b = scenario(dir, "w.yaml", "w", "muscles:\n  vasmed_r: {strength_scale: 70 %}\n");
  REQUIRE(run({"run", a.string(), "--out", (dir / "r1").string(), "--quiet"}).code != 1);
  REQUIRE(run({"run", a.string(), "--out", (dir / "r2").string(), "--quiet"}).code != 1);
  for (const std::string& f : kSet)
    if (fs::path(f).extension() != ".h5") {
      INFO(f);
      CHECK(slurp(dir / "r1" / f).size() > 1000);
      CHECK(slurp(dir / "r1" / f) == slurp(dir / "r2" / f));
    }
  const Datasets d1 = datasets(dir / "r1" / "k.h5");
  CHECK(d1.size() > 100);
  CHECK(d1 == datasets(dir / "r2" / "k.h5"));

  for (const char* t : {"1", "2"})
    REQUIRE(run({"compare", a.string(), b.string(), "--threads", t, "--quiet", "--name", std::string("t") + t,
                 "--out", (dir / "c").string()}).code != 1);
  const std::string c1 = slurp(dir / "c" / "t1_changes.csv");
  CHECK_THAT(c1, Contains("lateral_shift_mm_w_minus_k"));
  CHECK(c1 == slurp(dir / "c" / "t2_changes.csv"));
  const Datasets h1 = datasets(dir / "c" / "t1.h5");
  CHECK(h1.size() > 100);
  CHECK(h1 == datasets(dir / "c" / "t2.h5"));
}
