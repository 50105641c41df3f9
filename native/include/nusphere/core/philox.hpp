// Philox4x32-10 counter-based random number generator and a per-stream uniform-double source
// (DESIGN.md rule 5: Monte Carlo streams keyed by (seed, packet), identical for any thread count).
// A counter-based generator is a keyed bijection of a 128-bit counter: the i-th output block of a
// stream is philox(counter = (i, stream words...), key = seed), so any packet's random numbers are
// computed from (seed, stream id, draw index) alone, with no shared state between threads.
// The multipliers and Weyl key increments below are the algorithm's defining integers, not
// physical constants.
// REFERENCES: Salmon, Moraes, Dror & Shaw 2011, "Parallel random numbers: as easy as 1, 2, 3",
// SC'11 (Philox4x32-10); Random123 kat_vectors (known-answer tests, see test_monte_carlo.cpp).
#pragma once
#include <array>
#include <cstdint>

namespace nusphere::rng {

using Philox4x32Block = std::array<std::uint32_t, 4>;
using Philox4x32Key = std::array<std::uint32_t, 2>;

/// Philox4x32 with 10 rounds: returns the 128-bit output block for `counter` under `key`.
constexpr Philox4x32Block philox4x32_10(Philox4x32Block ctr, Philox4x32Key key) noexcept {
  constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;  // round multipliers
  constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;  // key schedule (Weyl) increments
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      key[0] += kW0;
      key[1] += kW1;
    }
    const std::uint64_t p0 = std::uint64_t(kM0) * ctr[0];
    const std::uint64_t p1 = std::uint64_t(kM1) * ctr[2];
    const std::uint32_t hi0 = std::uint32_t(p0 >> 32), lo0 = std::uint32_t(p0);
    const std::uint32_t hi1 = std::uint32_t(p1 >> 32), lo1 = std::uint32_t(p1);
    ctr = {hi1 ^ ctr[1] ^ key[0], lo1, hi0 ^ ctr[3] ^ key[1], lo0};
  }
  return ctr;
}

/// One random stream: block i = philox4x32_10((i, s0, s1, s2), seed). Every block yields two
/// doubles uniform in the OPEN interval (0, 1) (53-bit mantissa, midpoint rounding, so log(u) and
/// 1/u are always finite). The stream is a pure function of (seed, s0, s1, s2).
class PhiloxStream {
 public:
  constexpr PhiloxStream(std::uint64_t seed, std::uint32_t s0, std::uint32_t s1, std::uint32_t s2) noexcept
      : key_{std::uint32_t(seed), std::uint32_t(seed >> 32)}, s0_(s0), s1_(s1), s2_(s2) {}

  /// Uniform double in (0, 1).
  constexpr double uniform() noexcept {
    if (have_ == 0) {
      buf_ = philox4x32_10({block_++, s0_, s1_, s2_}, key_);
      have_ = 2;
    }
    const int i = 2 - have_--;  // 0 then 1
    const std::uint64_t bits = (std::uint64_t(buf_[2 * i]) << 32) | buf_[2 * i + 1];
    constexpr double kTwoPowMinus53 = 1.0 / 9007199254740992.0;  // 2^-53
    return (double(bits >> 11) + 0.5) * kTwoPowMinus53;
  }
  /// Number of 128-bit blocks drawn so far.
  constexpr std::uint32_t blocks() const noexcept { return block_; }

 private:
  Philox4x32Key key_;
  std::uint32_t s0_, s1_, s2_;
  std::uint32_t block_ = 0;
  int have_ = 0;
  Philox4x32Block buf_{};
};

}  // namespace nusphere::rng
