// Fermi–Dirac integrals, complete and generalized (relativistic):
//   F_k(eta, beta) = ∫_0^∞ x^k sqrt(1 + beta x / 2) / (exp(x − eta) + 1) dx      (no 1/Γ(k+1) factor)
// with F_k(eta) = F_k(eta, 0), for k = j/2, j >= −1 integer (k = −1/2, 0, 1/2, 1, 3/2, ...), plus
// ∂F/∂eta and ∂F/∂beta from the same quadrature.
// Method: substitution x = u² (removes the x^{−1/2} and x^{1/2} endpoint behaviour), composite
// 16-point Gauss–Legendre on a mesh graded by the distance to the integrand's complex singularities
// (the Fermi poles at x = eta ± iπ and the branch point of the square root at u = ±i sqrt(2/beta)),
// cut where the remaining tail is below 1e-17 relative. Relative accuracy ≤ 1e-10 (measured against
// 30-digit quadrature, test/vectors) for eta ∈ [−100, 1e4], beta ∈ [0, 100].
// REFERENCES: Cox & Giuli (1968) ch. 24; Timmes & Arnett 1999 ApJS 125, 277 (definition of F_k(eta,beta));
//             Aparicio 1998 ApJS 117, 627 (interval splitting around the Fermi edge).
#pragma once
#include <cstddef>

#include "nusphere/core/isa.hpp"
#include "nusphere/core/job.hpp"

namespace nusphere {

struct FermiDiracValue {
  double f;         // F_k(eta, beta)
  double df_deta;   // ∂F/∂eta
  double df_dbeta;  // ∂F/∂beta
};

/// Checks k (2k integer, −1/2 <= k <= 20), eta finite, beta finite and >= 0; throws Error otherwise.
void fermi_dirac_check(double k, double eta, double beta);

/// One value with derivatives, on the process-wide ISA (or `isa` when given).
FermiDiracValue fermi_dirac_full(double k, double eta, double beta = 0.0);
FermiDiracValue fermi_dirac_full(double k, double eta, double beta, isa::Isa isa);
/// F_k(eta, beta) only.
double fermi_dirac(double k, double eta, double beta = 0.0);

/// Batch: out[i] = F_k(eta[i], beta ? beta[i] : beta_scalar). OpenMP over points.
/// Every input is validated before any output is written.
ParallelStats fermi_dirac_batch(double k, const double* eta, const double* beta, double beta_scalar,
                                double* out, std::size_t n, const ExecOptions& opts);

}  // namespace nusphere
