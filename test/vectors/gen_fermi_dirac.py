#!/usr/bin/env python3
"""
Generate high-precision reference values of generalized (relativistic)
Fermi-Dirac integrals for the nusphere test suite.

Purpose
-------
Writes test/vectors/fermi_dirac.json, a table of reference values against
which the engine's (double precision) Fermi-Dirac integrals and their
derivatives are tested.

Definition (Cox & Giuli / Timmes & Arnett 1999 convention, *no* 1/Gamma(k+1)
normalisation):

    F_k(eta, beta) = int_0^inf  x^k sqrt(1 + beta x / 2) / (exp(x - eta) + 1) dx

and its partial derivatives, with f = 1 / (exp(x - eta) + 1):

    dF/deta  = int_0^inf  x^k sqrt(1 + beta x / 2) f (1 - f) dx
    dF/dbeta = int_0^inf  x^k (x / 4) / sqrt(1 + beta x / 2) f dx

Grid: k x eta x beta (see K_VALUES, ETA_VALUES, BETA_VALUES below),
8 * 22 * 9 = 1584 triples; each row of the output is
    [k, eta, beta, F, dF_deta, dF_dbeta].

The integrals are evaluated at the *exact double* values of k, eta and beta
(e.g. eta = 0.3 means the double nearest to 0.3), because that is what a
double-precision implementation receives as input.  The results are rounded
to the nearest double and written with repr() (shortest round-tripping form,
at most 17 significant digits).

Method
------
mpmath.quad (tanh-sinh) with mp.dps = 30 over a sequence of sub-intervals:
  * breakpoints around the Fermi edge at x = eta +- {0, 1, 5, 15, 40} and
    eta + 100, so the edge (width ~1) is resolved,
  * geometric breakpoints (halving) below eta - 40, so that for huge eta
    (up to 1e4) the degenerate region [0, eta - 40] is split into pieces of
    moderate relative size,
  * fixed small breakpoints 1 and 5 near the origin,
  * on the first interval [0, a] the substitution x = t^2 is used, which turns
    x^k dx into 2 t^(2k+1) dt; for all k in the grid this is a smooth
    (polynomial) factor, so the x^(-1/2) endpoint singularity disappears,
  * the last interval extends to +inf.
The Fermi factors are evaluated in a cancellation-free form:
  f = 1/(e+1),  f(1-f) = e/(e+1)^2,  with e = exp(x - eta).

Verification (printed at the end; the script aborts if a check fails)
  1. Self-consistency: a sample of rows is recomputed with mp.dps = 40 and an
     independent breakpoint set (different edge offsets, geometric factor 3,
     different small breakpoints).  The max relative difference must be
     < 1e-16 (it is typically ~1e-28).
  2. quad's own error estimates (relative) must be < 1e-20.
  3. Closed forms at beta = 0 (all k, all eta), via mpmath.polylog:
        F_k(eta, 0)       = -Gamma(k+1) Li_{k+1}(-e^eta)
        dF_k/deta(eta, 0) = -Gamma(k+1) Li_k(-e^eta)
        dF_k/dbeta(eta,0) = F_{k+1}(eta, 0) / 4 = -Gamma(k+2)/4 Li_{k+2}(-e^eta)
     plus the elementary cases (k = 0 is computed for the check only and is
     not written to the output):
        F_0(eta, 0) = ln(1 + e^eta),  dF_0/deta(eta, 0) = 1/(1 + e^-eta),
        F_1(0, 0) = pi^2 / 12,
        F_{1/2}(0, 0) = Gamma(3/2) (1 - 2^(-1/2)) zeta(3/2).
     For beta > 0 and eta <= -10 (all k): the expansion
     f = sum_n (-1)^(n+1) e^(n(eta - x)) integrated term by term in terms of
     Tricomi's confluent hypergeometric function U (mpmath.hyperu).
     Max relative difference must be < 1e-16.

Rerun
-----
    python3 test/vectors/gen_fermi_dirac.py            # uses 1 extra process
    python3 test/vectors/gen_fermi_dirac.py --jobs 1   # single process
Options: --check-every N (self-consistency sample stride, default 3),
         --out PATH.
Requires only python3 + mpmath.  Runtime: a few minutes on 2 cores.
"""

import argparse
import json
import multiprocessing
import os
import sys
import time

import mpmath
from mpmath import mp, mpf

MP_DPS = 30          # working precision of the reference values
CHECK_DPS = 40       # precision of the independent recomputation
SELF_TOL = mpf("1e-16")
CLOSED_TOL = mpf("1e-16")
QUAD_ERR_TOL = mpf("1e-20")

K_VALUES = [-0.5, 0.5, 1, 1.5, 2, 3, 4, 5]
ETA_VALUES = [-100, -50, -20, -10, -3, -1, -0.3, 0, 0.3, 1, 2, 3, 5, 10, 20,
              35, 50, 100, 300, 1000, 3000, 10000]
BETA_VALUES = [0, 1e-4, 1e-2, 0.1, 1, 3, 10, 30, 100]

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "fermi_dirac.json")

# Two independent breakpoint recipes: (edge offsets, geometric factor,
# smallest geometric point, fixed small breakpoints).
VARIANTS = {
    "A": ((-40, -15, -5, -1, 0, 1, 5, 15, 40, 100), 2, 1, (1, 5)),
    "B": ((-50, -20, -7, -2.5, 0, 2.5, 7, 20, 50, 120), 3, 0.5, (0.5, 3)),
}


def breakpoints(eta, variant):
    """Sorted, de-duplicated interior breakpoints (all > 0) for given eta."""
    offsets, factor, geo_min, small = VARIANTS[variant]
    pts = set(mpf(s) for s in small)
    for d in offsets:
        p = eta + mpf(d)
        if p > 0:
            pts.add(p)
    a = eta + mpf(offsets[0])  # lower end of the edge region
    while a > geo_min:
        pts.add(a)
        a /= factor
    return sorted(pts)


def integrands(k, eta, beta):
    """Return the three integrands g(x) without the x^k factor:
    F: w f,   dF/deta: w f(1-f),   dF/dbeta: x/(4 w) f,  w = sqrt(1+beta x/2)."""
    def parts(x):
        e = mpmath.exp(x - eta)
        f = 1 / (e + 1)
        ff = e / (e + 1) ** 2            # f (1 - f) without cancellation
        w = mpmath.sqrt(1 + beta * x / 2)
        return w, f, ff

    def g_F(x):
        w, f, _ = parts(x)
        return w * f

    def g_deta(x):
        w, _, ff = parts(x)
        return w * ff

    def g_dbeta(x):
        w, f, _ = parts(x)
        return x / (4 * w) * f

    return (g_F, g_deta, g_dbeta)


def magnitude(k, g, eta):
    """A-priori scale of int_0^inf x^k g(x) dx: the maximum over a log-spaced
    sample of x^(k+1) g(x) (the integrand in the measure d(ln x)).

    mpmath.quad's convergence test is *absolute* (|error| <= eps), so tiny
    integrals (e.g. ~1e-44 at eta = -100) would be accepted far too early.
    Dividing the integrand by this scale makes the integral O(1)..O(20), so
    the absolute tolerance becomes a relative one."""
    xmax = max(eta, 0) + 200
    xs = [mpf(10) ** (mpf(i) / 8 - 4) for i in range(200)]
    xs = [x for x in xs if x < xmax]
    xs += [eta + d for d in (-3, -1, 0, 1, 3) if eta + d > 0]
    return max(x ** (k + 1) * g(x) for x in xs)


def integrate(k, g, pts, scale):
    """int_0^inf x^k g(x) dx with breakpoints pts (x = t^2 on [0, pts[0]]);
    the integrand is divided by `scale` (see magnitude())."""
    p = 2 * k + 1
    head, err_head = mp.quad(lambda t: 2 * t ** p * g(t * t) / scale,
                             [0, mpmath.sqrt(pts[0])], error=True)
    tail, err_tail = mp.quad(lambda x: x ** k * g(x) / scale,
                             pts + [mpmath.inf], error=True)
    return (head + tail) * scale, (err_head + err_tail) * scale


def compute(args):
    """Worker: (k, eta, beta, variant, dps) -> ([3 value strings], [3 rel err])."""
    k, eta, beta, variant, dps = args
    with mp.workdps(dps):
        k_, eta_, beta_ = mpf(k), mpf(eta), mpf(beta)   # exact doubles
        pts = breakpoints(eta_, variant)
        vals, errs = [], []
        for g in integrands(k_, eta_, beta_):
            v, e = integrate(k_, g, pts, magnitude(k_, g, eta_))
            vals.append(mpmath.nstr(v, dps + 5, strip_zeros=False))
            errs.append(float(abs(e / v)))
    return vals, errs


def run_tasks(tasks, jobs):
    """Evaluate tasks; with jobs == 2, one child process takes every other task
    while the parent computes the rest (at most one extra process)."""
    if jobs <= 1 or len(tasks) < 2:
        return [compute(t) for t in tasks]
    mine, theirs = tasks[0::2], tasks[1::2]
    with multiprocessing.Pool(processes=1) as pool:
        pending = pool.map_async(compute, theirs, chunksize=8)
        res_mine = [compute(t) for t in mine]
        res_theirs = pending.get()
    out = [None] * len(tasks)
    out[0::2] = res_mine
    out[1::2] = res_theirs
    return out


def rel_diff(a, b):
    a, b = mpf(a), mpf(b)
    return abs(a - b) / abs(b)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    ap.add_argument("--jobs", type=int, default=2, choices=(1, 2))
    ap.add_argument("--check-every", type=int, default=3)
    ap.add_argument("--out", default=DEFAULT_OUT)
    opts = ap.parse_args()

    mp.dps = MP_DPS
    t0 = time.time()

    triples = [(float(k), float(eta), float(beta))
               for k in K_VALUES for eta in ETA_VALUES for beta in BETA_VALUES]
    assert len(triples) == 1584

    # ---- 1. main computation -------------------------------------------
    print(f"computing {len(triples)} triples at mp.dps={MP_DPS} ...", flush=True)
    main_res = run_tasks([t + ("A", MP_DPS) for t in triples], opts.jobs)
    t1 = time.time()
    print(f"  done in {t1 - t0:.1f} s", flush=True)
    max_quad_err = max(e for _, errs in main_res for e in errs)
    print(f"  max quad error estimate (relative): {max_quad_err:.3e}")

    # ---- 2. self-consistency on a sample --------------------------------
    extreme_eta = (ETA_VALUES[0], 0.0, ETA_VALUES[-1])
    extreme_beta = (BETA_VALUES[0], BETA_VALUES[-1])
    sample = [i for i, (k, eta, beta) in enumerate(triples)
              if i % opts.check_every == 0
              or (eta in extreme_eta and beta in extreme_beta)]
    print(f"self-consistency: recomputing {len(sample)} triples at "
          f"mp.dps={CHECK_DPS} with breakpoint set B ...", flush=True)
    chk_res = run_tasks([triples[i] + ("B", CHECK_DPS) for i in sample],
                        opts.jobs)
    max_self, where_self = mpf(0), None
    for i, (vals_b, _) in zip(sample, chk_res):
        for j, (va, vb) in enumerate(zip(main_res[i][0], vals_b)):
            d = rel_diff(va, vb)
            if d > max_self:
                max_self, where_self = d, (triples[i], j)
    t2 = time.time()
    print(f"  done in {t2 - t1:.1f} s; max relative discrepancy "
          f"{mpmath.nstr(max_self, 3)} at {where_self}")

    # ---- 3. closed forms at beta = 0 ------------------------------------
    print("closed-form checks (beta = 0: polylog; eta <= -10: hyperu) ...",
          flush=True)

    def li_form(s, eta, scale):
        """-scale * Li_s(-e^eta).  For eta < 0 the series
        Li_s(z) = sum_n z^n / n^s is summed here with a *relative* stopping
        criterion (mpmath.polylog stops on an absolute one and would return
        0 for z = -e^-100); for eta >= 0 mpmath.polylog is used (real part;
        it may return x + 0j)."""
        eta = mpf(eta)
        if eta < 0:
            z = -mpmath.exp(eta)
            total, zn, n = mpf(0), mpf(1), 0
            while True:
                n += 1
                zn *= z
                term = zn / mpf(n) ** s
                total += term
                if abs(term) < abs(total) * mpf(10) ** (-mp.dps - 10):
                    break
            return -scale * total
        return mpmath.re(-scale * mpmath.polylog(s, -mpmath.exp(eta)))

    max_closed, where_closed = mpf(0), None

    def record(d, label):
        nonlocal max_closed, where_closed
        if d > max_closed:
            max_closed, where_closed = d, label

    for i, (k, eta, beta) in enumerate(triples):
        if beta != 0:
            continue
        k_ = mpf(k)
        exact = (li_form(k_ + 1, eta, mpmath.gamma(k_ + 1)),
                 li_form(k_, eta, mpmath.gamma(k_ + 1)),
                 li_form(k_ + 2, eta, mpmath.gamma(k_ + 2) / 4))
        for j in range(3):
            record(rel_diff(main_res[i][0][j], exact[j]), ((k, eta, beta), j))

    print(f"  polylog / elementary (beta = 0): max relative discrepancy "
          f"{mpmath.nstr(max_closed, 3)}")

    # beta > 0, eta <= -10: expand f = sum_n (-1)^(n+1) e^(n(eta-x)); each
    # term is a Tricomi U function (Gamma(a) U(a,b,z) =
    # int_0^inf e^(-z t) t^(a-1) (1+t)^(b-a-1) dt, with x = 2t/beta):
    #   int x^k w e^(-n x) dx       = (2/beta)^(k+1) Gamma(k+1) U(k+1, k+5/2, 2n/beta)
    #   int x^(k+1)/(4w) e^(-n x) dx = (2/beta)^(k+2) Gamma(k+2) U(k+2, k+5/2, 2n/beta)/4
    max_nondeg = mpf(0)
    for i, (k, eta, beta) in enumerate(triples):
        if beta == 0 or eta > -10:
            continue
        k_, eta_, beta_ = mpf(k), mpf(eta), mpf(beta)
        sF = sE = sB = mpf(0)
        n = 0
        while True:
            n += 1
            en = mpmath.exp(n * eta_)
            sgn = 1 if n % 2 else -1
            z = 2 * n / beta_
            I = (2 / beta_) ** (k_ + 1) * mpmath.gamma(k_ + 1) * \
                mpmath.hyperu(k_ + 1, k_ + mpf(5) / 2, z)
            J = (2 / beta_) ** (k_ + 2) * mpmath.gamma(k_ + 2) * \
                mpmath.hyperu(k_ + 2, k_ + mpf(5) / 2, z) / 4
            sF += sgn * en * I
            sE += sgn * n * en * I
            sB += sgn * en * J
            if en < mpf(10) ** (-mp.dps - 5):
                break
        for j, exact in enumerate((sF, sE, sB)):
            d = rel_diff(main_res[i][0][j], exact)
            max_nondeg = max(max_nondeg, d)
            record(d, ((k, eta, beta), j))
    print(f"  nondegenerate U-series (eta <= -10, beta > 0): max relative "
          f"discrepancy {mpmath.nstr(max_nondeg, 3)}")

    # k = 0 (check only, not written): elementary closed forms
    k0_res = run_tasks([(0.0, float(eta), 0.0, "A", MP_DPS)
                        for eta in ETA_VALUES], opts.jobs)
    for eta, (vals, _) in zip(ETA_VALUES, k0_res):
        e = mpf(float(eta))
        record(rel_diff(vals[0], mpmath.log1p(mpmath.exp(e))), ((0, eta, 0), 0))
        record(rel_diff(vals[1], 1 / (1 + mpmath.exp(-e))), ((0, eta, 0), 1))
        record(rel_diff(vals[2], li_form(2, eta, mpf(1) / 4)), ((0, eta, 0), 2))

    # special values
    idx = {t: i for i, t in enumerate(triples)}
    record(rel_diff(main_res[idx[(1.0, 0.0, 0.0)]][0][0], mp.pi ** 2 / 12),
           "F_1(0,0) = pi^2/12")
    record(rel_diff(main_res[idx[(0.5, 0.0, 0.0)]][0][0],
                    mpmath.gamma(1.5) * (1 - 1 / mpmath.sqrt(2)) * mpmath.zeta(1.5)),
           "F_1/2(0,0)")
    t3 = time.time()
    print(f"  max relative discrepancy {mpmath.nstr(max_closed, 3)} "
          f"at {where_closed}")

    # ---- 4. assertions ---------------------------------------------------
    ok = True
    if not max_self < SELF_TOL:
        print("FAIL: self-consistency discrepancy too large", file=sys.stderr)
        ok = False
    if not max_closed < CLOSED_TOL:
        print("FAIL: closed-form discrepancy too large", file=sys.stderr)
        ok = False
    if not max_quad_err < QUAD_ERR_TOL:
        print("FAIL: quad error estimate too large", file=sys.stderr)
        ok = False
    if not ok:
        sys.exit(1)

    # ---- 5. write JSON -----------------------------------------------------
    rows = []
    for (k, eta, beta), (vals, _) in zip(triples, main_res):
        # float(mpf) rounds to nearest (mp.rounding == 'n')
        rows.append([k, eta, beta] + [float(mpf(v)) for v in vals])
        assert all(abs(x) > 1e-300 and abs(x) < 1e300 for x in rows[-1][3:])

    header = {
        "description": (
            "Reference values of generalized Fermi-Dirac integrals and their "
            "partial derivatives w.r.t. eta and beta (no 1/Gamma(k+1) "
            "normalisation). Computed with mpmath.quad (tanh-sinh) at "
            f"mp.dps={MP_DPS} with breakpoints around the Fermi edge, geometric "
            "splitting of the degenerate region and x=t^2 near the origin; "
            "inputs are the exact double values of k, eta, beta; outputs "
            "rounded to nearest double. Verified by an independent "
            f"recomputation at mp.dps={CHECK_DPS} with different breakpoints "
            f"(max rel. diff {mpmath.nstr(max_self, 2)}) and against "
            "closed forms (polylog at beta=0, hyperu series at eta<=-10; "
            "max rel. diff "
            f"{mpmath.nstr(max_closed, 2)}). Row: [k, eta, beta, F, dF_deta, "
            "dF_dbeta]; dF_deta = int x^k sqrt(1+beta x/2) f(1-f) dx, "
            "dF_dbeta = int x^k (x/4)/sqrt(1+beta x/2) f dx, "
            "f = 1/(exp(x-eta)+1)."),
        "generator": "test/vectors/gen_fermi_dirac.py",
        "definition": "F_k(eta,beta) = int_0^inf x^k sqrt(1+beta x/2)/(exp(x-eta)+1) dx",
        "mp_dps": MP_DPS,
    }
    # json.dumps writes floats with repr() (shortest round-trip, <= 17 digits);
    # one row per line keeps the file diff-friendly.
    lines = ["{"]
    for key, val in header.items():
        lines.append(f"  {json.dumps(key)}: {json.dumps(val)},")
    lines.append('  "rows": [')
    lines.append(",\n".join("    " + json.dumps(r) for r in rows))
    lines.append("  ]")
    lines.append("}")
    with open(opts.out, "w") as fh:
        fh.write("\n".join(lines) + "\n")

    # sanity: the file parses back to the same numbers
    with open(opts.out) as fh:
        back = json.load(fh)
    assert back["rows"] == rows

    print(f"wrote {opts.out}: {len(rows)} rows, "
          f"{os.path.getsize(opts.out)} bytes")
    print(f"total runtime {time.time() - t0:.1f} s "
          f"(main {t1 - t0:.1f} s, self-check {t2 - t1:.1f} s, "
          f"closed forms {t3 - t2:.1f} s)")


if __name__ == "__main__":
    main()
