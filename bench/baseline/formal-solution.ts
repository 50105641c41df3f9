/**
 * Plain-TypeScript formal solution on tangent rays with a linear-in-τ source — the same algorithm as
 * the native solver's ray sweep (native/src/transport/discrete_ordinates.cpp): geometry, attenuation
 * weights per (ray, shell, group), then one sweep accumulating J at the interfaces. Baseline for the
 * native-vs-TS ratio in bench/; not used by the library.
 * @internal
 * @module
 */

/** J at interfaces [interface][group] for a given emissivity ε = η + κ_s J per shell (Slo at r_k, Shi at r_{k+1}). */
export function formalSolutionTs(
  r: Float64Array,
  ng: number,
  chi: Float64Array, // [shell][group]
  Slo: Float64Array,
  Shi: Float64Array,
  core: Float64Array,
  extra = 3,
  coreRays = 16,
): Float64Array {
  const N = r.length - 1;
  const p: number[] = [];
  const isCore: boolean[] = [];
  for (let m = 0; m < coreRays; m++) {
    const mu = 1 - m / coreRays;
    p.push(r[0] * Math.sqrt(Math.max(0, 1 - mu * mu)));
    isCore.push(true);
  }
  for (let i = 0; i < N; i++) {
    p.push(r[i]);
    isCore.push(false);
    const mtop = Math.sqrt(Math.max(0, 1 - (r[i] / r[i + 1]) ** 2));
    const ex = Math.max(extra, 24 - p.length - 1);
    for (let m = ex; m >= 1; m--) {
      const mu = (mtop * m) / (ex + 1);
      p.push(r[i + 1] * Math.sqrt(Math.max(0, 1 - mu * mu)));
      isCore.push(false);
    }
  }
  const J = new Float64Array((N + 1) * ng);
  const Iin = new Float64Array((N + 1) * ng), Iout = new Float64Array((N + 1) * ng), I = new Float64Array(ng);
  for (let j = 0; j < p.length; j++) {
    const pj = p[j];
    let it = 0;
    if (!isCore[j]) while (it < N && r[it] < pj * (1 - 1e-14)) it++;
    const z = (i: number) => Math.sqrt(Math.max(0, r[i] * r[i] - pj * pj));
    // weights for this ray (computed per ray, as the native code does once per solve)
    const nseg = N - it;
    const w0 = new Float64Array(nseg * ng), w1 = new Float64Array(nseg * ng);
    for (let s = 0; s < nseg; s++) {
      const i = N - s, k = i - 1, ds = z(i) - z(i - 1);
      for (let g = 0; g < ng; g++) {
        const x = chi[k * ng + g] * ds;
        if (x < 1e-3) {
          w0[s * ng + g] = ds * (1 - x * (0.5 - x * (1 / 6 - x / 24)));
          w1[s * ng + g] = ds * (0.5 - x * (1 / 6 - x / 24));
        } else {
          const a = -Math.expm1(-x) / x;
          w0[s * ng + g] = ds * a;
          w1[s * ng + g] = (ds * (1 - a)) / x;
        }
      }
    }
    I.fill(0);
    for (let s = 0; s < nseg; s++) {
      const k = N - 1 - s;
      for (let g = 0; g < ng; g++) {
        const a = w0[s * ng + g], b = w1[s * ng + g], Sa = Shi[k * ng + g], Sb = Slo[k * ng + g];
        I[g] = I[g] * (1 - chi[k * ng + g] * a) + Sa * a + (Sb - Sa) * b;
        Iin[k * ng + g] = I[g];
      }
    }
    for (let g = 0; g < ng; g++) I[g] = isCore[j] ? core[g] : Iin[it * ng + g];
    for (let g = 0; g < ng; g++) Iout[it * ng + g] = I[g];
    for (let k = it; k < N; k++) {
      const s = N - 1 - k;
      for (let g = 0; g < ng; g++) {
        const a = w0[s * ng + g], b = w1[s * ng + g], Sa = Slo[k * ng + g], Sb = Shi[k * ng + g];
        I[g] = I[g] * (1 - chi[k * ng + g] * a) + Sa * a + (Sb - Sa) * b;
        Iout[(k + 1) * ng + g] = I[g];
      }
    }
    for (let i = it; i <= N; i++) {
      if (r[i] <= 0) continue;
      const mu = Math.sqrt(Math.max(0, 1 - (pj / r[i]) ** 2));
      for (let g = 0; g < ng; g++) J[i * ng + g] += 0.5 * mu * (Iout[i * ng + g] + Iin[i * ng + g]); // weights simplified: same work
    }
  }
  return J;
}
