// Monte Carlo solver of the steady-state transport problem (transport.hpp, PHYSICS.md §5): an
// independent statistical check of the deterministic solver, with 1σ errors.
//
// Scheme (per group, each group an independent gray problem):
//  * Sources, stratified: shell k emits L_k = 4π η_k V_k [erg s⁻¹] (isotropic, uniform in volume
//    within the shell); a Thermal core (r_0 > 0) emits L_core = π I_core 4π r_0² (cosine-weighted
//    outward directions, μ = √ξ). Each source gets round(P L_s / ΣL) packets (largest remainder,
//    at least one for every source with L_s > 0) of equal weight L_s / n_s.
//  * Flight: straight lines through spherical shells (distances from the impact parameter, which is
//    conserved, so the direction cosine at an interface is exact). Isotropic scattering is sampled
//    (exponential optical depth in κ_s); absorption is CONTINUOUS (weight w → w e^{−κ_a s}, the
//    difference deposited in the shell; "continuous absorption"/implicit capture), which gives
//    low-variance energy deposition and per-packet exact energy bookkeeping. A packet whose weight
//    falls below weight_cutoff × its initial weight deposits the rest in its current shell and stops
//    (bias ≤ weight_cutoff in J, documented, no Russian roulette so bookkeeping stays exact).
//  * Boundaries: escape at r_N; at r_0 > 0 a Thermal or Vacuum core absorbs incoming packets (tallied
//    as core absorption), a Reflecting one sets μ → −μ; r_0 = 0 is the regular centre.
//
// Estimators:
//  * Interfaces r_i > 0: surface-crossing estimators, every crossing of a packet of weight w adds
//    w/|μ|, w·(±1) (sign = crossing direction), w|μ| to J, H, K, normalised by 4π·4πr_i². The 1/|μ|
//    of J has a logarithmically divergent variance; for |μ| < mu_cap it is replaced by 2/mu_cap (the
//    mean of 1/|μ| over crossings for an intensity constant in μ on [0, mu_cap]); the bias is
//    ≈ I′(0) mu_cap²/6 per hemisphere, zero for I independent of μ near μ = 0.
//  * Centre interface r_0 = 0 (area zero): weighted path-length estimator over the innermost ball
//    [0, δ = r_1] with kernel k(r) = 1 − (7/5)(r/δ)², which is orthogonal to r² so the estimate is
//    J(0) + O(δ⁴) instead of the volume average's J(0) + O(δ²) (J is even in r at a regular centre);
//    the kernel integral along each straight segment with weight e^{−κ_a s} is done in closed form.
//    By symmetry H(0) = 0 and K(0) = J(0)/3 exactly (isotropic intensity at the centre).
//  * Q per shell: (energy deposited − 4π η V) / V [erg cm⁻³ s⁻¹].
//  * Errors: the packets of a group are split into `batches` interleaved batches (packet p in batch
//    p mod B, so each batch is the same stratified design); σ = sample std of batch estimates / √B.
//
// Reproducibility (DESIGN.md rule 5): packet p of group g draws from the Philox4x32-10 stream keyed
// by seed with counter (block, p_lo, p_hi, g): its random numbers depend only on (seed, g, p). Work
// items are (group, batch) pairs, each processed sequentially into its own tally; tallies are reduced
// in fixed (group, batch) order, so the Solution is bitwise identical for any thread count.
// Memory: one tally of 4N + 7 doubles per (group, batch) work item (N shells).
// Cost: steps per packet grow like τ_s² in scattering-dominated optically thick regions (no
// diffusion acceleration, unlike Abdikamalov et al. 2012's DDMC): use this solver at moderate optical
// depth; max_steps_per_packet stops it with Error(NotConverged) instead of running for hours.
//
// REFERENCES: Abdikamalov, Burrows, Ott, Löffler, O'Connor, Dolence & Schnetter 2012, ApJ 755, 111
// (MC neutrino transport with energy packets; its implicit-MC/discrete-diffusion acceleration is NOT
// implemented here); Richers, Kasen, O'Connor, Fernández & Ott 2015, ApJ 813, 38 (Sedonu:
// steady-state MC transport, weighted packets, homogeneous-sphere verification); Lucy 1999, A&A 344,
// 282 (path-length estimators); Lux & Koblinger 1991, "Monte Carlo Particle Transport Methods"
// (surface-crossing estimators, the grazing-angle cap, implicit capture); Salmon et al. 2011, SC'11
// (Philox); homogeneous sphere: Smit et al. as cited in PHYSICS.md §5.
#pragma once
#include <cstdint>
#include <vector>

#include "nusphere/core/job.hpp"
#include "nusphere/transport/transport.hpp"

namespace nusphere::transport {

struct McOptions {
  std::uint64_t packets_per_group = 100000;  // target packets per group (sources with L > 0 get >= 1)
  std::uint64_t seed = 0;
  std::uint32_t batches = 32;                // batch count for the 1σ errors (>= 2)
  double mu_cap = 0.005;                     // |μ| below which 1/|μ| -> 2/mu_cap in the J crossing estimator
  double weight_cutoff = 1e-8;               // stop a packet below this fraction of its initial weight
  std::uint64_t max_steps_per_packet = 100000000;  // guard against optically thick scattering
};

/// Optional diagnostics of a Monte Carlo run (all [group] or [interface/shell][group] as in Solution).
/// Luminosities are in erg s⁻¹ (the project's `_ergs` suffix, as in `L_ergs`).
struct McStats {
  std::vector<double> emitted_ergs;        // [group] Σ initial packet weights (= Σ sources to rounding)
  std::vector<double> source_ergs;         // [group] Σ_k 4πη_k V_k + L_core (exact, not sampled)
  std::vector<double> escaped_ergs;        // [group] weight escaping at r_N (L_out)
  std::vector<double> absorbed_ergs;       // [group] weight deposited in shells
  std::vector<double> core_absorbed_ergs;  // [group] weight absorbed by a Thermal/Vacuum core
  std::vector<double> K_err;               // [interface][group] 1σ of K
  std::vector<double> Q_err;               // [shell][group] 1σ of Q
  std::vector<double> L_out_err;           // [group] 1σ of escaped_ergs
  std::uint64_t packets = 0, steps = 0;    // packets transported, flight segments
  double seconds = 0;                      // wall time of the transport loop
  int threads = 1;                         // OpenMP team size that ran it
};

/// Solves the problem by Monte Carlo (see the header comment). Validates the problem and options
/// (Error(InvalidInput) naming the field); Error(Cancelled) when exec.control is cancelled (checked
/// between packets); Error(NotConverged) when a packet exceeds max_steps_per_packet.
/// exec.chunk is ignored (the work items are (group, batch) pairs, one per chunk).
Solution solve_monte_carlo(const Problem& problem, const McOptions& mc = {}, const ExecOptions& exec = {},
                           McStats* stats = nullptr);

}  // namespace nusphere::transport
