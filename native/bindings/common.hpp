// Binding helpers: error conversion (nusphere::Error -> JS Error with `code` and `field`) and
// Float64Array views that refuse detached, out-of-bounds or wrongly typed buffers.
// This directory is the ONLY code that includes napi.h (DESIGN.md).
#pragma once
#include <napi.h>

#include <cstddef>
#include <new>
#include <string>
#include <vector>

#include "nusphere/core/errors.hpp"

namespace nusphere::bindings {

inline Napi::Error make_error(Napi::Env env, const char* code, const std::string& field, const std::string& msg) {
  Napi::Error e = Napi::Error::New(env, msg);
  e.Set("code", Napi::String::New(env, code));
  if (!field.empty()) e.Set("field", Napi::String::New(env, field));
  return e;
}

inline Napi::Error to_js(Napi::Env env, const nusphere::Error& e) {
  return make_error(env, error_code_name(e.code()), e.field(), e.what());
}

[[noreturn]] inline void throw_invalid(Napi::Env env, const std::string& field, const std::string& msg) {
  throw make_error(env, "INVALID_INPUT", field, field + ": " + msg);
}

/// Runs fn() and converts C++ exceptions into JS exceptions with stable codes.
template <class F>
Napi::Value guarded(Napi::Env env, F&& fn) {
  try {
    return fn();
  } catch (const Napi::Error&) {
    throw;
  } catch (const nusphere::Error& e) {
    throw to_js(env, e);
  } catch (const std::bad_alloc&) {
    throw make_error(env, "NATIVE", "", "out of memory in native code");
  } catch (const std::exception& e) {
    throw make_error(env, "NATIVE", "", std::string("native error: ") + e.what());
  }
}

struct F64View {
  double* data = nullptr;
  std::size_t length = 0;
};

/// A zero-copy view of a Float64Array. Rejects other types, detached buffers and views that lie
/// (partly) outside their buffer (e.g. after a resizable ArrayBuffer shrank).
inline F64View f64_view(Napi::Env env, const Napi::Value& v, const std::string& field) {
  if (!v.IsTypedArray()) throw_invalid(env, field, "expected a Float64Array");
  Napi::TypedArray ta = v.As<Napi::TypedArray>();
  if (ta.TypedArrayType() != napi_float64_array) throw_invalid(env, field, "expected a Float64Array (got another typed array)");
  Napi::ArrayBuffer ab = ta.ArrayBuffer();
  bool detached = false;
  if (napi_is_detached_arraybuffer(env, ab, &detached) != napi_ok || detached)
    throw_invalid(env, field, "the underlying ArrayBuffer is detached");
  const std::size_t off = ta.ByteOffset(), len = ta.ElementLength();
  if (off + len * sizeof(double) > ab.ByteLength() || (len > 0 && ab.Data() == nullptr))
    throw_invalid(env, field, "the view lies outside its ArrayBuffer (resized buffer?)");
  F64View out;
  out.data = reinterpret_cast<double*>(static_cast<char*>(ab.Data()) + off);
  out.length = len;
  return out;
}

/// A copy of a Float64Array (for data the native side keeps beyond the call: tables, job inputs).
inline std::vector<double> f64_vector(Napi::Env env, const Napi::Value& v, const std::string& field) {
  F64View a = f64_view(env, v, field);
  return std::vector<double>(a.data, a.data + a.length);
}

inline int threads_arg(Napi::Env env, const Napi::Value& v) {
  if (v.IsUndefined() || v.IsNull()) return 0;
  if (!v.IsNumber()) throw_invalid(env, "threads", "expected an integer >= 0");
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 0) || d > 4096 || d != static_cast<double>(static_cast<int>(d))) throw_invalid(env, "threads", "expected an integer in [0, 4096]");
  return static_cast<int>(d);
}

inline double number_arg(Napi::Env env, const Napi::Value& v, const std::string& field) {
  if (!v.IsNumber()) throw_invalid(env, field, "expected a number");
  return v.As<Napi::Number>().DoubleValue();
}

}  // namespace nusphere::bindings
