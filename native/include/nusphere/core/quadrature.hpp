// Quadrature rules shared by every module (one implementation: DESIGN.md "do not write it twice").
#pragma once

namespace nusphere {

/// n-point Gauss–Legendre nodes x (ascending) and weights w on [−1, 1], 1 <= n <= 64, by Newton
/// iteration on P_n in long double from Chebyshev-like starting points; nodes and weights accurate to
/// the last bit of a double.
void gauss_legendre(int n, double* x, double* w);

}  // namespace nusphere
