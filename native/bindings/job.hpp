// The native half of the async job plumbing (DESIGN.md rule 4), reused by every module:
//  - CancelToken: a JS object owning the job's JobControl; token.cancel() sets the atomic flag that
//    the kernels check between chunks.
//  - NativeJob: an AsyncProgressWorker that runs Run() on the libuv pool (the OpenMP team is started
//    inside it with num_threads(n)), forwards monotone progress fractions to a JS callback, resolves
//    a Promise with Result() or rejects it with an Error carrying the stable code.
#pragma once
#include <napi.h>

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "common.hpp"
#include "nusphere/core/job.hpp"

namespace nusphere::bindings {

/// Per-environment state (main thread and each worker thread have their own): the CancelToken
/// constructor and the controls of the jobs still running, which an environment cleanup hook
/// cancels when the environment shuts down (e.g. worker.terminate()).
struct AddonData {
  Napi::FunctionReference token_ctor;
  Napi::FunctionReference eos_table_ctor;
  Napi::FunctionReference opacity_table_ctor;
  std::mutex mutex;
  std::set<std::shared_ptr<JobControl>> running;
};
AddonData* addon_data(Napi::Env env);
void install_addon_data(Napi::Env env, Napi::Function token_ctor);

class CancelToken : public Napi::ObjectWrap<CancelToken> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit CancelToken(const Napi::CallbackInfo& info);
  std::shared_ptr<JobControl> control() const { return control_; }
  /// The token passed as argument `v`, or a fresh control when v is undefined.
  static std::shared_ptr<JobControl> from(Napi::Env env, const Napi::Value& v);

 private:
  Napi::Value Cancel(const Napi::CallbackInfo& info);
  Napi::Value Cancelled(const Napi::CallbackInfo& info);
  std::shared_ptr<JobControl> control_ = std::make_shared<JobControl>();
  bool used_ = false;
};

class NativeJob : public Napi::AsyncProgressWorker<double> {
 public:
  NativeJob(Napi::Env env, std::shared_ptr<JobControl> control, const Napi::Value& on_progress, int threads);
  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  /// Runs on a worker thread. Throw nusphere::Error to fail; use exec() for parallel loops.
  virtual void Run() = 0;
  /// Builds the resolved value on the main thread.
  virtual Napi::Value Result(Napi::Env env) = 0;
  ExecOptions exec() const;
  int team_size_ = 1;  // set by Run() from ParallelStats
  int threads_ = 0;

 private:
  void Execute(const ExecutionProgress& progress) final;
  void OnProgress(const double* data, size_t count) final;
  void OnOK() final;
  void OnError(const Napi::Error& e) final;

  Napi::Promise::Deferred deferred_;
  std::shared_ptr<JobControl> control_;
  Napi::FunctionReference on_progress_;
  double last_progress_ = -1.0;
  std::string code_ = "NATIVE", field_;
};

}  // namespace nusphere::bindings
