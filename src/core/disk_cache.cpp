#include "patella/core/disk_cache.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace patella {

std::string cache_folder() {
  if (const char* d = std::getenv("PATELLA_CACHE_DIR")) return d;  // empty: no cache
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/patella";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/patella";
  return "";
}

namespace {
inline std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
inline std::uint64_t finish(std::uint64_t h) {
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
  return h ^ (h >> 31);
}
}  // namespace

void Digest128::add_words(const std::uint64_t* words, std::size_t count) {
  for (std::size_t k = 0; k < count; ++k) {
    const std::uint64_t w = words[k];
    h1_ = rotl((h1_ ^ w) * 0x9e3779b97f4a7c15ull, 31);
    h2_ = rotl((h2_ + w) * 0xc2b2ae3d27d4eb4full, 29) ^ h1_;
  }
  count_ += count;
}

void Digest128::add_doubles(const double* values, std::size_t count) {
  for (std::size_t k = 0; k < count; ++k) {
    std::uint64_t w;
    std::memcpy(&w, values + k, sizeof w);
    add_words(&w, 1);
  }
}

void Digest128::add_bytes(const void* data, std::size_t bytes) {
  const char* p = static_cast<const char*>(data);
  const std::size_t whole = bytes / 8;
  std::uint64_t w;
  for (std::size_t k = 0; k < whole; ++k) {  // memcpy: the bytes need not be aligned
    std::memcpy(&w, p + 8 * k, 8);
    add_words(&w, 1);
  }
  w = 0;
  if (bytes > 8 * whole) std::memcpy(&w, p + 8 * whole, bytes - 8 * whole);  // (p may be null at 0)
  const std::uint64_t tail[2] = {w, static_cast<std::uint64_t>(bytes)};
  add_words(tail, 2);
}

std::string Digest128::hex() const {
  char digest[64];
  std::snprintf(digest, sizeof digest, "%016llx%016llx %llu", static_cast<unsigned long long>(finish(h1_ ^ count_)),
                static_cast<unsigned long long>(finish(h2_)), static_cast<unsigned long long>(count_));
  return digest;
}

bool write_cache_file(const std::string& path, const std::string& bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  // a name of its own per process and call, then renamed into place: readers never see a part
  static std::atomic<unsigned> serial{0};
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(serial++);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      fs::remove(tmp, ec);
      return false;
    }
  }
  fs::rename(tmp, path, ec);
  if (!ec) return true;
  fs::remove(tmp, ec);
  return false;
}

}  // namespace patella
