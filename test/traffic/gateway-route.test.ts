import { Duration } from 'cdk8s';
import { gatewayBackendRefs, gatewayRouteRules, integerWeights, resolveApp, TrafficAppProps, TrafficProfile } from '../../lib';
import { standard, streaming } from './fixtures';

const specOf = (p: TrafficAppProps) => resolveApp(p).spec;
const withWeights = (...w: number[]) => specOf({
  ...standard,
  versions: Object.fromEntries(w.map((weight, i) => [`v${i + 2}`, { image: `ghcr.io/acme/api:${i + 2}.0.0`, weight }])),
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

describe('Gateway API route rules from the traffic policy', () => {
  test('streaming: the canary header rule, then 99/1 to distinct per-version Services, no request timeout', () => {
    const rules = gatewayRouteRules(specOf(streaming), 80);
    expect(rules).toEqual([
      { header: { name: 'x-canary', value: 'true' }, backendRefs: [{ name: 'llm-v2', port: 80, weight: 1 }], timeouts: { request: '0s' }, retry: undefined },
      { backendRefs: [{ name: 'llm-v1', port: 80, weight: 99 }, { name: 'llm-v2', port: 80, weight: 1 }], timeouts: { request: '0s' }, retry: undefined },
    ]);
  });

  test('retry on 502 only with the experimental channel; per-try timeout as backendRequest', () => {
    const app = specOf({ ...streaming, traffic: { profile: TrafficProfile.STREAMING, retry: { attempts: 2, on: [502, 'reset'] }, gatewayApiChannel: 'experimental' } });
    expect(gatewayRouteRules(app, 80)[0].retry).toEqual({ attempts: 2, codes: [502] });
    const std = specOf({ ...standard, traffic: { requestTimeout: Duration.seconds(30), retry: { attempts: 2, perTryTimeout: Duration.seconds(10), on: ['connect-failure'] }, gatewayApiChannel: 'experimental' } });
    expect(gatewayRouteRules(std, 8080)).toEqual([
      { backendRefs: [{ name: 'api', port: 8080, weight: 1 }], timeouts: { request: '30s', backendRequest: '10s' }, retry: { attempts: 2, codes: undefined } },
    ]);
  });

  test('a canary with weight 0 gets no backendRef', () => {
    expect(gatewayBackendRefs(withWeights(0), 8080)).toEqual([{ name: 'api-v1', port: 8080, weight: 100 }]);
  });
});
