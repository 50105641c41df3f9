// Internal: per-ISA opacity kernels (defined once per ISA in kernels_<isa>.cpp, bodies in
// kernels_impl.inc). Only plain C types cross this boundary.
#pragma once
#include <cstddef>

namespace nusphere::opacity::kernels {

// e⁺e⁻ pair production, single-neutrino integrals of the Bruenn (1985) kernel for electron
// degeneracy eta >= 0 (massless electrons, energies in units of T), see pair.cpp:
//   I_r(x) = ∫∫_{y,z>=0, y+z>=x} f_e(y) f_p(z) K_r(x; y, z) dy dz,   r = 1, 2,
//   I_r(x_i) = exp(sigma[i] − x_i) J_r[i]   (scaled so that nothing over- or underflows needlessly).
using PairFn = void (*)(double eta, const double* x, std::size_t n, double* J1, double* J2, double* sigma);

// Coherent scattering angular sums with the 16-point Gauss–Legendre rule (nodes μ_j, weights w_j):
//   out[i] = Σ_j w_j (1 − μ_j²) (Wc exp(−y_i (1 − μ_j)/2) + ell / (1 + beta_i (1 − μ_j)))².
using HeavyFn = void (*)(const double* y, const double* beta, std::size_t n, double Wc, double ell, double* out);

// Complete Fermi–Dirac integrals of integer order on the non-degenerate side, all k = 0..5 at once:
//   out[k] = Shat_k(w) with F_k(u) = w Shat_k(w), w = exp(u) in [0, 1] (rational approximation).
using FdShatFn = void (*)(double w, double* out6);

// Elementwise exp (arguments clamped to [−708, 709]) and log (positive normal arguments), relative
// error ~1e-16, for the per-energy loops of the ISA-neutral code.
using ArrayFn = void (*)(const double* x, double* y, std::size_t n);

// Weak-magnetism transport factor of NC nucleon scattering at energies E[i] (scattering.cpp):
// coef = {series[11], couplings[5], 1/d0, 1/M, series threshold}.
using WmFn = void (*)(const double* E, std::size_t n, const double* coef, double* out);

#define NUSPHERE_OPACITY_KERNEL_DECL                                                                 \
  void pair_integrals(double, const double*, std::size_t, double*, double*, double*);              \
  void heavy_angular(const double*, const double*, std::size_t, double, double, double*);          \
  void fd_shat_all(double, double*);                                                                \
  void exp_array(const double*, double*, std::size_t);                                              \
  void log_array(const double*, double*, std::size_t);                                              \
  void wm_transport_array(const double*, std::size_t, const double*, double*)
namespace scalar { NUSPHERE_OPACITY_KERNEL_DECL; }
namespace avx2 { NUSPHERE_OPACITY_KERNEL_DECL; }
namespace avx512 { NUSPHERE_OPACITY_KERNEL_DECL; }
#undef NUSPHERE_OPACITY_KERNEL_DECL

}  // namespace nusphere::opacity::kernels
