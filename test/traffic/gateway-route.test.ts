import { Duration } from 'cdk8s';
import { GatewayRouteExposure, TrafficApp, TrafficAppProps, TrafficProfile } from '../../lib';
import { integerWeights } from '../../lib/model/traffic/weights';
import { resolveApp } from '../../lib/model/app';
import { one, synthApps } from '../support/k8s';
import { standard, streaming } from './fixtures';

const specOf = (p: TrafficAppProps) => resolveApp(p).spec;
const withWeights = (...w: number[]) =>
  specOf({
    ...standard,
    versions: Object.fromEntries(
      w.map((weight, i) => [`v${i + 2}`, { image: `ghcr.io/acme/api:${i + 2}.0.0`, weight }]),
    ),
  });

describe('integer weights', () => {
  test.each([
    [[1], 100, [99, 1]],
    [[0.5], 1000, [995, 5]],
    [[0.25], 10000, [9975, 25]],
    [[10, 5], 100, [85, 10, 5]],
    [[0], 100, [100, 0]],
    [[100], 100, [0, 100]],
  ])('canaries %p -> total %p, weights %p', (canaries, total, weights) => {
    const r = integerWeights(withWeights(...canaries).versions)!;
    expect(r.total).toBe(total);
    expect(r.weights.map((x) => x.weight)).toEqual(weights);
    expect(r.weights.reduce((a, b) => a + b.weight, 0)).toBe(total);
  });

  test('ALB forward actions (at most 999 per target group): 0.5% fits, 0.25% does not', () => {
    expect(integerWeights(withWeights(0.5).versions, 1_000_000, 999)?.weights.map((x) => x.weight)).toEqual([995, 5]);
    expect(integerWeights(withWeights(0.25).versions, 1_000_000, 999)).toBeUndefined();
  });

  test('more than 4 decimals cannot be represented within 1,000,000', () => {
    expect(integerWeights(withWeights(0.00001).versions)).toBeUndefined();
  });
});

describe('the traffic policy in the rendered HTTPRoute rules', () => {
  const route = GatewayRouteExposure.http({ parents: [{ name: 'public' }] });
  const rulesOf = (p: TrafficAppProps) =>
    one(synthApps([TrafficApp.define({ ...p, expose: [route] })]), 'HTTPRoute').spec.rules;

  test('streaming: the canary header rule, then 99/1 to distinct per-version Services, request timeout 0s; no retry in the standard channel', () => {
    expect(rulesOf(streaming)).toEqual([
      {
        matches: [{ headers: [{ name: 'x-canary', value: 'true', type: 'Exact' }] }],
        backendRefs: [{ name: 'llm-v2', port: 80 }],
        timeouts: { request: '0s' },
      },
      {
        backendRefs: [
          { name: 'llm-v1', port: 80, weight: 99 },
          { name: 'llm-v2', port: 80, weight: 1 },
        ],
        timeouts: { request: '0s' },
      },
    ]);
  });

  test('experimental channel: retry codes are the status codes among the conditions; the per-try timeout is backendRequest', () => {
    const s = rulesOf({
      ...streaming,
      traffic: {
        profile: TrafficProfile.STREAMING,
        retry: { attempts: 2, on: [502, 'reset'] },
        canaryHeader: { name: 'x-canary', value: 'true' },
        gatewayApiChannel: 'experimental',
      },
    });
    expect(s.map((r: { retry?: unknown }) => r.retry)).toEqual([
      { attempts: 2, codes: [502] },
      { attempts: 2, codes: [502] },
    ]);
    const std = rulesOf({
      ...standard,
      traffic: {
        requestTimeout: Duration.seconds(30),
        retry: { attempts: 2, perTryTimeout: Duration.seconds(10), on: ['connect-failure'] },
        gatewayApiChannel: 'experimental',
      },
    });
    expect(std).toEqual([
      {
        backendRefs: [{ name: 'api', port: 8080 }],
        timeouts: { request: '30s', backendRequest: '10s' },
        retry: { attempts: 2 },
      },
    ]);
  });

  test('a canary at weight 0 keeps its backendRef, with weight 0 (no traffic; the Gateway API allows 0)', () => {
    expect(rulesOf({ ...standard, versions: { v2: { image: 'ghcr.io/acme/api:2.1.0', weight: 0 } } })).toEqual([
      {
        backendRefs: [
          { name: 'api-v1', port: 8080, weight: 100 },
          { name: 'api-v2', port: 8080, weight: 0 },
        ],
        timeouts: { request: '60s' },
      },
    ]);
  });
});
