// nusphere::Error — the C++ side of the NusphereError hierarchy (DESIGN.md rule 6).
// C++ code throws; native/bindings converts to a JS error with a stable `code` and `field`.
#pragma once
#include <stdexcept>
#include <string>

namespace nusphere {

enum class ErrorCode { InvalidInput, OutOfDomain, NotConverged, Io, Cancelled, Native };

inline const char* error_code_name(ErrorCode c) {
  switch (c) {
    case ErrorCode::InvalidInput: return "INVALID_INPUT";
    case ErrorCode::OutOfDomain: return "OUT_OF_DOMAIN";
    case ErrorCode::NotConverged: return "NOT_CONVERGED";
    case ErrorCode::Io: return "IO";
    case ErrorCode::Cancelled: return "CANCELLED";
    case ErrorCode::Native: return "NATIVE";
  }
  return "NATIVE";
}

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string field, const std::string& message)
      : std::runtime_error(message), code_(code), field_(std::move(field)) {}
  ErrorCode code() const noexcept { return code_; }
  const std::string& field() const noexcept { return field_; }

 private:
  ErrorCode code_;
  std::string field_;
};

[[noreturn]] inline void throw_invalid(const std::string& field, const std::string& msg) {
  throw Error(ErrorCode::InvalidInput, field, field + ": " + msg);
}

}  // namespace nusphere
