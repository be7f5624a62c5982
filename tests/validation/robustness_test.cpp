// The verification report's robustness sections, read from the files scripts/fuzz and
// scripts/verification write: present, absent, empty and malformed.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "patella/core/error.hpp"
#include "patella/validation/verification.hpp"

using namespace patella::validation;
using Catch::Matchers::Contains;

namespace {
std::string write_temp(const std::string& name, const std::string& text) {
  const char* dir = std::getenv("TMPDIR");
  const std::string path = std::string(dir ? dir : "/tmp") + "/" + name;
  std::ofstream(path) << text;
  return path;
}
}  // namespace

TEST_CASE("Robustness sections say not yet run when the files are absent", "[validation][robustness]") {
  const std::string md = robustness_markdown("", "");
  CHECK_THAT(md, Contains("Not yet run: `docs/verification/fuzz_figures.tsv`"));
  CHECK_THAT(md, Contains("Not yet run: no fault-injection results"));
  CHECK_THAT(robustness_markdown("/nonexistent/fuzz.tsv", "/nonexistent/f.tsv"), Contains("Not yet run"));
}

TEST_CASE("Robustness sections render the fuzz and fault tables", "[validation][robustness]") {
  const std::string fuzz = write_temp(
      "verify_fuzz.tsv",
      "target\treader\texecutions\tseconds\tcrashes\thangs\tlibrary_crashes\tcorpus_inputs\tcoverage_edges\tdate\n"
      "fuzz_osim\tosim_reader\t123456\t60\t0\t0\t2\t321\t4567\t2024-01-02\n");
  const std::string none = write_temp("verify_faults_none.tsv", "test\tresult\tseconds\n");
  const std::string some = write_temp("verify_faults.tsv",
                                      "test\tresult\tseconds\nfull disk\tpassed\t0.5\nbad file\tfailed\t0.1\n");
  const std::string md = robustness_markdown(fuzz, some);
  CHECK_THAT(md, Contains("| fuzz_osim | osim_reader | 123456 | 60 | 0 | 0 | 2 | 321 | 4567 | 2024-01-02 |"));
  CHECK_THAT(md, Contains("1 of 2 tests tagged `[fault]` passed"));
  CHECK_THAT(md, Contains("| bad file | failed | 0.1 |"));
  CHECK_THAT(robustness_markdown(fuzz, none), Contains("has no test tagged `[fault]` yet"));
}

TEST_CASE("Robustness sections refuse a file with the wrong header or cell count", "[validation][robustness]") {
  const std::string bad_header = write_temp("verify_bad_header.tsv", "name\tresult\n");
  const std::string bad_row = write_temp("verify_bad_row.tsv", "test\tresult\tseconds\nonly two\tpassed\n");
  CHECK_THROWS_AS(robustness_markdown("", bad_header), patella::IoError);
  CHECK_THROWS_WITH(robustness_markdown("", bad_row), Contains("line 2 has 2 cells"));
}
