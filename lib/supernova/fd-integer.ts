/**
 * Complete Fermi–Dirac integrals of integer order n = 2 … 5 in plain TypeScript, for the
 * stationary-accretion ODEs (millions of cheap evaluations; the native generalized integrals of
 * lib/core/fermi-dirac are the reference they are tested against):
 *
 *   F_n(η) = ∫₀^∞ xⁿ/(e^{x−η} + 1) dx   (no 1/Γ(n+1) normalisation, as in lib/core/fermi-dirac)
 *
 * η ≤ 0: the alternating series n! Σ_{k≥1} (−1)^{k+1} e^{kη}/k^{n+1}, summed to 64 terms and closed
 * by repeated averaging of the last six partial sums (Euler transformation; ≤ 3e-13 relative, tested against the native integrals);
 * η > 0: the exact reflection F_n(η) = P_n(η) + (−1)^{n+1} F_n(−η) with the polynomials
 *   P₂ = η³/3 + π²η/3,  P₃ = η⁴/4 + π²η²/2 + 7π⁴/60,
 *   P₄ = η⁵/5 + 2π²η³/3 + 7π⁴η/15,  P₅ = η⁶/6 + 5π²η⁴/6 + 7π⁴η²/6 + 31π⁶/126.
 * REFERENCES: Bludman & Van Riper 1977 ApJ 212, 859 (reflection formulas); Cox & Giuli 1968 §24.
 * @module
 */

// Math bound locally: global lookups are slow inside vm sandboxes (jest), and this is hot code
const { exp, pow, abs, PI } = Math;

const PI2 = PI * PI;
const PI4 = PI2 * PI2;
const PI6 = PI4 * PI2;
const TERMS = 64;
const FACT = [1, 1, 2, 6, 24, 120];

// k^{-(n+1)} for n = 2..5, k = 1..TERMS+1
const INV_POW: Float64Array[] = [];
for (let n = 0; n <= 5; n++) {
  const a = new Float64Array(TERMS + 2);
  for (let k = 1; k <= TERMS + 1; k++) a[k] = pow(k, -(n + 1));
  INV_POW.push(a);
}

// scratch buffers (no allocation per call: this runs millions of times inside the ODE right-hand side)
const LAST = new Float64Array(6);
const AVG = new Float64Array(6);

function negativeSide(n: number, eta: number): number {
  // eta <= 0: partial sums of the alternating series; the last six are averaged pairwise five
  // times (repeated averaging = Euler's transformation of the tail), error < 1e-12 at eta = 0
  const z = exp(eta);
  const ip = INV_POW[n];
  const last = LAST;
  let zk = z, sum = 0, sign = 1;
  for (let k = 1; k <= TERMS; k++) {
    const term = sign * zk * ip[k];
    sum += term;
    if (abs(term) < 1e-17 * abs(sum)) return FACT[n] * sum;
    last[k % 6] = sum;
    zk *= z;
    sign = -sign;
  }
  const s = AVG;
  for (let j = 0; j < 6; j++) s[j] = last[(TERMS - 5 + j) % 6];
  for (let m = 5; m > 0; m--) for (let j = 0; j < m; j++) s[j] = 0.5 * (s[j] + s[j + 1]);
  return FACT[n] * s[0];
}

function poly(n: number, e: number): number {
  const e2 = e * e;
  switch (n) {
    case 2:
      return (e2 * e) / 3 + (PI2 * e) / 3;
    case 3:
      return (e2 * e2) / 4 + (PI2 * e2) / 2 + (7 * PI4) / 60;
    case 4:
      return (e2 * e2 * e) / 5 + (2 * PI2 * e2 * e) / 3 + (7 * PI4 * e) / 15;
    default:
      return (e2 * e2 * e2) / 6 + (5 * PI2 * e2 * e2) / 6 + (7 * PI4 * e2) / 6 + (31 * PI6) / 126;
  }
}

/** F_n(η) for integer n in 2…5 (η finite). */
export function fdInteger(n: 2 | 3 | 4 | 5, eta: number): number {
  if (eta <= 0) return negativeSide(n, eta);
  const reflected = negativeSide(n, -eta);
  return poly(n, eta) + (n % 2 === 0 ? reflected : -reflected);
}
