/**
 * Provenance recorded in every output file (DESIGN.md rule 5): package version, git commit when the
 * package is a git checkout, ISA path, OpenMP threads, Node, time, the constants that codes disagree
 * on, the weak-scale model, and the caller's parameters.
 * @module
 */
import { execFileSync } from 'node:child_process';

import { gA, sin2thetaW, sigma0_cm2, GF_GeV2 } from './constants';
import { info } from './info';
import { packageRoot } from '../native/loader';

let commit: string | null | undefined;

/** The git commit of the package checkout, or null (installed from npm, or git missing). */
export function gitCommit(): string | null {
  if (commit !== undefined) return commit;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: packageRoot(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).trim() || null;
  } catch {
    commit = null;
  }
  return commit;
}

export function provenance(params: Record<string, unknown>, threads?: number): Record<string, unknown> {
  const i = info();
  return {
    nusphere: i.version,
    git_commit: gitCommit(),
    node: process.version,
    isa: i.isa.selected,
    threads: threads ?? i.openmp.maxThreads,
    openmp: i.openmp.enabled,
    created: new Date().toISOString(),
    constants: { gA, sin2thetaW, sigma0_cm2, GF_GeV2 },
    params,
  };
}
