#include "patella/core/sha256.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <vector>
#include <cstdint>
#include <cstdio>

#include "patella/core/error.hpp"
#include "patella/core/files.hpp"

namespace patella {

namespace {
constexpr std::array<std::uint32_t, 64> kK{
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

inline std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }


inline std::uint32_t load_be32(const unsigned char* p) {
  return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | std::uint32_t(p[3]);
}

// one 64-byte block into the state h (FIPS 180-4, 6.2.2). The rounds are unrolled eight at a
// time with the working variables renamed instead of shifted; Ch and Maj in their 3- and
// 4-operation forms (g ^ (e & (f ^ g)); (a & b) | (c & (a | b))), equal to the standard's.
void compress(std::array<std::uint32_t, 8>& h, const unsigned char* block) {
  std::uint32_t w[64];
  for (int i = 0; i < 16; ++i) w[i] = load_be32(block + 4 * i);
  for (int i = 16; i < 64; ++i) {
    const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  auto round = [&w](std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t& d, std::uint32_t e,
                    std::uint32_t f, std::uint32_t g, std::uint32_t& h, int i) {
    const std::uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + (g ^ (e & (f ^ g))) + kK[i] + w[i];
    const std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) | (c & (a | b)));
    d += t1;
    h = t1 + t2;
  };
  for (int i = 0; i < 64; i += 8) {
    round(a, b, c, d, e, f, g, hh, i);
    round(hh, a, b, c, d, e, f, g, i + 1);
    round(g, hh, a, b, c, d, e, f, i + 2);
    round(f, g, hh, a, b, c, d, e, i + 3);
    round(e, f, g, hh, a, b, c, d, i + 4);
    round(d, e, f, g, hh, a, b, c, i + 5);
    round(c, d, e, f, g, hh, a, b, i + 6);
    round(b, c, d, e, f, g, hh, a, i + 7);
  }
  h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

// the message fed in pieces (a file in chunks: never the whole file in memory, nor copied)
struct Sha256 {
  std::array<std::uint32_t, 8> h{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  unsigned char tail[64];
  std::size_t tail_size = 0;
  std::uint64_t total = 0;  // [bytes]

  void add(const unsigned char* p, std::size_t n) {
    total += n;
    if (tail_size > 0) {
      const std::size_t take = std::min(n, 64 - tail_size);
      std::memcpy(tail + tail_size, p, take);
      tail_size += take;
      p += take;
      n -= take;
      if (tail_size < 64) return;
      compress(h, tail);
      tail_size = 0;
    }
    for (; n >= 64; p += 64, n -= 64) compress(h, p);
    if (n > 0) std::memcpy(tail, p, n);
    tail_size = n;
  }

  // padding: 0x80, zeros to 56 mod 64, the length in bits, big-endian
  std::string hex() {
    const std::uint64_t bits = total * 8;
    unsigned char pad[72] = {0x80};
    const std::size_t zeros = (tail_size < 56 ? 56 : 120) - tail_size;
    for (int i = 0; i < 8; ++i) pad[zeros + i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
    add(pad, zeros + 8);
    char out[65];
    for (int i = 0; i < 8; ++i) std::snprintf(out + 8 * i, 9, "%08x", h[i]);
    return std::string(out, 64);
  }
};

}  // namespace

std::string sha256_hex(const std::string& bytes) {
  Sha256 s;
  s.add(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return s.hex();
}

std::string sha256_file(const std::string& path) {
  require_input_file(path, "the file to hash (SHA-256)");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw IoError(path + ": cannot open the file to hash (SHA-256): " + std::strerror(errno));
  Sha256 s;
  std::vector<unsigned char> chunk(1 << 16);
  std::size_t n;
  while ((n = std::fread(chunk.data(), 1, chunk.size(), f)) > 0) s.add(chunk.data(), n);
  const bool failed = std::ferror(f);
  std::fclose(f);
  if (failed) throw IoError(path + ": cannot read the file to hash (SHA-256)");
  return s.hex();
}

}  // namespace patella
