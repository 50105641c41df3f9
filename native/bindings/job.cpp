// CancelToken and NativeJob (see job.hpp).
#include "job.hpp"

namespace nusphere::bindings {

AddonData* addon_data(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

static void cancel_running_jobs(void* arg) {
  auto* d = static_cast<AddonData*>(arg);
  std::lock_guard<std::mutex> lk(d->mutex);
  for (const auto& c : d->running) c->cancel.store(true);
}

void install_addon_data(Napi::Env env, Napi::Function token_ctor) {
  auto* d = new AddonData();
  d->token_ctor = Napi::Persistent(token_ctor);
  env.SetInstanceData(d);
  napi_add_env_cleanup_hook(env, cancel_running_jobs, d);
}

Napi::Function CancelToken::Define(Napi::Env env) {
  return DefineClass(env, "CancelToken",
                     {InstanceMethod<&CancelToken::Cancel>("cancel"),
                      InstanceAccessor<&CancelToken::Cancelled>("cancelled")});
}

CancelToken::CancelToken(const Napi::CallbackInfo& info) : Napi::ObjectWrap<CancelToken>(info) {}

Napi::Value CancelToken::Cancel(const Napi::CallbackInfo& info) {
  control_->cancel.store(true);
  return info.Env().Undefined();
}

Napi::Value CancelToken::Cancelled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), control_->cancelled());
}

std::shared_ptr<JobControl> CancelToken::from(Napi::Env env, const Napi::Value& v) {
  if (v.IsUndefined() || v.IsNull()) return std::make_shared<JobControl>();
  if (!v.IsObject()) throw_invalid(env, "token", "expected a CancelToken");
  AddonData* data = addon_data(env);
  if (!data || !v.As<Napi::Object>().InstanceOf(data->token_ctor.Value())) throw_invalid(env, "token", "expected a CancelToken");
  CancelToken* t = CancelToken::Unwrap(v.As<Napi::Object>());
  if (t->used_) throw_invalid(env, "token", "a CancelToken serves exactly one job");
  t->used_ = true;
  return t->control_;
}

NativeJob::NativeJob(Napi::Env env, std::shared_ptr<JobControl> control, const Napi::Value& on_progress, int threads)
    : Napi::AsyncProgressWorker<double>(env, "nusphere:job"),
      threads_(threads),
      deferred_(Napi::Promise::Deferred::New(env)),
      control_(std::move(control)) {
  if (AddonData* d = addon_data(env)) {
    std::lock_guard<std::mutex> lk(d->mutex);
    d->running.insert(control_);
  }
  if (on_progress.IsFunction()) on_progress_ = Napi::Persistent(on_progress.As<Napi::Function>());
  else if (!on_progress.IsUndefined() && !on_progress.IsNull()) throw_invalid(env, "onProgress", "expected a function");
}

ExecOptions NativeJob::exec() const {
  ExecOptions o;
  o.threads = threads_;
  o.control = control_.get();
  return o;
}

void NativeJob::Execute(const ExecutionProgress& progress) {
  control_->on_progress = [&progress](double f) { progress.Send(&f, 1); };
  try {
    if (control_->cancelled()) throw nusphere::Error(ErrorCode::Cancelled, "", "job cancelled before it started");
    Run();
  } catch (const nusphere::Error& e) {
    code_ = error_code_name(e.code());
    field_ = e.field();
    SetError(e.what());
  } catch (const std::bad_alloc&) {
    code_ = "NATIVE";
    SetError("out of memory in native code");
  } catch (const std::exception& e) {
    code_ = "NATIVE";
    SetError(std::string("native error: ") + e.what());
  }
  control_->on_progress = nullptr;
}

void NativeJob::OnProgress(const double* data, size_t count) {
  if (!data || count == 0 || on_progress_.IsEmpty()) return;
  const double f = data[0];
  if (!(f > last_progress_)) return;  // strictly monotone events only
  last_progress_ = f;
  Napi::HandleScope scope(Env());
  try {
    on_progress_.Call({Napi::Number::New(Env(), f)});
  } catch (const Napi::Error&) {
    // JS cannot run (environment shutting down, e.g. worker.terminate()) or the callback threw:
    // stop the job rather than compute for nobody.
    control_->cancel.store(true);
  }
}

static void unregister(Napi::Env env, const std::shared_ptr<JobControl>& c) {
  if (AddonData* d = addon_data(env)) {
    std::lock_guard<std::mutex> lk(d->mutex);
    d->running.erase(c);
  }
}

void NativeJob::OnOK() {
  unregister(Env(), control_);
  Napi::HandleScope scope(Env());
  try {
    deferred_.Resolve(Result(Env()));
  } catch (const Napi::Error& e) {
    deferred_.Reject(e.Value());
  }
}

void NativeJob::OnError(const Napi::Error& e) {
  unregister(Env(), control_);
  Napi::HandleScope scope(Env());
  deferred_.Reject(make_error(Env(), code_.c_str(), field_, e.Message()).Value());
}

}  // namespace nusphere::bindings
