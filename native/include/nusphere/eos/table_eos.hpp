// Tabulated EOS in the stellarcollapse.org layout (O'Connor & Ott 2010 CQG 27, 114103; FORMATS.md):
// axes log10 ρ [g cm⁻³], log10 T [MeV], Ye; trilinear interpolation in (log ρ, log T, Ye) of
// log10 P, log10(e + energy_shift), s (as log10 s when the whole table has s > 0: radiation-dominated
// entropy ∝ T³/ρ is a straight line in log–log but curves by 1.5 % across a 0.05-dex cell when
// interpolated linearly), chemical potentials, mass fractions, Ā, Z̄, cs², Γ; temperature
// from (ρ, e, Ye) or (ρ, s, Ye) by bracketed Newton/bisection in log T. ∂P/∂ρ, ∂P/∂T, ∂e/∂ρ, ∂e/∂T,
// ∂s/∂ρ, ∂s/∂T are the exact derivatives of the interpolant (for trilinear: continuous within a cell, jumping across its faces).
// The arrays are handed over by the caller (the TS facade reads the HDF5 file with h5wasm) in the
// C view [ye][temp][rho] of the file's Fortran (rho, temp, ye) order.
// REFERENCES: O'Connor & Ott 2010 CQG 27, 114103 (layout and conventions).
#pragma once
#include <array>
#include <string>
#include <vector>

#include "nusphere/eos/eos.hpp"

namespace nusphere::eos {

/// The variables a table carries (order of TableEos::Fields).
enum class TableVar : int {
  LogPress = 0, LogEnergy, Entropy, MuNu, MuHat, MuE, MuP, MuN, Xa, Xh, Xn, Xp, Abar, Zbar, Cs2, Gamma, Count
};
inline constexpr int kTableVars = static_cast<int>(TableVar::Count);
/// Dataset names in the file, in TableVar order.
const std::array<const char*, kTableVars>& table_var_names();

struct TableEosData {
  std::vector<double> logrho, logtemp, ye;  // strictly increasing axes
  double energy_shift_ergg = 0;
  // one array per TableVar, each nye*ntemp*nrho long, index (iye*ntemp + it)*nrho + ir
  std::array<std::vector<double>, kTableVars> fields;
};

class TableEos final : public Eos {
 public:
  /// Validates sizes, monotone axes and finiteness; throws Error(InvalidInput) naming the field.
  /// cubic: 4-point Lagrange interpolation per axis (tricubic, 64 nodes) instead of trilinear —
  /// errors O(h⁴) instead of O(h²) where the tabulated functions are curved.
  explicit TableEos(TableEosData data, bool clamp = false, bool cubic = false);
  EosDomain domain() const override;
  void evaluate(double rho_gcc, double T_MeV, double Ye, EosState& out) const override;
  /// Temperature [MeV] at which e(ρ, T, Ye) = e_ergg (specific internal energy, without shift).
  double temperature_from_energy(double rho_gcc, double e_ergg, double Ye) const;
  /// Temperature [MeV] at which s(ρ, T, Ye) = s_kB.
  double temperature_from_entropy(double rho_gcc, double s_kB, double Ye) const;

 private:
  // Interpolation weights of one point: per axis n nodes from i0, weights L and dL/d(axis coordinate).
  struct Stencil {
    int n[3], i0[3];
    double L[3][4], dL[3][4];
  };
  Stencil stencil(double lr, double lt, double y) const;
  // Σ weights × f at the stencil; optionally ∂/∂log10 ρ and ∂/∂log10 T of the interpolant.
  // One variable v of the interleaved store at the stencil; optionally ∂/∂log10 ρ and ∂/∂log10 T.
  double apply(const Stencil& st, int v, double* d_lr = nullptr, double* d_lt = nullptr) const;
  double entropy(double lr, double lt, double y) const;
  void locate(double lr, double lt, double y, int idx[3], double w[3]) const;
  double invert(double rho_gcc, double target, double Ye, bool energy) const;
  TableEosData d_;  // axes and energy shift; the per-variable arrays are moved into nodes_
  bool clamp_;
  bool cubic_;
  bool log_entropy_ = false;  // entropy interpolated as log10 s (every tabulated s > 0)
  // Node-interleaved store: kPack values per (ρ, T, Ye) node, [(iye·ntemp + it)·nrho + ir][v], v in
  // TableVar order with slot Entropy holding log10 s when log_entropy_. One point's interpolation then
  // reads a few contiguous cache lines per stencil row instead of one per variable (the
  // variable-major file layout costs one cache miss per variable and row on large tables).
  static constexpr int kPack = kTableVars;
  std::vector<double> nodes_;
};

}  // namespace nusphere::eos
