import {
  DefinitionError,
  ExposureRendererEntry,
  ExposureSpec,
  ExposureTraits,
  IExposure,
  TrafficApp,
  TrafficAppProps,
  traits,
} from '../../lib';
import { errorOf, synthApps } from '../support/k8s';

/** Synthesizes in a chart called "test" and returns the DefinitionError's lines. */
export function problemsOf(...apps: TrafficAppProps[]): string[] {
  const e = errorOf(() =>
    synthApps(
      apps.map((a) => TrafficApp.define(a)),
      { renderers: FAKE_RENDERERS },
    ),
  );
  expect(e).toBeInstanceOf(DefinitionError);
  return e.message
    .split('\n')
    .slice(1)
    .map((l) => l.trim());
}

/**
 * The one line about `field`, checked to carry the construct path, the rule id (when given), the
 * received value and a fix; returns it for further checks.
 */
export function lineFor(lines: string[], app: string, field: string, received: string, ruleId?: string): string {
  const found = lines.filter(
    (l) => l.startsWith(`[test/${app}]`) && l.includes(` ${field}: `) && (!ruleId || l.includes(`[${ruleId}]`)),
  );
  if (found.length !== 1)
    throw new Error(`expected one line for ${field}${ruleId ? ` [${ruleId}]` : ''}, got:\n${lines.join('\n')}`);
  expect(found[0]).toContain(`(received ${received})`);
  expect(found[0]).toMatch(/Fix: \S+/);
  return found[0];
}

/** An exposure of a user-defined kind that declares the given traits (the rules read nothing else). */
export function fakeExposure(kind: string, declared: Partial<ExposureTraits>): IExposure {
  return {
    kind,
    resolve: (): ExposureSpec => ({
      kind,
      name: kind,
      traits: traits({ label: `fake ${kind}`, reach: 'internet', hosts: [], ...declared }),
    }),
  };
}

/** Renderers for the fake kinds: they write nothing. */
export const FAKE_RENDERERS: Readonly<Record<string, ExposureRendererEntry>> = Object.fromEntries(
  ['fake-alb', 'fake-nlb', 'fake-http-route', 'fake-lb'].map((k) => [k, { render: () => undefined }]),
);
