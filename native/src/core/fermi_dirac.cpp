// Generalized Fermi–Dirac integrals F_k(eta, beta): mesh construction (ISA-neutral) and dispatch to
// the per-ISA node kernels. See fermi_dirac.hpp for the definition, method and references.
#include "nusphere/core/fermi_dirac.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "kernels.hpp"
#include "nusphere/core/errors.hpp"
#include "nusphere/core/quadrature.hpp"

namespace nusphere {
namespace {

constexpr int kGL = 16;          // Gauss–Legendre points per interval
constexpr int kMaxIntervals = 256;
constexpr double kPi = 3.14159265358979323846;
// Mesh parameters (validated by test/vectors): an interval's length is at most kAlpha times the
// distance from it to the nearest complex singularity; the Fermi factor counts as 1 below
// eta − kFlat; the integral is cut kTail (+ 2k) above max(eta, 0).
constexpr double kAlpha = 0.6;
constexpr double kFlat = 38.0;
constexpr double kTail = 60.0;
constexpr double kMaxStepX = 10;  // x-length cap where the Fermi factor varies (exp decay)

struct GaussLegendre {
  std::array<double, kGL> x{}, w{};  // nodes and weights on [−1, 1]
  GaussLegendre() { gauss_legendre(kGL, x.data(), w.data()); }
};
const GaussLegendre& gl() {
  static const GaussLegendre g;
  return g;
}

kernels::FdIntervalsFn kernel_for(isa::Isa i) {
  switch (i) {
    case isa::Isa::Avx512: return &kernels::avx512::fd_intervals;
    case isa::Isa::Avx2: return &kernels::avx2::fd_intervals;
    default: return &kernels::scalar::fd_intervals;
  }
}

// Length (in x) of the next interval starting at x0, limited by the Fermi poles at eta ± iπ.
double fermi_step_x(double x0, double eta) {
  if (x0 >= eta) return std::min(kAlpha * std::sqrt((x0 - eta) * (x0 - eta) + kPi * kPi), kMaxStepX);
  const double D = eta - x0, a2 = kAlpha * kAlpha;
  // Largest L with L = alpha * dist([x0, x0+L], eta ± iπ) while the interval stays below eta.
  double L = (-a2 * D + std::sqrt(a2 * a2 * D * D + (1 - a2) * a2 * (D * D + kPi * kPi))) / (1 - a2);
  if (L > D) L = std::max(D, kAlpha * kPi);
  if (D < kFlat) L = std::min(L, kMaxStepX);
  return L;
}

struct Mesh {
  double c[kMaxIntervals];  // interval centres (u)
  double s[kMaxIntervals];  // interval half-widths (u)
  std::size_t n = 0;
};

void build_mesh(double k, double eta, double beta, Mesh& m) {
  const double x_end = std::max(eta, 0.0) + kTail + 2.0 * std::max(k, 0.0);
  const double u_end = std::sqrt(x_end);
  const double sb2 = beta > 0 ? 2.0 / beta : -1.0;  // squared distance of the sqrt branch point
  double a = 0.0;
  int count = 0;
  while (a < u_end) {
    const double x0 = a * a;
    double h;
    if (x0 < eta - kFlat - 1e-6) {
      // Fermi factor flat to 1e-16: go to eta − kFlat in one go unless the branch point limits.
      const double xs = eta - kFlat;
      const double L = std::min(xs - x0, fermi_step_x(x0, eta));
      h = std::sqrt(x0 + L) - a;
    } else {
      h = std::sqrt(x0 + fermi_step_x(x0, eta)) - a;
    }
    if (sb2 > 0) h = std::min(h, kAlpha * 2.0 * std::sqrt(a * a + sb2));
    h = std::max(h, 1e-12 * u_end);  // never stall on rounding at a region boundary
    h = std::min(h, u_end - a);
    if (!(h > 0) || count >= kMaxIntervals)
      throw Error(ErrorCode::Native, "eta", "Fermi–Dirac mesh construction failed");
    m.c[m.n] = a + 0.5 * h;
    m.s[m.n] = 0.5 * h;
    ++m.n;
    a += h;
    ++count;
  }
}

FermiDiracValue evaluate(double k, double eta, double beta, kernels::FdIntervalsFn fn, bool derivs) {
  Mesh m;  // 4 kB
  build_mesh(k, eta, beta, m);
  const GaussLegendre& g = gl();
  double r[3];
  fn(m.c, m.s, m.n, g.x.data(), g.w.data(), int(2 * k + 1.5), eta, beta, derivs ? 1 : 0, r);
  return {r[0], r[1], r[2]};
}

}  // namespace

void fermi_dirac_check(double k, double eta, double beta) {
  if (!std::isfinite(k) || k < -0.5 || k > 20 || std::fabs(2 * k - std::round(2 * k)) > 0)
    throw_invalid("k", "must be a multiple of 1/2 in [-1/2, 20], got " + std::to_string(k));
  if (!std::isfinite(eta)) throw_invalid("eta", "must be finite");
  if (eta < -700 || eta > 1e6) throw Error(ErrorCode::OutOfDomain, "eta", "eta: outside [-700, 1e6], got " + std::to_string(eta));
  if (!std::isfinite(beta) || beta < 0) throw_invalid("beta", "must be finite and >= 0, got " + std::to_string(beta));
  if (beta > 1e6) throw Error(ErrorCode::OutOfDomain, "beta", "beta: outside [0, 1e6], got " + std::to_string(beta));
}

FermiDiracValue fermi_dirac_full(double k, double eta, double beta, isa::Isa i) {
  fermi_dirac_check(k, eta, beta);
  return evaluate(k, eta, beta, kernel_for(i), true);
}

FermiDiracValue fermi_dirac_full(double k, double eta, double beta) {
  return fermi_dirac_full(k, eta, beta, isa::selected());
}

double fermi_dirac(double k, double eta, double beta) { return fermi_dirac_full(k, eta, beta).f; }

ParallelStats fermi_dirac_batch(double k, const double* eta, const double* beta, double beta_scalar,
                                double* out, std::size_t n, const ExecOptions& opts) {
  fermi_dirac_check(k, 0.0, beta ? 0.0 : beta_scalar);
  for (std::size_t i = 0; i < n; ++i) {
    try {
      fermi_dirac_check(k, eta[i], beta ? beta[i] : beta_scalar);
    } catch (const Error& e) {
      throw Error(e.code(), e.field() + "[" + std::to_string(i) + "]",
                  std::string(e.what()) + " (at index " + std::to_string(i) + ")");
    }
  }
  const kernels::FdIntervalsFn fn = kernel_for(isa::selected());
  return parallel_for_chunks(n, opts, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) out[i] = evaluate(k, eta[i], beta ? beta[i] : beta_scalar, fn, false).f;
  });
}

}  // namespace nusphere
