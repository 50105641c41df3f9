#!/usr/bin/env node
// Thermodynamic states for test/vectors/nulib_written_small.h5 (see nulib_written_small.md).
//
// Reads the table points that the external NuLib-driven table maker printed (axes.txt: nrho ntemp nye,
// then rho, temp, ye, one value per line, written with 18 significant digits by NuLib's own axis
// formulas), evaluates nusphere's analytic EOS at exactly those points, applies NuLib's
// set_eos_variables cut (Xh < 1e-15 -> 0) and writes
//   - states.txt (for the table maker: irho itemp iye rho T Ye Xn Xp Xa Xh Abar Zbar mu_e mu_n mu_p muhat s e)
//   - test/vectors/nulib_written_small_states.json (the explicit states the jest test feeds to opacities()).
// Usage: node test/vectors/gen_nulib_written_small_states.js <dir with axes.txt>   (needs `npx tsc -p .` first)
'use strict';
const fs = require('fs');
const path = require('path');
const { analyticEos } = require('../../dist/lib/eos');

const dir = process.argv[2];
if (!dir) throw new Error('usage: gen_nulib_written_small_states.js <dir with axes.txt>');
const tok = fs.readFileSync(path.join(dir, 'axes.txt'), 'utf8').trim().split(/\s+/);
const [nr, nt, ny] = tok.slice(0, 3).map(Number);
const num = tok.slice(3).map((s) => Number(s.replace(/[dD]/, 'e')));
const rho = num.slice(0, nr), T = num.slice(nr, nr + nt), Ye = num.slice(nr + nt, nr + nt + ny);

const f17 = (x) => x.toPrecision(17);
const lines = [], states = [];
for (let iy = 0; iy < ny; iy++)
  for (let it = 0; it < nt; it++)
    for (let ir = 0; ir < nr; ir++) {
      const s = analyticEos.evaluate(rho[ir], T[it], Ye[iy]);
      const Xh = s.Xh < 1e-15 ? 0 : s.Xh; // NuLib set_eos_variables
      const muhat = s.mu_n_MeV - s.mu_p_MeV;
      const st = {
        rho_gcc: rho[ir], T_MeV: T[it], Ye: Ye[iy], Xn: s.Xn, Xp: s.Xp, Xa: s.Xa, Xh, Abar: s.Abar, Zbar: s.Zbar,
        mu_e_MeV: s.mu_e_MeV, mu_n_MeV: s.mu_n_MeV, mu_p_MeV: s.mu_p_MeV,
      };
      states.push({ irho: ir, itemp: it, iye: iy, state: st });
      lines.push([ir + 1, it + 1, iy + 1].join(' ') + ' ' +
        [st.rho_gcc, st.T_MeV, st.Ye, st.Xn, st.Xp, st.Xa, st.Xh, st.Abar, st.Zbar, st.mu_e_MeV, st.mu_n_MeV, st.mu_p_MeV, muhat, s.s_kB, s.e_ergg].map(f17).join(' '));
    }
fs.writeFileSync(path.join(dir, 'states.txt'), lines.join('\n') + '\n');
const out = {
  description: 'Explicit thermodynamic states at the points of nulib_written_small.h5: nusphere analytic EOS, NuLib Xh cut (Xh < 1e-15 -> 0). Index order of the points: irho, itemp, iye (0-based).',
  generator: 'test/vectors/gen_nulib_written_small_states.js',
  conventions: 'mu_e includes m_e c^2; mu_n, mu_p measured from m_n c^2 (NuLib muhat = mu_n - mu_p includes Delta)',
  states,
};
fs.writeFileSync(path.join(__dirname, 'nulib_written_small_states.json'), JSON.stringify(out, null, 1) + '\n');
console.log(`${states.length} states written`);
