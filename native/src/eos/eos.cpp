// EOS plumbing shared by every implementation: input/domain checks and the batched evaluation
// (structure of arrays in, EosState array out) as an OpenMP loop over points via
// parallel_for_chunks (cancellation, progress, thread count from ExecOptions).
// REFERENCES: none (no physics here; see analytic_eos.hpp for the analytic EOS).
#include <cmath>
#include <cstdio>
#include <string>

#include "nusphere/core/errors.hpp"
#include "nusphere/eos/eos.hpp"
#include "nusphere/eos/eos_checks.hpp"

namespace nusphere::eos {
namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

void check_one(const char* field, double v, double lo, double hi, bool strictly_positive) {
  if (!std::isfinite(v)) throw Error(ErrorCode::InvalidInput, field, std::string(field) + ": must be finite, got " + num(v));
  if (v < 0 || (strictly_positive && v == 0))
    throw Error(ErrorCode::InvalidInput, field, std::string(field) + ": must be > 0, got " + num(v));
  if (v < lo || v > hi)
    throw Error(ErrorCode::OutOfDomain, field,
                std::string(field) + ": " + num(v) + " is outside the EOS domain [" + num(lo) + ", " + num(hi) + "]");
}

}  // namespace

void check_eos_inputs(const EosDomain& d, double rho_gcc, double T_MeV, double Ye) {
  check_one("rho_gcc", rho_gcc, d.rho_min_gcc, d.rho_max_gcc, true);
  check_one("T_MeV", T_MeV, d.T_min_MeV, d.T_max_MeV, true);
  check_one("Ye", Ye, d.Ye_min, d.Ye_max, false);
}

ParallelStats evaluate_batch(const Eos& eos, const double* rho_gcc, const double* T_MeV, const double* Ye,
                             EosState* out, std::size_t n, const ExecOptions& opts) {
  if (n > 0 && (!rho_gcc || !T_MeV || !Ye || !out)) throw_invalid("buffers", "null input or output array");
  // Every input is validated before any output is written.
  const EosDomain d = eos.domain();
  for (std::size_t i = 0; i < n; ++i) {
    try {
      check_eos_inputs(d, rho_gcc[i], T_MeV[i], Ye[i]);
    } catch (const Error& e) {
      throw Error(e.code(), e.field() + "[" + std::to_string(i) + "]",
                  std::string(e.what()) + " (at index " + std::to_string(i) + ")");
    }
  }
  return parallel_for_chunks(n, opts, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
      try {
        eos.evaluate(rho_gcc[i], T_MeV[i], Ye[i], out[i]);
      } catch (const Error& err) {
        throw Error(err.code(), err.field() + "[" + std::to_string(i) + "]",
                    std::string(err.what()) + " (at index " + std::to_string(i) + ")");
      }
    }
  });
}

}  // namespace nusphere::eos
