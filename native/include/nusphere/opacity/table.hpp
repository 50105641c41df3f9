// Opacity tables over (ρ, T, Ye, energy group, species): built from an EOS and an OpacitySet with
// OpenMP over thermodynamic points, group-integrated over bin edges (Gauss–Legendre sub-points in
// each bin: group-averaged opacities, group-integrated emissivity), and interpolated trilinearly in
// (log ρ, log T, Ye) of log values (as NuLib's reader does) — the hot path transport uses.
// Layout in memory: index (((iye·nT + iT)·nρ + iρ)·nsp + s)·ng + g, so the 8 corners of a cell each
// hold contiguous [species][group] blocks (SIMD over groups).
// REFERENCES: O'Connor 2015 ApJS 219, 24 (NuLib tables); NULIB.md §5.
#pragma once
#include <cstddef>
#include <vector>

#include "nusphere/core/job.hpp"
#include "nusphere/eos/eos.hpp"
#include "nusphere/opacity/opacity.hpp"

namespace nusphere::opacity {

struct TableSpec {
  std::vector<double> rho_gcc, T_MeV, Ye;  // strictly increasing axes; ρ, T > 0
  std::vector<double> bin_edges_MeV;       // ng + 1 strictly increasing edges, first >= 0
  int sub_points = 4;                      // GL points per group; 0 = sample at the group centre (NuLib default)
  int species = kNumSpecies;               // nue, anue, nux
  std::size_t groups() const { return bin_edges_MeV.empty() ? 0 : bin_edges_MeV.size() - 1; }
  std::size_t points() const { return rho_gcc.size() * T_MeV.size() * Ye.size(); }
};

/// Memory a table of this spec needs [bytes] (three double arrays).
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

  /// Group values of one species at (ρ, T, Ye): kappa_a, kappa_s [cm⁻¹], eta group-integrated
  /// [erg cm⁻³ s⁻¹ sr⁻¹]; arrays of length groups(). Out of the table's range: Error(OutOfDomain)
  /// naming the field, unless clamp.
  void interpolate(double rho_gcc, double T_MeV, double Ye, int species, double* kappa_a, double* kappa_s,
                   double* eta, bool clamp = false) const;

 private:
  OpacityTable() = default;
  void prepare_logs();
  TableSpec spec_;
  std::vector<double> ka_, ks_, eta_;
  std::vector<double> lka_, lks_, leta_;  // log10 of the above (floored at 1e-300)
  std::vector<double> lrho_, lT_;
};

}  // namespace nusphere::opacity
