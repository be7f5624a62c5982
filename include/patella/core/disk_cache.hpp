#pragma once
/// Files derived from inputs and kept between runs (contact target surfaces, parsed meshes): where they
/// live, how their inputs are folded into a key, and how they are written so that no reader ever
/// sees a part of one. A cache only saves time: a missing, unreadable or malformed file is
/// rebuilt by its owner, one that cannot be written is skipped.
#include <cstddef>
#include <cstdint>
#include <string>

namespace patella {

/// $PATELLA_CACHE_DIR (set but empty: no cache), else $XDG_CACHE_HOME/patella, else
/// ~/.cache/patella; "" when there is none.
std::string cache_folder();

/// Bytes folded into 128 bits by two multiply-rotate lanes with a splitmix64 finish: about a
/// nanosecond per 8 bytes, where SHA-256 takes tens. Not a cryptographic hash: a cache key guards
/// against stale files, not forged ones (keys are SHA-256 of the constants and this digest).
class Digest128 {
 public:
  void add_words(const std::uint64_t* words, std::size_t count);
  /// each double's bits as one word
  void add_doubles(const double* values, std::size_t count);
  /// any length; the tail is zero-padded into one word and the byte count is folded in
  void add_bytes(const void* data, std::size_t bytes);
  /// 32 hex digits, a space and the number of words folded in
  std::string hex() const;

 private:
  std::uint64_t h1_ = 0x243f6a8885a308d3ull, h2_ = 0x13198a2e03707344ull, count_ = 0;
};

/// Writes `bytes` to `path` through a temporary file of this process renamed into place,
/// creating its folder; false (and nothing left behind) when it could not.
bool write_cache_file(const std::string& path, const std::string& bytes);

}  // namespace patella
