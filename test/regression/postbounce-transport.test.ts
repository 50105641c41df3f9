// Issue 4 acceptance on a realistic post-bounce profile: the steady accretion profile of Pochik &
// Thompson 2025 (../shared/data/profiles, inner boundary at 30 km) with the engine's own opacities
// (analytic EOS + default OpacitySet, 24 groups 1–300 MeV) and a thermal inner boundary: DO and Monte
// Carlo agree on the emergent luminosities (2%) and mean energies (1%) for all three species.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { loadProfile } from '../../lib/io/profile';
import { computeProfileOpacities, neutrinospheres } from '../../lib/neutrinosphere';
import { transport } from '../../lib/transport';

const file = path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'profiles', 'pochik2025-mdot0.3-lnu10.txt');
const have = fs.existsSync(file);

(have ? test : test.skip)('DO vs MC on the Pochik & Thompson profile: L within 2%, <E> within 1%', async () => {
  const p = await loadProfile(file);
  const op = await computeProfileOpacities(p);
  const d = await transport(p, op, { method: 'do' });
  const m = await transport(p, op, { method: 'mc', mc: { packets: 30000, seed: 11 } });
  for (const s of ['nue', 'anue', 'nux'] as const) {
    const dL = m.summary[s].L_ergs / d.summary[s].L_ergs - 1, dE = m.summary[s].meanE_MeV / d.summary[s].meanE_MeV - 1;
    // eslint-disable-next-line no-console
    console.log(`${s}: DO L = ${d.summary[s].L_ergs.toExponential(4)} erg/s, <E> = ${d.summary[s].meanE_MeV.toFixed(3)} MeV; MC/DO − 1: L ${(100 * dL).toFixed(2)}%, <E> ${(100 * dE).toFixed(2)}%; DO iterations ${d.iterations}`);
    expect(Math.abs(dL)).toBeLessThan(0.02);
    expect(Math.abs(dE)).toBeLessThan(0.01);
    expect(Math.abs(d.conservation[s])).toBeLessThan(1e-6);
  }
  const sp = neutrinospheres(p, op);
  // the source placed its inner boundary at the νe sphere (τ = 2/3): the number sphere sits there
  expect(sp.spheres.nue.number_mean_km).not.toBeNull();
  expect(Math.abs(sp.spheres.nue.number_mean_km! - 30.2)).toBeLessThan(1);
});
