// Every test process gets its own temporary folder (TMPDIR, which std::filesystem's
// temp_directory_path and the CLI it starts both read), removed when it ends. Tests name their
// files in it freely; two suites running at once on one machine (ctest -j, the sanitized suite
// beside the normal one, two clones) cannot then overwrite each other's inputs.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

int main(int argc, char* argv[]) {
  namespace fs = std::filesystem;
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/patella_test_XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) return 2;
  const fs::path dir(buf.data());
  setenv("TMPDIR", dir.c_str(), 1);
  const int result = Catch::Session().run(argc, argv);
  std::error_code ec;
  fs::remove_all(dir, ec);
  return result;
}
