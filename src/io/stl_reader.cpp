#include "patella/io/stl_reader.hpp"

#include <charconv>
#include <cmath>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string_view>
#include <unordered_map>

#include "patella/core/disk_cache.hpp"
#include "patella/core/error.hpp"
#include "patella/core/files.hpp"
#include "patella/core/sha256.hpp"

namespace patella {
namespace {

/// Merges exactly coincident vertices: each distinct (x, y, z) gets one index.
class VertexMerger {
 public:
  explicit VertexMerger(TriMesh& mesh) : mesh_(mesh) {}
  int add(Vec3 p) {
    p += Vec3::Zero();  // -0.0 + 0.0 == +0.0, so the bitwise key treats both zeros alike
    Key key;
    std::memcpy(key.data(), p.data(), sizeof key);
    auto [it, inserted] = index_.try_emplace(key, static_cast<int>(mesh_.vertices.size()));
    if (inserted) mesh_.vertices.push_back(p);
    return it->second;
  }

 private:
  using Key = std::array<std::uint64_t, 3>;
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      // splitmix64 finaliser per word: float-derived doubles have all-zero low bits, so a
      // plain multiply-xor hash would leave the low bits (the bucket index) poorly mixed.
      std::uint64_t h = 0;
      for (std::uint64_t w : k) {
        h += w + 0x9e3779b97f4a7c15ull;
        h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
        h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
        h ^= h >> 31;
      }
      return static_cast<std::size_t>(h);
    }
  };
  TriMesh& mesh_;
  std::unordered_map<Key, int, KeyHash> index_;
};

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw IoError(path + ": " + what);
}

// Binary STL is little-endian; we memcpy the floats directly.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "binary STL reader assumes a little-endian host");

TriMesh read_binary(const std::string& path, std::string_view data, std::uint32_t n) {
  TriMesh mesh;
  mesh.vertices.reserve(n / 2 + 3);
  mesh.faces.reserve(n);
  VertexMerger merger(mesh);
  for (std::uint32_t f = 0; f < n; ++f) {
    // Record: normal (3 float), 3 vertices (9 float), attribute (uint16); little-endian.
    const char* rec = data.data() + 84 + 50 * std::size_t(f);
    std::array<int, 3> face{};
    for (int v = 0; v < 3; ++v) {
      float xyz[3];
      std::memcpy(xyz, rec + 12 + 12 * v, sizeof xyz);
      const Vec3 p(xyz[0], xyz[1], xyz[2]);
      if (!p.allFinite())
        fail(path, "facet " + std::to_string(f) + " vertex " + std::to_string(v) +
                       " has a non-finite coordinate");
      face[v] = merger.add(p);
    }
    mesh.faces.push_back(face);
  }
  return mesh;
}

// the C locale's white space, as std::isspace has it there
inline bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

TriMesh read_ascii(const std::string& path, std::string_view data) {
  // tokens straight from the buffer (an istringstream per line cost about a microsecond a line)
  TriMesh mesh;
  VertexMerger merger(mesh);
  std::array<int, 3> face{};
  int nvert = -1;  // vertices seen in the current facet; -1 outside a facet
  int lineno = 0;
  auto where = [&] { return path + ":" + std::to_string(lineno) + ": "; };
  const char* p = data.data();  // NUL-terminated (FileBytes)
  const char* const end = p + data.size();
  while (p < end) {
    const char* eol = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    if (!eol) eol = end;
    ++lineno;
    auto token = [&]() {
      while (p < eol && is_space(*p)) ++p;
      const char* first = p;
      while (p < eol && !is_space(*p)) ++p;
      return std::string_view(first, static_cast<std::size_t>(p - first));
    };
    const std::string_view word = token();
    if (word == "facet") {
      if (nvert != -1) throw IoError(where() + "'facet' before the previous 'endfacet'");
      nvert = 0;
    } else if (word == "vertex") {
      if (nvert < 0) throw IoError(where() + "'vertex' outside a facet");
      if (nvert == 3) throw IoError(where() + "facet has more than 3 vertices");
      double c[3];
      for (double& x : c) {
        const std::string_view tok = token();
        if (tok.empty()) throw IoError(where() + "expected 3 numbers after 'vertex'");
        // std::from_chars rounds correctly, as strtod does, without the locale (C++17)
        const char* first = tok.data() + (tok[0] == '+' && tok.size() > 1 && tok[1] != '-' ? 1 : 0);
        const auto [stop, ec] = std::from_chars(first, tok.data() + tok.size(), x);
        if (ec != std::errc() || stop != tok.data() + tok.size())
          throw IoError(where() + "vertex coordinate '" + std::string(tok) + "' is not a number");
        if (!std::isfinite(x)) throw IoError(where() + "non-finite coordinate '" + std::string(tok) + "'");
      }
      face[nvert++] = merger.add(Vec3(c[0], c[1], c[2]));
    } else if (word == "endfacet") {
      if (nvert != 3) throw IoError(where() + "facet does not have 3 vertices");
      mesh.faces.push_back(face);
      nvert = -1;
    }
    // solid/outer loop/endloop/endsolid carry no data.
    p = eol + 1;
  }
  if (nvert != -1) throw IoError(where() + "file ends inside a facet");
  return mesh;
}

/// ASCII STL has no control bytes besides whitespace; binary float data almost surely does
/// (so a truncated binary file whose header starts with "solid" is still called truncated).
bool looks_like_text(std::string_view data) {
  for (unsigned char c : data)
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return false;
  return true;
}

// Parsed meshes on disk: parsing the model's 11.4 MB of ASCII STL (numbers, then merging
// coincident vertices) was 7 % of a whole `patella run`. A file of 64 KiB or more is kept, once
// parsed, under the SHA-256 of this magic and its bytes' Digest128, as the vertex and face
// arrays; reading it back gives the parse bit for bit. Raise the magic's number whenever the
// parse changes what it returns.
constexpr char kMeshCacheMagic[] = "patella parsed stl 1\n";
constexpr std::size_t kMeshCacheMinBytes = 64 * 1024;

bool read_cached_mesh(const std::string& path, TriMesh& mesh) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  char magic[sizeof(kMeshCacheMagic) - 1];
  std::uint64_t n[2];
  in.read(magic, sizeof magic);
  in.read(reinterpret_cast<char*>(n), sizeof n);
  if (!in || std::string(magic, sizeof magic) != kMeshCacheMagic || n[0] == 0 || n[1] == 0 ||
      n[0] > (1u << 26) || n[1] > (1u << 26))
    return false;
  TriMesh m;
  m.vertices.resize(n[0]);
  m.faces.resize(n[1]);
  in.read(reinterpret_cast<char*>(m.vertices.data()), static_cast<std::streamsize>(n[0] * sizeof(Vec3)));
  in.read(reinterpret_cast<char*>(m.faces.data()), static_cast<std::streamsize>(n[1] * sizeof(m.faces[0])));
  if (!in || in.peek() != std::ifstream::traits_type::eof()) return false;
  for (const auto& f : m.faces)
    for (int v : f)
      if (v < 0 || static_cast<std::uint64_t>(v) >= n[0]) return false;
  mesh = std::move(m);
  return true;
}

void write_cached_mesh(const std::string& path, const TriMesh& mesh) {
  static_assert(sizeof(Vec3) == 3 * sizeof(double) && sizeof(mesh.faces[0]) == 3 * sizeof(int));
  std::string bytes(kMeshCacheMagic);
  const std::uint64_t n[2] = {mesh.vertices.size(), mesh.faces.size()};
  bytes.append(reinterpret_cast<const char*>(n), sizeof n);
  bytes.append(reinterpret_cast<const char*>(mesh.vertices.data()), mesh.vertices.size() * sizeof(Vec3));
  bytes.append(reinterpret_cast<const char*>(mesh.faces.data()), mesh.faces.size() * sizeof(mesh.faces[0]));
  write_cache_file(path, bytes);
}

}  // namespace

TriMesh read_stl(const std::string& path) {
  require_input_file(path, "STL file");
  FileBytes bytes;
  if (!try_read_file(path, bytes)) fail(path, std::string("could not read the STL file whole (") + std::strerror(errno) + ")");
  const std::string_view data = bytes.view();
  if (data.empty()) fail(path, "STL file is empty");

  // A binary STL may also start with "solid", so the size is what decides: binary files are
  // exactly 84 + 50 n bytes.
  std::uint32_t n = 0;
  if (data.size() >= 84) std::memcpy(&n, data.data() + 80, 4);
  const bool binary_size = data.size() >= 84 && data.size() == 84 + 50 * std::uint64_t(n);
  TriMesh mesh;
  std::string cached;
  if (data.size() >= kMeshCacheMinBytes) {
    if (const std::string folder = cache_folder(); !folder.empty()) {
      Digest128 d;
      d.add_bytes(data.data(), data.size());
      cached = folder + "/stl-" + sha256_hex(kMeshCacheMagic + d.hex()) + ".bin";
      if (read_cached_mesh(cached, mesh)) return mesh;
    }
  }
  if (binary_size) {
    mesh = read_binary(path, data, n);
  } else if (data.compare(0, 5, "solid") == 0 && looks_like_text(data)) {
    mesh = read_ascii(path, data);
  } else if (data.size() < 84) {
    fail(path, "truncated binary STL: " + std::to_string(data.size()) +
                   " bytes, shorter than the 84-byte header");
  } else {
    fail(path, "truncated binary STL: header says " + std::to_string(n) + " facets (" +
                   std::to_string(84 + 50 * std::uint64_t(n)) + " bytes) but the file has " +
                   std::to_string(data.size()) + " bytes");
  }
  if (mesh.faces.empty()) fail(path, "STL file has zero faces");
  if (!cached.empty()) write_cached_mesh(cached, mesh);
  return mesh;
}

}  // namespace patella
