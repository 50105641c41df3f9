/**
 * Build and runtime facts: versions, OpenMP, SIMD variant — what `nusphere info --json` prints and
 * what every output file records as provenance.
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { native, packageRoot } from '../native/loader';

/** What this installation is and can do. */
export interface NusphereInfo {
  version: string;
  node: string;
  napiVersion: number;
  openmp: { enabled: boolean; maxThreads: number };
  isa: { available: string[]; selected: string; requested: string | null; note?: string };
  compiler: string;
  buildType: string;
  buildTool: string;
  platform: string;
}

/** The package version from package.json. */
export function version(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version as string;
}

/** Build and runtime information. */
export function info(): NusphereInfo {
  const n = native().info();
  return {
    version: version(),
    node: process.version,
    napiVersion: n.napiVersion,
    openmp: n.openmp,
    isa: n.isa,
    compiler: n.compiler,
    buildType: n.buildType,
    buildTool: n.buildTool,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** Selects the SIMD kernel variant for this process (benchmarks and tests). */
export function setIsa(isa: 'scalar' | 'avx2' | 'avx512'): string {
  return native().setIsa(isa);
}
