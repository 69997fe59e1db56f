import { DefinitionError, Probe, TrafficApp, TrafficAppProps, TrafficChartProps } from '../../lib';
import { errorOf, synthApps } from '../support/k8s';

/** A small app the cases of issue 22 vary. */
export const base: TrafficAppProps = {
  name: 'web',
  namespace: 'shop',
  image: 'ghcr.io/acme/web:1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/health', { port: 'http' }),
};

/** The DefinitionError's lines for apps synthesized in a chart called "test". */
export function problemsOf(apps: TrafficAppProps[], chart: Partial<TrafficChartProps> = {}): string[] {
  const e = errorOf(() =>
    synthApps(
      apps.map((a) => TrafficApp.define(a)),
      chart,
    ),
  );
  expect(e).toBeInstanceOf(DefinitionError);
  return e.message
    .split('\n')
    .slice(1)
    .map((l) => l.trim());
}

/** The lines of the DefinitionError `build` throws (failing the test when it throws none, or another error). */
export function errorLines(build: () => unknown): string[] {
  const e = errorOf(build);
  expect(e).toBeInstanceOf(DefinitionError);
  return e.message
    .split('\n')
    .slice(1)
    .map((l) => l.trim());
}

/** The one line about `field` of `test/<app>`, checked to carry the received value and a fix that names something. */
export function lineFor(lines: string[], app: string, field: string, received?: string): string {
  const found = lines.filter((l) => l.startsWith(`[test/${app}]`) && l.includes(` ${field}: `));
  if (found.length !== 1) throw new Error(`expected one line about ${field}, got:\n${lines.join('\n')}`);
  if (received !== undefined) expect(found[0]).toContain(`(received ${received})`);
  expect(found[0]).toMatch(/Fix: \S+/);
  return found[0];
}
