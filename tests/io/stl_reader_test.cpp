#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "patella/core/error.hpp"
#include "patella/io/stl_reader.hpp"

#include <unistd.h>

#include <iterator>
#include <vector>

using namespace patella;
namespace fs = std::filesystem;

namespace {
const std::string kGeometry = std::string(PATELLA_MODELS_DIR) + "/lenhart2015/geometry/";

std::string temp_path(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "patella_stl_test";
  fs::create_directories(dir);
  return (dir / name).string();
}

void write(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// A unit tetrahedron: 4 vertices, 4 outward-facing triangles. Dyadic coordinates are exact in
// both float (binary) and decimal text (ASCII).
const float kTet[4][3] = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 0.5f}};
const int kTetFaces[4][3] = {{0, 2, 1}, {0, 1, 3}, {0, 3, 2}, {1, 2, 3}};

std::string tet_ascii() {
  std::string s = "solid tet\n";
  for (const auto& f : kTetFaces) {
    s += " facet normal 0 0 0\n  outer loop\n";
    for (int v : f)
      s += "   vertex " + std::to_string(kTet[v][0]) + " " + std::to_string(kTet[v][1]) + " " +
           std::to_string(kTet[v][2]) + "\n";
    s += "  endloop\n endfacet\n";
  }
  return s + "endsolid tet\n";
}

std::string tet_binary(std::uint32_t claimed_faces = 4) {
  std::string s(80, ' ');
  s.replace(0, 10, "solid tet!");  // binary headers may start with "solid" too
  s.append(reinterpret_cast<const char*>(&claimed_faces), 4);
  for (const auto& f : kTetFaces) {
    float rec[12] = {0};
    for (int v = 0; v < 3; ++v) std::memcpy(rec + 3 + 3 * v, kTet[f[v]], sizeof(float) * 3);
    s.append(reinterpret_cast<const char*>(rec), sizeof rec);
    s.append(2, '\0');
  }
  return s;
}

std::string error_of(const std::string& path) {
  try {
    read_stl(path);
  } catch (const IoError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("read_stl reads the Lenhart 2015 meshes", "[io][stl]") {
  const TriMesh patella = read_stl(kGeometry + "lenhart2015-R-patella-cartilage.stl");  // ASCII
  CHECK(patella.faces.size() == 6052);
  const TriMesh femur = read_stl(kGeometry + "lenhart2015-R-femur-cartilage.stl");  // binary
  CHECK(femur.faces.size() == 29782);
  for (const TriMesh* m : {&patella, &femur}) {
    // A closed-ish surface has far fewer vertices than 3 per face once merged.
    CHECK(m->vertices.size() < m->faces.size());
    bool indices_valid = true;
    for (const auto& f : m->faces)
      for (int v : f) indices_valid = indices_valid && v >= 0 && v < int(m->vertices.size());
    CHECK(indices_valid);
  }
  // Binary with a "solid ..." header (MeshLab) must still be read as binary.
  CHECK(read_stl(kGeometry + "lenhart2015-R-tibia-bone.stl").faces.size() == 36890);
  for (const char* f : {"femur-subchondral-bone", "patella-bone", "tibia-cartilage",
                        "tibia-subchondral-bone"})
    CHECK(read_stl(kGeometry + "lenhart2015-R-" + f + ".stl").faces.size() > 1000);
}

TEST_CASE("ASCII and binary STL of the same mesh agree", "[io][stl]") {
  const std::string a = temp_path("tet_ascii.stl"), b = temp_path("tet_binary.stl");
  write(a, tet_ascii());
  write(b, tet_binary());
  const TriMesh ma = read_stl(a), mb = read_stl(b);
  REQUIRE(ma.vertices.size() == 4);  // 12 corners merged to 4
  REQUIRE(mb.vertices.size() == 4);
  REQUIRE(ma.faces == mb.faces);
  for (std::size_t i = 0; i < 4; ++i) CHECK(ma.vertices[i] == mb.vertices[i]);
  // Winding is kept as in the file: face 0 is corners 0, 2, 1.
  CHECK(ma.vertices[ma.faces[0][1]] == Vec3(0, 1, 0));
}

TEST_CASE("read_stl reports bad files", "[io][stl]") {
  CHECK_THAT(error_of(temp_path("does_not_exist.stl")), Catch::Contains("does_not_exist.stl"));

  const std::string empty = temp_path("empty.stl");
  write(empty, "");
  CHECK_THAT(error_of(empty), Catch::Contains("empty.stl") && Catch::Contains("is empty"));
  write(empty, "abc");
  CHECK_THAT(error_of(empty), Catch::Contains("empty.stl") && Catch::Contains("truncated binary STL"));

  const std::string truncated = temp_path("truncated.stl");
  write(truncated, tet_binary().substr(0, 84 + 50 * 3 + 20));
  CHECK_THAT(error_of(truncated), Catch::Contains("truncated.stl") && Catch::Contains("truncated binary STL"));

  const std::string zero = temp_path("zero.stl");
  write(zero, tet_binary(0).substr(0, 84));
  CHECK_THAT(error_of(zero), Catch::Contains("zero.stl") && Catch::Contains("zero faces"));
  write(zero, "solid nothing\nendsolid nothing\n");
  CHECK_THAT(error_of(zero), Catch::Contains("zero faces"));

  std::string text = tet_ascii();
  text.replace(text.find("vertex 1.000000"), 15, "vertex nan");  // line 6
  const std::string nonfinite = temp_path("nonfinite.stl");
  write(nonfinite, text);
  CHECK_THAT(error_of(nonfinite), Catch::Contains("nonfinite.stl:6:") && Catch::Contains("non-finite"));

  text = tet_ascii();
  text.replace(text.find("vertex 1.000000"), 15, "vertex 1.0x");
  write(nonfinite, text);
  CHECK_THAT(error_of(nonfinite), Catch::Contains("nonfinite.stl:6:"));

  std::string bin = tet_binary();
  const float inf = std::numeric_limits<float>::infinity();
  std::memcpy(&bin[84 + 12 + 4], &inf, 4);
  write(nonfinite, bin);
  CHECK_THAT(error_of(nonfinite), Catch::Contains("nonfinite.stl") && Catch::Contains("non-finite"));
}

TEST_CASE("read_stl names the file when given a folder, and the token that is not a number",
          "[io][stl]") {
  // a folder used to surface as "internal error: basic_filebuf::underflow ... Is a directory"
  const std::string folder = temp_path("a_folder.stl");
  fs::create_directories(folder);
  CHECK_THAT(error_of(folder), Catch::Contains("a_folder.stl") && Catch::Contains("it is a folder"));

  std::string text = tet_ascii();
  text.replace(text.find("vertex 1.000000"), 15, "vertex 1.0x");  // line 6
  const std::string bad = temp_path("bad_number.stl");
  write(bad, text);
  CHECK_THAT(error_of(bad), Catch::Contains("bad_number.stl:6:") && Catch::Contains("'1.0x'") &&
                                Catch::Contains("not a number"));
}

TEST_CASE("read_stl reads ASCII numbers as strtod does: signs, exponents, CRLF, tabs", "[stl]") {
  const std::string path = temp_path("numbers.stl");
  write(path,
        "solid s\r\n facet normal 0 0 0\r\n  outer loop\r\n"
        "\tvertex +1.5e-3 -2.25E+1 0.1\r\n   vertex 1e0\t.5 -0\r\n   vertex 7 8 9\r\n"
        "  endloop\r\n endfacet\r\nendsolid s\r\n");
  const TriMesh m = read_stl(path);
  REQUIRE(m.faces.size() == 1);
  REQUIRE(m.vertices.size() == 3);
  CHECK(m.vertices[0].x() == std::strtod("1.5e-3", nullptr));
  CHECK(m.vertices[0].y() == -22.5);
  CHECK(m.vertices[0].z() == std::strtod("0.1", nullptr));
  CHECK(m.vertices[1].x() == 1.0);
  CHECK(m.vertices[1].y() == 0.5);
  write(path, "solid s\n facet normal 0 0 0\n  outer loop\n   vertex 1 +-2 3\n");
  CHECK_THROWS_WITH(read_stl(path), Catch::Contains(":4:") && Catch::Contains("'+-2' is not a number"));
}

TEST_CASE("read_stl keeps a parsed mesh of 64 KiB or more in the cache and reads it back bit for bit: "
          "a damaged cache file is parsed again, a changed file gets its own entry", "[io][stl][cache]") {
  const std::string folder = (fs::temp_directory_path() / ("patella-stl-cache-test-" + std::to_string(::getpid()))).string();
  fs::remove_all(folder);
  const char* before = std::getenv("PATELLA_CACHE_DIR");
  const std::string saved = before ? before : "";
  ::setenv("PATELLA_CACHE_DIR", folder.c_str(), 1);
  auto files = [&] {
    std::vector<fs::path> out;
    if (fs::exists(folder))
      for (const auto& e : fs::directory_iterator(folder)) out.push_back(e.path());
    return out;
  };
  auto same = [](const TriMesh& a, const TriMesh& b) {
    return a.faces == b.faces && a.vertices.size() == b.vertices.size() &&
           std::memcmp(a.vertices.data(), b.vertices.data(), a.vertices.size() * sizeof(Vec3)) == 0;
  };
  const std::string stl = kGeometry + "lenhart2015-R-patella-cartilage.stl";
  const TriMesh parsed = read_stl(stl);
  REQUIRE(files().size() == 1);
  const fs::path entry = files()[0];
  const TriMesh cached = read_stl(stl);
  CHECK(same(parsed, cached));
  CHECK(files().size() == 1);
  // a damaged entry is parsed again and rewritten
  const auto size = fs::file_size(entry);
  fs::resize_file(entry, size - 7);
  CHECK(same(read_stl(stl), parsed));
  CHECK(fs::file_size(entry) == size);
  // a copy with one coordinate changed is another mesh, with its own entry
  std::ifstream in(stl, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t at = text.find("vertex ") + 7;
  text[at] = text[at] == '1' ? '2' : '1';
  const std::string changed = temp_path("changed.stl");
  write(changed, text);
  const TriMesh other = read_stl(changed);
  CHECK(files().size() == 2);
  CHECK_FALSE(same(other, parsed));
  CHECK(same(read_stl(changed), other));
  // the entry is what is read: the other mesh's entry planted under the first one's name comes
  // back for the first file (so the second read above came from the cache)
  fs::path other_entry;
  for (const fs::path& f : files())
    if (f != entry) other_entry = f;
  fs::copy_file(other_entry, entry, fs::copy_options::overwrite_existing);
  CHECK(same(read_stl(stl), other));
  fs::remove(entry);
  // a small file stays out of the cache; PATELLA_CACHE_DIR empty: no cache at all
  write(temp_path("tet.stl"), tet_ascii());
  read_stl(temp_path("tet.stl"));
  CHECK(files().size() == 1);
  fs::remove_all(folder);
  ::setenv("PATELLA_CACHE_DIR", "", 1);
  CHECK(same(read_stl(stl), parsed));
  CHECK(files().empty());
  if (before) ::setenv("PATELLA_CACHE_DIR", saved.c_str(), 1);
  else ::unsetenv("PATELLA_CACHE_DIR");
}
