// Opacity tables over (ρ, T, Ye, energy group, species): built from an EOS and an OpacitySet with
// OpenMP over thermodynamic points, group-integrated over bin edges (Gauss–Legendre sub-points in
// each bin: group-averaged opacities, group-integrated emissivity), and interpolated trilinearly in
// (log ρ, log T, Ye) of log values (as NuLib's reader does) — the hot path transport uses.
// Layout in memory: index (((iye·nT + iT)·nρ + iρ)·nsp + s)·ng + g, so the 8 corners of a cell each
// hold contiguous [species][group] blocks (SIMD over groups).
// Optional NES kernel table (when spec.kernels is set; off by default): Φ0, Φ1 of the out-scattering
// kernel [cm³ s⁻¹] (inelastic.hpp) at the group centres over its own (T, η_e) grid, stored in NuLib's
// order — C view [E_out][species][E_in][η][T] = Fortran (T, η, E_in, species, E_out): index
// (((o·nsp + s)·ng + i)·nη + iη)·nT + iT. E_out <= E_in is integrated, E_out > E_in filled by detailed
// balance Φ(E_in, E_out) = e^{−(E_out−E_in)/T} Φ(E_out, E_in) (as NuLib). OpenMP over (T, η) points.
// With kernels.pair also the e⁺e⁻ kernels in NuLib's order, Fortran (T, η, E, species, E_partner, 2)
// = C view [channel][E_partner][species][E][η][T], channel 0 = production, 1 = annihilation:
// index ((((c·ng + o)·nsp + s)·ng + i)·nη + iη)·nT + iT.
// REFERENCES: O'Connor 2015 ApJS 219, 24 (NuLib tables); NULIB.md §5; Bruenn 1985 ApJS 58, 771 (NES).
#pragma once
#include <cstddef>
#include <vector>

#include "nusphere/core/job.hpp"
#include "nusphere/eos/eos.hpp"
#include "nusphere/opacity/opacity.hpp"

namespace nusphere::opacity {

/// Grid of the NES kernel table: T [MeV] and η_e = mu_e/T, both strictly increasing (NuLib: log
/// spaced, T > 0, η > 0). Empty T_MeV: no kernel table.
struct KernelSpec {
  std::vector<double> T_MeV, eta;
  bool pair = false;  // also the e⁺e⁻ pair kernels (NuLib's epannihil_phi0/1) on the same grid
  bool enabled() const { return !T_MeV.empty(); }
  std::size_t points() const { return T_MeV.size() * eta.size(); }
};

struct TableSpec {
  std::vector<double> rho_gcc, T_MeV, Ye;  // strictly increasing axes; ρ, T > 0
  std::vector<double> bin_edges_MeV;       // ng + 1 strictly increasing edges, first >= 0
  int sub_points = 4;                      // GL points per group; 0 = sample at the group centre (NuLib default)
  int species = kNumSpecies;               // nue, anue, nux
  KernelSpec kernels;                      // NES kernel table; empty (default): none
  std::size_t groups() const { return bin_edges_MeV.empty() ? 0 : bin_edges_MeV.size() - 1; }
  std::size_t points() const { return rho_gcc.size() * T_MeV.size() * Ye.size(); }
};

/// Memory a table of this spec needs [bytes] (three double arrays and their logs, plus the two
/// kernel arrays when spec.kernels is set).
std::size_t table_bytes(const TableSpec& spec);
/// Validates the spec (monotone axes, finite, sizes); throws Error(InvalidInput) naming the field.
void validate_spec(const TableSpec& spec);

class OpacityTable {
 public:
  /// Builds the table; refuses up front (Error InvalidInput, field "size") when it would need more than
  /// max_bytes. Progress and cancellation through opts.control.
  static OpacityTable build(const eos::Eos& eos, const OpacityParams& params, const TableSpec& spec,
                            const ExecOptions& opts, std::size_t max_bytes, ParallelStats* stats = nullptr);
  /// Wraps existing data (e.g. read from a NuLib file); validates sizes and finiteness.
  OpacityTable(TableSpec spec, std::vector<double> kappa_a, std::vector<double> kappa_s, std::vector<double> eta);

  const TableSpec& spec() const { return spec_; }
  const std::vector<double>& kappa_a() const { return ka_; }
  const std::vector<double>& kappa_s() const { return ks_; }
  const std::vector<double>& eta() const { return eta_; }
  /// NES kernels Φ0, Φ1 [cm³ s⁻¹] in NuLib's order (see the file header); empty without kernels.
  const std::vector<double>& nes_phi0() const { return phi0_; }
  const std::vector<double>& nes_phi1() const { return phi1_; }
  /// e⁺e⁻ pair kernels Φ0, Φ1 [cm³ s⁻¹] (NuLib order, see the file header); empty unless kernels.pair.
  const std::vector<double>& pair_phi0() const { return pair0_; }
  const std::vector<double>& pair_phi1() const { return pair1_; }
  /// Attaches a kernel table (e.g. read from a NuLib file): validates the grid and the sizes
  /// (nT·nη·ng²·species each; pair arrays 2× that when k.pair), finiteness and Φ0 >= 0
  /// (Error(InvalidInput) naming the field).
  void set_kernels(KernelSpec k, std::vector<double> phi0, std::vector<double> phi1,
                   std::vector<double> pair_phi0 = {}, std::vector<double> pair_phi1 = {});

  /// Group values of one species at (ρ, T, Ye): kappa_a, kappa_s [cm⁻¹], eta group-integrated
  /// [erg cm⁻³ s⁻¹ sr⁻¹]; arrays of length groups(). Out of the table's range: Error(OutOfDomain)
  /// naming the field, unless clamp.
  void interpolate(double rho_gcc, double T_MeV, double Ye, int species, double* kappa_a, double* kappa_s,
                   double* eta, bool clamp = false) const;

 private:
  OpacityTable() = default;
  void prepare_logs();
  ParallelStats build_kernels(const OpacityParams& params, const ExecOptions& opts, double progress_from);
  TableSpec spec_;
  std::vector<double> ka_, ks_, eta_;
  std::vector<double> phi0_, phi1_;  // NES kernels (NuLib order)
  std::vector<double> pair0_, pair1_;  // e⁺e⁻ pair kernels (NuLib order)
  std::vector<double> lka_, lks_, leta_;  // log10 of the above (floored at 1e-300)
  std::vector<double> lrho_, lT_;
};

}  // namespace nusphere::opacity
