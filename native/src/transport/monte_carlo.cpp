// Monte Carlo solver of the steady-state spherical transport problem: packet sources, straight-line
// flight through shells with continuous absorption and isotropic scattering, surface-crossing and
// centre path-length estimators, batch errors, deterministic reduction. The scheme, estimators and
// their biases are documented in monte_carlo.hpp.
// REFERENCES: Abdikamalov et al. 2012, ApJ 755, 111; Richers et al. 2015, ApJ 813, 38; Lucy 1999,
// A&A 344, 282; Lux & Koblinger 1991 (Monte Carlo Particle Transport Methods); Salmon et al. 2011,
// SC'11 (Philox4x32-10); PHYSICS.md §5.
#include "nusphere/transport/monte_carlo.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <string>

#include "nusphere/core/errors.hpp"
#include "nusphere/core/philox.hpp"

namespace nusphere::transport {

namespace {

constexpr double kPi = std::numbers::pi;

// f_n(x) = ∫_0^1 t^n e^{−x t} dt for n = 0, 1, 2 (x = κ_a ℓ >= 0): series below 1, closed form above.
struct ExpMoments {
  double f0, f1, f2;
};
ExpMoments exp_moments(double x) {
  if (x < 1.0) {
    double f0 = 0, f1 = 0, f2 = 0, term = 1.0;  // term = (−x)^k / k!
    for (int k = 0; k < 30; ++k) {
      f0 += term / (k + 1);
      f1 += term / (k + 2);
      f2 += term / (k + 3);
      term *= -x / (k + 1);
      if (std::fabs(term) < 1e-18) break;
    }
    return {f0, f1, f2};
  }
  const double e = std::exp(-x), x2 = x * x;
  return {(1 - e) / x, (1 - e * (1 + x)) / x2, (2 - e * (2 + 2 * x + x2)) / (x2 * x)};
}

// Centre estimator kernel k(r) = 1 − c r², c = 7/(5 δ²): ∫_0^ℓ w e^{−κ s} k(r(s)) ds along a straight
// segment starting at radius r with direction cosine mu, r(s)² = r² + 2 r mu s + s².
double centre_kernel_segment(double r, double mu, double len, double kappa_a, double c) {
  const ExpMoments m = exp_moments(kappa_a * len);
  const double a = 1 - c * r * r, b = 2 * c * r * mu;
  return len * (a * m.f0 - len * (b * m.f1 + c * len * m.f2));
}

// Per-(group, batch) tally layout, all sums of packet weights [erg s⁻¹] (× lengths for the centre).
struct Layout {
  std::size_t n_if, n_sh;
  std::size_t j() const { return 0; }
  std::size_t h() const { return n_if; }
  std::size_t k() const { return 2 * n_if; }
  std::size_t dep() const { return 3 * n_if; }
  std::size_t centre() const { return 3 * n_if + n_sh; }
  std::size_t escaped() const { return centre() + 1; }
  std::size_t core() const { return centre() + 2; }
  std::size_t emitted() const { return centre() + 3; }
  std::size_t stride() const { return centre() + 4; }
};

struct GroupPlan {
  std::vector<std::uint64_t> end;  // [source] exclusive end of its packet-index range
  std::vector<double> weight;      // [source] weight of each of its packets [erg s⁻¹]
  std::uint64_t packets = 0;
  double source_ergs = 0;
};

// Stratified allocation of `target` packets over sources with luminosities L (largest remainder;
// every source with L > 0 gets at least one packet). Deterministic.
GroupPlan plan_group(const std::vector<double>& L, std::uint64_t target) {
  GroupPlan plan;
  const std::size_t ns = L.size();
  plan.end.assign(ns, 0);
  plan.weight.assign(ns, 0.0);
  double total = 0;
  for (double l : L) total += l;
  plan.source_ergs = total;
  std::vector<std::uint64_t> n(ns, 0);
  if (total > 0) {
    std::vector<double> frac(ns, 0.0);
    std::uint64_t assigned = 0;
    for (std::size_t s = 0; s < ns; ++s) {
      const double exact = double(target) * (L[s] / total);
      n[s] = std::uint64_t(std::floor(exact));
      frac[s] = exact - double(n[s]);
      assigned += n[s];
    }
    if (assigned < target) {
      std::vector<std::size_t> order(ns);
      std::iota(order.begin(), order.end(), std::size_t(0));
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return frac[a] > frac[b]; });
      for (std::size_t i = 0; i < ns && assigned < target; ++i, ++assigned) ++n[order[i]];
    }
    for (std::size_t s = 0; s < ns; ++s)
      if (L[s] > 0 && n[s] == 0) n[s] = 1;
  }
  std::uint64_t acc = 0;
  for (std::size_t s = 0; s < ns; ++s) {
    acc += n[s];
    plan.end[s] = acc;
    plan.weight[s] = n[s] ? L[s] / double(n[s]) : 0.0;
  }
  plan.packets = acc;
  return plan;
}

struct Transporter {
  const Problem& p;
  const McOptions& mc;
  const Layout lay;
  const double* R;  // interfaces
  std::size_t N, G;
  bool centre;      // r_0 == 0
  double c_kernel;  // 7/(5 δ²)

  void cross(double* t, std::size_t i, double mu, double w, double sign) const {
    const double am = std::fabs(mu);
    t[lay.j() + i] += am < mc.mu_cap ? w * (2.0 / mc.mu_cap) : w / am;
    t[lay.h() + i] += sign * w;
    t[lay.k() + i] += w * am;
  }

  // Transports one packet; returns the number of flight segments.
  std::uint64_t run(std::size_t g, std::uint64_t pkt, std::size_t src, double w0, double* t) const {
    rng::PhiloxStream rs(mc.seed, std::uint32_t(pkt), std::uint32_t(pkt >> 32), std::uint32_t(g));
    std::size_t k;
    double r, mu, w = w0;
    t[lay.emitted()] += w0;
    if (src < N) {  // uniform in volume within shell src, isotropic
      k = src;
      const double a3 = R[k] * R[k] * R[k], b3 = R[k + 1] * R[k + 1] * R[k + 1];
      r = std::clamp(std::cbrt(a3 + rs.uniform() * (b3 - a3)), R[k], R[k + 1]);
      mu = 2 * rs.uniform() - 1;
    } else {  // Thermal core: cosine-weighted outward
      k = 0;
      r = R[0];
      mu = std::sqrt(rs.uniform());
      cross(t, 0, mu, w, +1.0);
    }
    double tau_s = -std::log(rs.uniform());
    const double w_min = mc.weight_cutoff * w0;
    std::uint64_t steps = 0;
    for (;;) {
      if (++steps > mc.max_steps_per_packet)
        throw Error(ErrorCode::NotConverged, "kappa_s",
                    "kappa_s: a Monte Carlo packet exceeded max_steps_per_packet (" +
                        std::to_string(mc.max_steps_per_packet) +
                        ") flight segments: scattering optical depth too large for plain Monte Carlo");
      const double ka = p.kappa_a[k * G + g], ks = p.kappa_s[k * G + g];
      const double rin = R[k], rout = R[k + 1];
      const double rmu = r * mu;
      // distance to the boundary along the ray; impact parameter b² = r²(1 − μ²)
      double s_b, root;
      int dir = +1;
      const double in2 = rmu * rmu - (r - rin) * (r + rin);  // rin² − b²
      if (mu < 0 && rin > 0 && in2 >= 0) {
        dir = -1;
        root = std::sqrt(in2);
        const double den = root - rmu;  // > 0 unless r = rin with grazing μ = −0
        s_b = den > 0 ? (r - rin) * (r + rin) / den : 0.0;
      } else {
        root = std::sqrt((rout - r) * (rout + r) + rmu * rmu);  // sqrt(rout² − b²)
        s_b = mu > 0 ? (rout - r) * (rout + r) / (root + rmu) : root - rmu;
      }
      s_b = std::max(s_b, 0.0);
      const double s_s = ks > 0 ? tau_s / ks : std::numeric_limits<double>::infinity();
      const bool scatter = s_s < s_b;
      const double s = scatter ? s_s : s_b;
      if (k == 0 && centre) t[lay.centre()] += w * centre_kernel_segment(r, mu, s, ka, c_kernel);
      const double w_new = w * std::exp(-ka * s);
      t[lay.dep() + k] += w - w_new;
      w = w_new;
      if (scatter) {
        // r_new² = (r μ + s)² + b² (both terms >= 0: no cancellation)
        const double x = rmu + s, b2 = r * r * (1 - mu) * (1 + mu);
        r = std::clamp(std::sqrt(x * x + b2), rin, rout);
        mu = 2 * rs.uniform() - 1;
        tau_s = -std::log(rs.uniform());
      } else {
        tau_s = std::max(0.0, tau_s - ks * s);
        if (dir > 0) {
          r = rout;
          mu = std::min(1.0, root / rout);
          cross(t, k + 1, mu, w, +1.0);
          if (++k == N) {
            t[lay.escaped()] += w;
            return steps;
          }
        } else {
          r = rin;
          mu = -std::min(1.0, root / rin);
          cross(t, k, mu, w, -1.0);
          if (k == 0) {  // r_0 > 0: inner boundary
            if (p.inner == InnerBoundary::Reflecting) {
              mu = -mu;
              cross(t, 0, mu, w, +1.0);
            } else {
              t[lay.core()] += w;
              return steps;
            }
          } else {
            --k;
          }
        }
      }
      if (w <= w_min) {
        t[lay.dep() + k] += w;
        return steps;
      }
    }
  }
};

void check_options(const McOptions& mc) {
  if (mc.packets_per_group < 1) throw_invalid("packets_per_group", "must be >= 1");
  if (mc.batches < 2) throw_invalid("batches", "must be >= 2 (errors come from batch statistics)");
  if (!(mc.mu_cap > 0 && mc.mu_cap < 1)) throw_invalid("mu_cap", "must be in (0, 1)");
  if (!(mc.weight_cutoff > 0 && mc.weight_cutoff < 1)) throw_invalid("weight_cutoff", "must be in (0, 1)");
  if (mc.max_steps_per_packet < 1) throw_invalid("max_steps_per_packet", "must be >= 1");
}

// Batch mean and 1σ of the mean over the sums S_b of B interleaved batches (estimate per batch B·S_b).
void batch_stats(const double* base, std::size_t stride, std::size_t B, double& total, double& err) {
  double sum = 0;
  for (std::size_t b = 0; b < B; ++b) sum += base[b * stride];
  double ss = 0;
  for (std::size_t b = 0; b < B; ++b) {
    const double d = double(B) * base[b * stride] - sum;
    ss += d * d;
  }
  total = sum;
  err = std::sqrt(ss / (double(B) * double(B - 1)));
}

}  // namespace

Solution solve_monte_carlo(const Problem& problem, const McOptions& mc, const ExecOptions& exec, McStats* stats) {
  validate(problem);
  check_options(mc);
  const std::size_t N = problem.n_shells, G = problem.n_groups, NI = N + 1, B = mc.batches;
  const double* R = problem.r_cm;
  const bool centre = R[0] == 0;
  const bool thermal_core = !centre && problem.inner == InnerBoundary::Thermal;

  // shell volumes and sources
  std::vector<double> volume(N);
  for (std::size_t k = 0; k < N; ++k)
    volume[k] = 4.0 * kPi / 3.0 * (R[k + 1] - R[k]) * (R[k + 1] * R[k + 1] + R[k + 1] * R[k] + R[k] * R[k]);
  std::vector<GroupPlan> plans(G);
  std::vector<double> L(N + 1);
  for (std::size_t g = 0; g < G; ++g) {
    for (std::size_t k = 0; k < N; ++k) L[k] = 4.0 * kPi * problem.eta[k * G + g] * volume[k];
    L[N] = thermal_core ? kPi * problem.core_intensity[g] * 4.0 * kPi * R[0] * R[0] : 0.0;
    plans[g] = plan_group(L, mc.packets_per_group);
  }

  const Layout lay{NI, N};
  const std::size_t stride = lay.stride();
  std::vector<double> tally(G * B * stride, 0.0);
  std::vector<std::uint64_t> steps(G * B, 0), packets(G * B, 0);
  const double delta = R[1];
  const Transporter tr{problem, mc, lay, R, N, G, centre, centre ? 7.0 / (5.0 * delta * delta) : 0.0};
  JobControl* ctl = exec.control;

  ExecOptions ex = exec;
  ex.chunk = 1;
  const auto t0 = std::chrono::steady_clock::now();
  const ParallelStats ps = parallel_for_chunks(G * B, ex, [&](std::size_t begin, std::size_t end) {
    for (std::size_t item = begin; item < end; ++item) {
      const std::size_t g = item / B, b = item % B;
      const GroupPlan& plan = plans[g];
      double* t = tally.data() + item * stride;
      std::size_t src = 0;
      std::uint64_t n_done = 0, n_steps = 0;
      for (std::uint64_t pkt = b; pkt < plan.packets; pkt += B) {
        while (pkt >= plan.end[src]) ++src;
        n_steps += tr.run(g, pkt, src, plan.weight[src], t);
        if ((++n_done & 255u) == 0 && ctl && ctl->cancelled()) break;
      }
      steps[item] = n_steps;
      packets[item] = n_done;
    }
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  Solution sol;
  sol.n_interfaces = NI;
  sol.n_groups = G;
  sol.J.assign(NI * G, 0.0);
  sol.H.assign(NI * G, 0.0);
  sol.K.assign(NI * G, 0.0);
  sol.J_err.assign(NI * G, 0.0);
  sol.H_err.assign(NI * G, 0.0);
  sol.Q.assign(N * G, 0.0);
  std::vector<double> K_err(NI * G, 0.0), Q_err(N * G, 0.0);
  if (stats) {
    *stats = McStats{};
    stats->emitted_ergs.assign(G, 0.0);
    stats->source_ergs.assign(G, 0.0);
    stats->escaped_ergs.assign(G, 0.0);
    stats->absorbed_ergs.assign(G, 0.0);
    stats->core_absorbed_ergs.assign(G, 0.0);
    stats->L_out_err.assign(G, 0.0);
  }
  const double four_pi_sq = 16.0 * kPi * kPi;
  std::uint64_t total_packets = 0, total_steps = 0;
  for (std::size_t item = 0; item < G * B; ++item) {
    total_packets += packets[item];
    total_steps += steps[item];
  }
  for (std::size_t g = 0; g < G; ++g) {
    const double* base = tally.data() + g * B * stride;
    double tot, err;
    for (std::size_t i = centre ? 1 : 0; i < NI; ++i) {
      const double norm = 1.0 / (four_pi_sq * R[i] * R[i]);
      batch_stats(base + lay.j() + i, stride, B, tot, err);
      sol.J[i * G + g] = tot * norm;
      sol.J_err[i * G + g] = err * norm;
      batch_stats(base + lay.h() + i, stride, B, tot, err);
      sol.H[i * G + g] = tot * norm;
      sol.H_err[i * G + g] = err * norm;
      batch_stats(base + lay.k() + i, stride, B, tot, err);
      sol.K[i * G + g] = tot * norm;
      K_err[i * G + g] = err * norm;
    }
    if (centre) {  // ∫ k dV = 4π · 4δ³/75 for k = 1 − (7/5)(r/δ)²
      const double norm = 1.0 / (four_pi_sq * 4.0 * delta * delta * delta / 75.0);
      batch_stats(base + lay.centre(), stride, B, tot, err);
      sol.J[g] = tot * norm;
      sol.J_err[g] = err * norm;
      sol.H[g] = 0.0;
      sol.H_err[g] = 0.0;
      sol.K[g] = sol.J[g] / 3.0;
      K_err[g] = sol.J_err[g] / 3.0;
    }
    for (std::size_t k = 0; k < N; ++k) {
      batch_stats(base + lay.dep() + k, stride, B, tot, err);
      sol.Q[k * G + g] = tot / volume[k] - 4.0 * kPi * problem.eta[k * G + g];
      Q_err[k * G + g] = err / volume[k];
    }
    if (stats) {
      double emitted = 0, escaped = 0, core = 0, absorbed = 0;
      for (std::size_t b = 0; b < B; ++b) {
        const double* t = base + b * stride;
        emitted += t[lay.emitted()];
        escaped += t[lay.escaped()];
        core += t[lay.core()];
        for (std::size_t k = 0; k < N; ++k) absorbed += t[lay.dep() + k];
      }
      stats->emitted_ergs[g] = emitted;
      stats->source_ergs[g] = plans[g].source_ergs;
      stats->escaped_ergs[g] = escaped;
      stats->absorbed_ergs[g] = absorbed;
      stats->core_absorbed_ergs[g] = core;
      batch_stats(base + lay.escaped(), stride, B, tot, err);
      stats->L_out_err[g] = err;
    }
  }
  sol.iterations = int((total_packets + 999999) / 1000000);
  sol.residual = 0;
  if (stats) {
    stats->K_err = std::move(K_err);
    stats->Q_err = std::move(Q_err);
    stats->packets = total_packets;
    stats->steps = total_steps;
    stats->seconds = seconds;
    stats->threads = ps.team_size;
  }
  return sol;
}

}  // namespace nusphere::transport
