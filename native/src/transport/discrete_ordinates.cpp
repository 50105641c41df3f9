// Discrete ordinates on tangent rays + variable Eddington factors. See discrete_ordinates.hpp.
// REFERENCES: Mihalas 1978 §6; Auer 1971 JQSRT 11, 573; Olson & Kunasz 1987 JQSRT 38, 325.
#include "nusphere/transport/discrete_ordinates.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <string>
#include <vector>

#include "../core/kernels.hpp"
#include "nusphere/core/errors.hpp"
#include "nusphere/core/isa.hpp"

namespace nusphere::transport {
namespace {

constexpr std::size_t kBlock = 8;
constexpr int kMinRays = 24;  // rays crossing each interface, at least
constexpr std::size_t kRayChunks = 32;  // fixed partition of the rays (thread-count independent)  // groups per block (fixed: results independent of the thread count)

struct Geometry {
  std::size_t N = 0;                 // shells
  std::vector<double> r, rc, V;      // interfaces (N+1), shell centres (N), shell volumes / 4π... (r³ difference / 3)
  std::vector<double> p;             // impact parameters, ascending
  std::vector<std::size_t> first;    // per ray: innermost interface index reached (core rays: 0)
  std::vector<char> core;            // per ray: hits the inner boundary
  // per interface i: rays 0..nray[i]-1 cross it; flat arrays offset[i] + j
  std::vector<std::size_t> nray, offset;
  std::vector<double> mu, w;         // μ of ray j at interface i, trapezoid weight in μ
};

Geometry make_geometry(const Problem& pr, const DoOptions& o) {
  Geometry G;
  const std::size_t N = pr.n_shells;
  G.N = N;
  G.r.assign(pr.r_cm, pr.r_cm + N + 1);
  G.rc.resize(N);
  G.V.resize(N);
  for (std::size_t k = 0; k < N; ++k) {
    G.rc[k] = 0.5 * (G.r[k] + G.r[k + 1]);
    G.V[k] = (G.r[k + 1] * G.r[k + 1] * G.r[k + 1] - G.r[k] * G.r[k] * G.r[k]) / 3.0;
  }
  const double r0 = G.r[0];
  if (r0 > 0) {
    for (int m = 0; m < o.core_rays; ++m) {
      const double mu = 1.0 - double(m) / o.core_rays;
      G.p.push_back(r0 * std::sqrt(std::max(0.0, 1.0 - mu * mu)));
      G.core.push_back(1);
    }
  }
  for (std::size_t i = 0; i < N; ++i) {
    G.p.push_back(G.r[i]);
    G.core.push_back(0);
    const double mtop = std::sqrt(std::max(0.0, 1.0 - (G.r[i] / G.r[i + 1]) * (G.r[i] / G.r[i + 1])));
    // at least kMinRays rays cross every interface (angular resolution near the centre)
    const int extra = std::max(o.extra_rays_per_shell, kMinRays - int(G.p.size()) - 1);
    for (int m = extra; m >= 1; --m) {
      const double mu = mtop * m / (extra + 1);
      G.p.push_back(G.r[i + 1] * std::sqrt(std::max(0.0, 1.0 - mu * mu)));
      G.core.push_back(0);
    }
  }
  const std::size_t R = G.p.size();
  G.first.resize(R);
  for (std::size_t j = 0; j < R; ++j) {
    if (G.core[j]) {
      G.first[j] = 0;
      continue;
    }
    // innermost interface with r_i >= p (p == r_i for interface rays)
    std::size_t i = std::size_t(std::lower_bound(G.r.begin(), G.r.end(), G.p[j] * (1 - 1e-14)) - G.r.begin());
    G.first[j] = std::min(i, N);
  }
  G.nray.resize(N + 1);
  G.offset.resize(N + 1);
  std::size_t off = 0;
  for (std::size_t i = 0; i <= N; ++i) {
    std::size_t n = 0;
    while (n < R && G.p[n] <= G.r[i] * (1 + 1e-14)) ++n;
    G.nray[i] = n;
    G.offset[i] = off;
    off += n;
  }
  G.mu.resize(off);
  G.w.resize(off);
  for (std::size_t i = 0; i <= N; ++i) {
    const std::size_t n = G.nray[i], b = G.offset[i];
    for (std::size_t j = 0; j < n; ++j) {
      const double x = G.r[i] > 0 ? G.p[j] / G.r[i] : 0.0;
      G.mu[b + j] = std::sqrt(std::max(0.0, 1.0 - x * x));
    }
    if (n == 1) {
      G.w[b] = 1.0;  // centre: a single direction class (isotropic)
      continue;
    }
    for (std::size_t j = 0; j < n; ++j) {
      const double up = j == 0 ? G.mu[b] : G.mu[b + j - 1];
      const double dn = j + 1 == n ? G.mu[b + j] : G.mu[b + j + 1];
      G.w[b + j] = 0.5 * (up - dn);
    }
    // the μ grid must end at 0 (tangent ray) and start at 1 (p = 0) to integrate over [0, 1]
  }
  return G;
}

// Tridiagonal solve with partial pivoting (Gaussian elimination, one fill-in super-diagonal).
// a: sub-diagonal (a[0] unused), b: diagonal, c: super-diagonal, d: rhs; x returned in d.
void tridiag_pivot(std::vector<double>& a, std::vector<double>& b, std::vector<double>& c, std::vector<double>& d) {
  const std::size_t n = b.size();
  std::vector<double> e(n, 0.0);  // second super-diagonal created by pivoting
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (std::fabs(a[i + 1]) > std::fabs(b[i])) {
      // swap rows i and i+1
      std::swap(b[i], a[i + 1]);
      std::swap(c[i], b[i + 1]);
      if (i + 2 < n) std::swap(e[i], c[i + 1]);
      std::swap(d[i], d[i + 1]);
    }
    if (b[i] == 0) throw Error(ErrorCode::NotConverged, "moments", "moment equations are singular");
    const double m = a[i + 1] / b[i];
    b[i + 1] -= m * c[i];
    if (i + 2 < n) c[i + 1] -= m * e[i];
    d[i + 1] -= m * d[i];
  }
  if (b[n - 1] == 0) throw Error(ErrorCode::NotConverged, "moments", "moment equations are singular");
  d[n - 1] /= b[n - 1];
  if (n >= 2) d[n - 2] = (d[n - 2] - c[n - 2] * d[n - 1]) / b[n - 2];
  for (std::size_t i = n - 2; i-- > 0;) d[i] = (d[i] - c[i] * d[i + 1] - e[i] * d[i + 2]) / b[i];
}

struct BlockResult {
  int iterations = 0;
  double residual = 0;
};

// Solves groups [g0, g0+nb) with the VEF iteration; writes into sol.
BlockResult solve_block(const Problem& pr, const Geometry& G, const DoOptions& o, std::size_t g0, std::size_t nb,
                        Solution& sol, const JobControl* ctl, int threads) {
  kernels::FsWeightsFn fs_weights = &kernels::scalar::fs_weights;
  kernels::FsStepFn fs_step = &kernels::scalar::fs_step;
  if (isa::selected() == isa::Isa::Avx512) {
    fs_weights = &kernels::avx512::fs_weights;
    fs_step = &kernels::avx512::fs_step;
  } else if (isa::selected() == isa::Isa::Avx2) {
    fs_weights = &kernels::avx2::fs_weights;
    fs_step = &kernels::avx2::fs_step;
  }
  const std::size_t N = G.N, NG = pr.n_groups, R = G.p.size();
  const bool centre = G.r[0] == 0.0;
  const bool thermal = !centre && pr.inner == InnerBoundary::Thermal;
  const bool reflecting = !centre && pr.inner == InnerBoundary::Reflecting;
  auto ka = [&](std::size_t k, std::size_t g) { return pr.kappa_a[k * NG + g0 + g]; };
  auto ks = [&](std::size_t k, std::size_t g) { return pr.kappa_s[k * NG + g0 + g]; };
  auto et = [&](std::size_t k, std::size_t g) { return pr.eta[k * NG + g0 + g]; };
  auto core = [&](std::size_t g) { return thermal ? pr.core_intensity[g0 + g] : 0.0; };

  std::vector<double> J(N * nb), H((N + 1) * nb, 0.0);       // moment solution: J per shell, H per interface
  std::vector<double> Jif((N + 1) * nb);                      // J interpolated to interfaces (source)
  std::vector<double> fJ((N + 1) * nb), fH((N + 1) * nb), fK((N + 1) * nb);  // formal-solution moments
  std::vector<double> Jm(nb), Hm(nb);                         // incoming hemisphere moments at r_0
  std::vector<double> f((N + 1) * nb, 1.0 / 3.0), fold((N + 1) * nb, 1.0 / 3.0);
  std::vector<double> hout(nb, 0.5), alpha(nb, 0.5);

  auto interp_J = [&]() {
    for (std::size_t g = 0; g < nb; ++g) {
      for (std::size_t i = 1; i < N; ++i) {
        const double t = (G.r[i] - G.rc[i - 1]) / (G.rc[i] - G.rc[i - 1]);
        Jif[i * nb + g] = (1 - t) * J[(i - 1) * nb + g] + t * J[i * nb + g];
      }
      Jif[g] = J[g];
      Jif[N * nb + g] = J[(N - 1) * nb + g];
    }
  };
  // Emissivity ε = η + κ_s J of shell k at radius x (J linear in r between its interface values).
  auto source = [&](std::size_t k, double x, double* S) {
    const double t = (x - G.r[k]) / (G.r[k + 1] - G.r[k]);
    for (std::size_t g = 0; g < nb; ++g) {
      const double j = (1 - t) * Jif[k * nb + g] + t * Jif[(k + 1) * nb + g];
      S[g] = et(k, g) + ks(k, g) * j;
    }
  };

  auto moment_solve = [&]() {
    const std::size_t M = 2 * N + 1;
    std::vector<double> a(M), b(M), c(M), d(M);
    for (std::size_t g = 0; g < nb; ++g) {
      std::fill(a.begin(), a.end(), 0.0);
      std::fill(b.begin(), b.end(), 0.0);
      std::fill(c.begin(), c.end(), 0.0);
      std::fill(d.begin(), d.end(), 0.0);
      // row 0: inner boundary. Thermal/vacuum: H_0 = H⁺ + α J⁺ − α J(r_0), with J(r_0) from the
      // half-cell first-moment equation f_0 J(r_0) = f^c_0 J_0 + s_0 J_0 + χ_0 Δ H_0 (Δ = rc_0 − r_0).
      b[0] = 1.0;
      if (!centre && !reflecting) {
        const double f0 = f[g], fc = 0.5 * (f[g] + f[nb + g]), dh = G.rc[0] - G.r[0];
        const double chi = ka(0, g) + ks(0, g), sph = dh * (3 * fc - 1) / G.rc[0];
        b[0] = 1.0 + alpha[g] * chi * dh / f0;
        c[0] = alpha[g] * (fc + sph) / f0;
        d[0] = core(g) * (0.25 + 0.5 * alpha[g]);  // H⁺ + α J⁺ with J⁺ = I/2, H⁺ = I/4
      }
      for (std::size_t k = 0; k < N; ++k) {
        const std::size_t row = 2 * k + 1;
        const double s = 1.0 / (G.r[k + 1] * G.r[k + 1]);
        a[row] = -G.r[k] * G.r[k] * s;
        b[row] = G.V[k] * ka(k, g) * s;
        c[row] = 1.0;
        d[row] = G.V[k] * et(k, g) * s;
      }
      for (std::size_t i = 1; i < N; ++i) {
        const std::size_t row = 2 * i;
        const double dc = G.rc[i] - G.rc[i - 1];
        const double fl = 0.5 * (f[(i - 1) * nb + g] + f[i * nb + g]), fr = 0.5 * (f[i * nb + g] + f[(i + 1) * nb + g]);
        a[row] = -(fl - 0.5 * dc * (3 * fl - 1) / G.rc[i - 1]);
        c[row] = fr + 0.5 * dc * (3 * fr - 1) / G.rc[i];
        const double chil = ka(i - 1, g) + ks(i - 1, g), chir = ka(i, g) + ks(i, g);
        b[row] = chil * (G.r[i] - G.rc[i - 1]) + chir * (G.rc[i] - G.r[i]);
      }
      // row 2N: outer boundary H_N = h J(r_N), with J(r_N) from the half-cell first-moment equation
      // f_N J(r_N) − f^c J_{N−1} + s J_{N−1} = −χ Δ H_N (Δ = r_N − rc_{N−1}).
      {
        const double fN = f[N * nb + g], fc = 0.5 * (f[(N - 1) * nb + g] + f[N * nb + g]), dh = G.r[N] - G.rc[N - 1];
        const double chi = ka(N - 1, g) + ks(N - 1, g), sph = dh * (3 * fc - 1) / G.rc[N - 1];
        b[2 * N] = fN / hout[g] + chi * dh;
        a[2 * N] = -(fc - sph);
      }
      tridiag_pivot(a, b, c, d);
      for (std::size_t k = 0; k < N; ++k) J[k * nb + g] = std::max(d[2 * k + 1], 0.0);
      for (std::size_t i = 0; i <= N; ++i) H[i * nb + g] = d[2 * i];
    }
  };

  // Attenuation weights of every (ray, crossed shell, group) do not change between iterations: χ and
  // the path lengths are fixed, only the source does. seg_off[j] indexes the ray's shells from the
  // outermost inward; the tangent shell of an extra ray holds the half path (to the closest point).
  std::vector<double> chi(N * nb);
  for (std::size_t k = 0; k < N; ++k)
    for (std::size_t g = 0; g < nb; ++g) chi[k * nb + g] = ka(k, g) + ks(k, g);
  std::vector<std::size_t> seg_off(R + 1, 0);
  for (std::size_t j = 0; j < R; ++j) {
    const std::size_t it = G.first[j];
    const bool extra = !G.core[j] && it > 0 && G.p[j] < G.r[it] * (1 - 1e-14);
    seg_off[j + 1] = seg_off[j] + (N - it) + (extra ? 1 : 0);
  }
  std::vector<double> W0(seg_off[R] * nb), W1(seg_off[R] * nb);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 16)
  for (std::size_t j = 0; j < R; ++j) {
    const double p = G.p[j];
    const std::size_t it = G.first[j];
    auto z = [&](std::size_t i) { return std::sqrt(std::max(0.0, G.r[i] * G.r[i] - p * p)); };
    std::size_t s_ = seg_off[j];
    auto put = [&](std::size_t k, double ds) {
      fs_weights(&chi[k * nb], ds, nb, &W0[s_ * nb], &W1[s_ * nb]);
      ++s_;
    };
    for (std::size_t i = N; i > it; --i) put(i - 1, z(i) - z(i - 1));
    if (!G.core[j] && it > 0 && p < G.r[it] * (1 - 1e-14)) put(it - 1, z(it));
  }
  std::vector<double> Slo(N * nb), Shi(N * nb);  // source of shell k at r_k and r_{k+1}
  auto prepare_sources = [&]() {
    for (std::size_t k = 0; k < N; ++k) {
      source(k, G.r[k], &Slo[k * nb]);
      source(k, G.r[k + 1], &Shi[k * nb]);
    }
  };
  // Rays are swept in kRayChunks fixed, interleaved chunks (possibly on several threads), each with
  // its own accumulators, which are then added in chunk order: the result does not depend on the
  // number of threads.
  struct Acc {
    std::vector<double> fJ, fH, fK, Jm, Hm, Iin, Iout, I, Sm;
  };
  std::vector<Acc> acc(kRayChunks);
  for (auto& a : acc) {
    a.fJ.assign((N + 1) * nb, 0.0);
    a.fH.assign((N + 1) * nb, 0.0);
    a.fK.assign((N + 1) * nb, 0.0);
    a.Jm.assign(nb, 0.0);
    a.Hm.assign(nb, 0.0);
    a.Iin.assign((N + 1) * nb, 0.0);
    a.Iout.assign((N + 1) * nb, 0.0);
    a.I.assign(nb, 0.0);
    a.Sm.assign(nb, 0.0);
  }
  std::vector<double> Icentre(nb, 0.0);

  auto sweep = [&](std::size_t j, Acc& A) {
    const double p = G.p[j];
    const std::size_t it = G.first[j];
    double* I = A.I.data();
    double* Iin = A.Iin.data();
    double* Iout = A.Iout.data();
    std::fill(A.I.begin(), A.I.end(), 0.0);
    for (std::size_t g = 0; g < nb; ++g) Iin[N * nb + g] = 0.0;
    std::size_t s_ = seg_off[j];
    for (std::size_t i = N; i > it; --i, ++s_) {  // inward
      const std::size_t k = i - 1;
      fs_step(I, &chi[k * nb], &W0[s_ * nb], &W1[s_ * nb], &Shi[k * nb], &Slo[k * nb], nb);
      for (std::size_t g = 0; g < nb; ++g) Iin[(i - 1) * nb + g] = I[g];
    }
    std::size_t start;  // interface where the outward pass begins
    if (G.core[j]) {
      for (std::size_t g = 0; g < nb; ++g) {
        I[g] = reflecting ? Iin[g] : core(g);  // thermal (vacuum: core = 0)
        Iout[g] = I[g];
      }
      start = 0;
    } else if (it > 0 && p < G.r[it] * (1 - 1e-14)) {
      // extra ray: closest approach inside shell it-1, emissivity there interpolated in r
      const std::size_t k = it - 1;
      const double t = (p - G.r[k]) / (G.r[k + 1] - G.r[k]);
      double* Sm = A.Sm.data();
      for (std::size_t g = 0; g < nb; ++g) Sm[g] = (1 - t) * Slo[k * nb + g] + t * Shi[k * nb + g];
      fs_step(I, &chi[k * nb], &W0[s_ * nb], &W1[s_ * nb], &Shi[k * nb], Sm, nb);
      fs_step(I, &chi[k * nb], &W0[s_ * nb], &W1[s_ * nb], Sm, &Shi[k * nb], nb);
      for (std::size_t g = 0; g < nb; ++g) Iout[it * nb + g] = I[g];
      start = it;
    } else {
      // tangent to interface it (or through the centre): I⁺ = I⁻ there
      for (std::size_t g = 0; g < nb; ++g) Iout[it * nb + g] = I[g] = Iin[it * nb + g];
      start = it;
    }
    for (std::size_t i = start; i < N; ++i) {  // outward: the same shells in reverse order, same weights
      const std::size_t k = i;
      const std::size_t sk = seg_off[j] + (N - 1 - k);
      fs_step(I, &chi[k * nb], &W0[sk * nb], &W1[sk * nb], &Slo[k * nb], &Shi[k * nb], nb);
      for (std::size_t g = 0; g < nb; ++g) Iout[(i + 1) * nb + g] = I[g];
    }
    if (centre && j == 0)
      for (std::size_t g = 0; g < nb; ++g) Icentre[g] = Iin[g];  // the ray through r = 0
    // accumulate moments at every interface the ray crosses (including the tangent/turning one)
    const std::size_t ifirst = G.core[j] ? 0 : it;
    for (std::size_t i = ifirst; i <= N; ++i) {
      if (j >= G.nray[i]) continue;
      const double mu = G.mu[G.offset[i] + j], w = G.w[G.offset[i] + j];
      const double a = 0.5 * w, b = a * mu, c = b * mu;
      double* fj = &A.fJ[i * nb];
      double* fh = &A.fH[i * nb];
      double* fk = &A.fK[i * nb];
      const double* ip = &Iout[i * nb];
      const double* im = &Iin[i * nb];
      for (std::size_t g = 0; g < nb; ++g) {
        fj[g] += a * (ip[g] + im[g]);
        fh[g] += b * (ip[g] - im[g]);
        fk[g] += c * (ip[g] + im[g]);
      }
      if (i == 0)
        for (std::size_t g = 0; g < nb; ++g) {
          A.Jm[g] += a * im[g];
          A.Hm[g] += b * im[g];
        }
    }
  };

  auto formal_solution = [&]() {
    prepare_sources();
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (std::size_t c = 0; c < kRayChunks; ++c) {
      Acc& A = acc[c];
      std::fill(A.fJ.begin(), A.fJ.end(), 0.0);
      std::fill(A.fH.begin(), A.fH.end(), 0.0);
      std::fill(A.fK.begin(), A.fK.end(), 0.0);
      std::fill(A.Jm.begin(), A.Jm.end(), 0.0);
      std::fill(A.Hm.begin(), A.Hm.end(), 0.0);
      for (std::size_t j = c; j < R; j += kRayChunks) sweep(j, A);  // interleaved: balanced ray lengths
    }
    std::fill(fJ.begin(), fJ.end(), 0.0);
    std::fill(fH.begin(), fH.end(), 0.0);
    std::fill(fK.begin(), fK.end(), 0.0);
    std::fill(Jm.begin(), Jm.end(), 0.0);
    std::fill(Hm.begin(), Hm.end(), 0.0);
    for (std::size_t c = 0; c < kRayChunks; ++c) {  // fixed order: thread-count independent
      for (std::size_t i = 0; i < fJ.size(); ++i) {
        fJ[i] += acc[c].fJ[i];
        fH[i] += acc[c].fH[i];
        fK[i] += acc[c].fK[i];
      }
      for (std::size_t g = 0; g < nb; ++g) {
        Jm[g] += acc[c].Jm[g];
        Hm[g] += acc[c].Hm[g];
      }
    }
    if (centre) {
      for (std::size_t g = 0; g < nb; ++g) {  // at r = 0 the radiation field is isotropic
        fJ[g] = Icentre[g];
        fH[g] = 0.0;
        fK[g] = Icentre[g] / 3.0;
      }
    }
  };

  auto update_closures = [&]() {
    for (std::size_t i = 0; i <= N; ++i)
      for (std::size_t g = 0; g < nb; ++g) {
        const double jj = fJ[i * nb + g];
        f[i * nb + g] = jj > 0 ? std::clamp(fK[i * nb + g] / jj, 1e-3, 1.0) : (i == 0 ? 1.0 / 3.0 : f[i * nb + g]);
      }
    for (std::size_t g = 0; g < nb; ++g) {
      hout[g] = fJ[N * nb + g] > 0 ? std::clamp(fH[N * nb + g] / fJ[N * nb + g], 1e-3, 1.0) : 0.5;
      alpha[g] = Jm[g] > 0 ? Hm[g] / Jm[g] : 0.5;
    }
  };

  // initial guess: Eddington closure
  moment_solve();
  BlockResult br;
  for (int iter = 1; iter <= o.max_iterations; ++iter) {
    if (ctl && ctl->cancelled()) throw Error(ErrorCode::Cancelled, "", "job cancelled");
    interp_J();
    formal_solution();
    br.iterations = iter;
    std::vector<double> Jold = J;
    fold = f;
    update_closures();
    moment_solve();
    double change = 0;
    for (std::size_t i = 0; i < J.size(); ++i) {
      const double scale = std::max(std::fabs(J[i]), 1e-300);
      if (J[i] > 0 || Jold[i] > 0) change = std::max(change, std::fabs(J[i] - Jold[i]) / scale);
    }
    for (std::size_t i = 0; i < f.size(); ++i) change = std::max(change, std::fabs(f[i] - fold[i]));
    br.residual = change;
    if (std::getenv("NUSPHERE_DO_TRACE")) std::fprintf(stderr, "iter %d change %.3e\n", iter, change);
    if (!(change == change)) throw Error(ErrorCode::NotConverged, "J", "transport iteration produced NaN");
    if (change < o.tolerance) break;
    if (iter == o.max_iterations)
      throw Error(ErrorCode::NotConverged, "iterations",
                  "transport did not converge in " + std::to_string(o.max_iterations) + " formal solutions (last change " + std::to_string(change) + ")");
  }
  // outputs: J and K at the interfaces from the converged formal solution (exact for the converged
  // source, also across surfaces where the cell-centred J has a kink); H from the moment equations
  // (exact energy conservation).
  for (std::size_t i = 0; i <= N; ++i)
    for (std::size_t g = 0; g < nb; ++g) {
      const std::size_t o_ = i * NG + g0 + g;
      sol.J[o_] = fJ[i * nb + g];
      sol.H[o_] = H[i * nb + g];
      sol.K[o_] = fK[i * nb + g];
    }
  const double four_pi = 4.0 * 3.14159265358979323846;
  for (std::size_t k = 0; k < N; ++k)
    for (std::size_t g = 0; g < nb; ++g) sol.Q[k * NG + g0 + g] = four_pi * (ka(k, g) * J[k * nb + g] - et(k, g));
  return br;
}

}  // namespace

Solution solve_discrete_ordinates(const Problem& pr, const DoOptions& o, const ExecOptions& exec) {
  validate(pr);
  if (o.extra_rays_per_shell < 0 || o.extra_rays_per_shell > 64) throw_invalid("extra_rays_per_shell", "must be in [0, 64]");
  if (o.core_rays < 1 || o.core_rays > 1024) throw_invalid("core_rays", "must be in [1, 1024]");
  if (o.max_iterations < 1) throw_invalid("max_iterations", "must be >= 1");
  const Geometry G = make_geometry(pr, o);
  Solution sol;
  sol.n_interfaces = pr.n_shells + 1;
  sol.n_groups = pr.n_groups;
  sol.J.assign(sol.n_interfaces * pr.n_groups, 0.0);
  sol.H = sol.J;
  sol.K = sol.J;
  sol.Q.assign(pr.n_shells * pr.n_groups, 0.0);
  const std::size_t nblocks = (pr.n_groups + kBlock - 1) / kBlock;
  std::vector<BlockResult> res(nblocks);
  // Blocks of groups one after the other; inside a block the rays are swept in parallel.
  const int threads = exec.threads > 0 ? exec.threads : max_threads();
  for (std::size_t blk = 0; blk < nblocks; ++blk) {
    const std::size_t g0 = blk * kBlock, nb = std::min(kBlock, pr.n_groups - g0);
    res[blk] = solve_block(pr, G, o, g0, nb, sol, exec.control, threads);
    if (exec.control) {
      exec.control->done.store(std::size_t((blk + 1) * 1000 / nblocks));
      exec.control->total = 1000;
      if (exec.control->on_progress) exec.control->on_progress(double(blk + 1) / double(nblocks));
    }
  }
  for (const auto& r : res) {
    sol.iterations = std::max(sol.iterations, r.iterations);
    sol.residual = std::max(sol.residual, r.residual);
  }
  for (const auto* v : {&sol.J, &sol.H, &sol.K, &sol.Q})
    for (double x : *v)
      if (!std::isfinite(x)) throw Error(ErrorCode::NotConverged, "J", "transport produced a non-finite value (overflow for these inputs)");
  return sol;
}

}  // namespace nusphere::transport
