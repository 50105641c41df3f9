// Gain radius (issue 5 acceptance): the toy model of PHYSICS.md §6 / the issue — heating
// 160 L52 T4²/r7² MeV/s, cooling 145 (T/2)⁶ with T = 2 MeV (r/100 km)⁻¹, L52 = 2, T4 = 1 —
// has its gain radius at r/100 km = (145/320)^(1/4) = 0.8205 (82.05 km).
import { brent, gainRadius } from '../../lib/supernova/gain';

test('toy gain radius = 82.05 km within 0.1%', () => {
  const toy = {
    heating_MeVs: (r: number) => (160 * 2 * 1 * 1) / (r / 1e7) ** 2,
    cooling_MeVs: (r: number) => 145 * ((2 * (r / 1e7) ** -1) / 2) ** 6,
  };
  const R = gainRadius(toy, 3e6, 3e7)!;
  expect(Math.abs(R / 1e5 / 82.05 - 1)).toBeLessThan(1e-3);
  expect(Math.abs(R / 1e7 - Math.pow(145 / 320, 0.25))).toBeLessThan(1e-10);
});

test('no gain region when heating never wins; brent needs a bracket', () => {
  expect(gainRadius({ heating_MeVs: () => 1, cooling_MeVs: () => 2 }, 1e6, 1e8)).toBeNull();
  expect(() => brent((x) => x * x + 1, -1, 1)).toThrow(/bracket/);
  expect(brent((x) => Math.cos(x) - x, 0, 1)).toBeCloseTo(0.7390851332151607, 12);
});
