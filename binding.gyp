# Portable addon recipe used by node-gyp (from-source installs) and prebuildify (prebuilds/).
# CMakeLists.txt is the developer/cluster build of the same sources. Per-ISA kernels are built as
# static libraries with their own -m flags; the runtime dispatch picks one at load.
{
  "target_defaults": {
    "cflags!": ["-fno-exceptions", "-fno-rtti"],
    "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17"],
    "cflags_cc": ["-std=c++20", "-O3", "-fexceptions", "-fno-math-errno", "-fopenmp", "-fPIC"],
    "include_dirs": ["native/include", "<!(node -p \"require('node-addon-api').include_dir\")"],
    "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED",
                "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS", "NUSPHERE_HAVE_AVX2", "NUSPHERE_HAVE_AVX512",
                "NUSPHERE_BUILD_TYPE=\"Release\"", "NUSPHERE_BUILD_TOOL=\"node-gyp\""]
  },
  "targets": [
    {
      "target_name": "nusphere_scalar",
      "type": "static_library",
      "sources": ["<!@(node scripts/gyp-sources.js scalar)"],
      "cflags_cc": ["-fno-tree-vectorize"]
    },
    {
      "target_name": "nusphere_avx2",
      "type": "static_library",
      "sources": ["<!@(node scripts/gyp-sources.js avx2)"],
      "cflags_cc": ["-mavx2", "-mfma"]
    },
    {
      "target_name": "nusphere_avx512",
      "type": "static_library",
      "sources": ["<!@(node scripts/gyp-sources.js avx512)"],
      "cflags_cc": ["-mavx512f", "-mavx512dq", "-mavx512vl", "-mavx512bw", "-mfma"]
    },
    {
      "target_name": "nusphere",
      "sources": ["<!@(node scripts/gyp-sources.js core)", "<!@(node scripts/gyp-sources.js bindings)"],
      "dependencies": ["nusphere_scalar", "nusphere_avx2", "nusphere_avx512"],
      "ldflags": ["-fopenmp", "-Wl,-z,nodelete"]
    }
  ]
}
