/**
 * SVG charts with vega-lite (rendered headless by vega, no browser or canvas needed). Each chart is a
 * self-contained SVG file written atomically.
 * @module
 */
import { writeTextAtomically } from '../io/atomic';

/** One line of a chart. null y values are gaps (e.g. spheres below the inner boundary). */
export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number | null>;
}

/** A line chart. */
export interface LineChart {
  title: string;
  x: { label: string; log?: boolean };
  y: { label: string; log?: boolean };
  series: Series[];
  width?: number;
  height?: number;
}

type VegaModule = { View: new (rt: unknown, o: { renderer: string }) => { toSVG(): Promise<string>; finalize(): void }; parse(spec: unknown): unknown };
type VegaLiteModule = { compile(spec: unknown): { spec: unknown } };

let mods: { vega: VegaModule; vl: VegaLiteModule } | undefined;
async function load() {
  if (!mods) {
    const vega = (await import('vega')) as unknown as VegaModule;
    const vl = (await import('vega-lite')) as unknown as VegaLiteModule;
    mods = { vega, vl };
  }
  return mods;
}

/** Renders a line chart to an SVG string. */
export async function lineChartSvg(c: LineChart): Promise<string> {
  const { vega, vl } = await load();
  const values: { series: string; x: number; y: number | null }[] = [];
  let longest = 0;
  for (const s of c.series) {
    // at most ~400 points per line: the SVG stays small and the curve is unchanged to the eye
    const stride = Math.max(1, Math.ceil(s.x.length / 400));
    longest = Math.max(longest, Math.ceil(s.x.length / stride));
    for (let i = 0; i < s.x.length; i += stride) values.push({ series: s.name, x: s.x[i], y: s.y[i] ?? null });
    const last = s.x.length - 1;
    if (last > 0 && last % stride !== 0) values.push({ series: s.name, x: s.x[last], y: s.y[last] ?? null });
  }
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: c.title,
    width: c.width ?? 560,
    height: c.height ?? 360,
    background: 'white',
    data: { values: values.filter((v) => v.y !== null && Number.isFinite(v.y)) },
    mark: { type: 'line', point: longest <= 80 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: c.x.label, scale: c.x.log ? { type: 'log' } : { zero: false } },
      y: { field: 'y', type: 'quantitative', title: c.y.label, scale: c.y.log ? { type: 'log' } : { zero: false } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders a line chart and writes it to `file` (atomic). */
export async function writeLineChart(file: string, c: LineChart): Promise<void> {
  await writeTextAtomically(file, await lineChartSvg(c));
}
