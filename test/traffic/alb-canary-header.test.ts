import { IngressExposure } from '../../lib';
import { one, synthApp } from '../support/k8s';
import { streaming } from './fixtures';
import { lineFor, problemsOf } from './problems';

const A = 'alb.ingress.kubernetes.io/';

describe('the canary header on an ALB Ingress', () => {
  // GIVEN the streaming app (99/1, canary header X-Canary: true) behind an ALB Ingress on two paths
  const objects = synthApp({
    ...streaming,
    expose: [IngressExposure.alb({ paths: [{ path: '/v1' }, { path: '/v2' }] })],
  });
  const ing = one(objects, 'Ingress', 'llm');
  const a = ing.metadata.annotations as Record<string, string>;

  test("a forward action to the canary's Service, on the condition that the header is present", () => {
    expect(JSON.parse(a[`${A}actions.canary-header-80`])).toEqual({
      type: 'forward',
      forwardConfig: { targetGroups: [{ serviceName: 'llm-v2', servicePort: '80', weight: 1 }] },
    });
    expect(JSON.parse(a[`${A}conditions.canary-header-80`])).toEqual([
      { field: 'http-header', httpHeaderConfig: { httpHeaderName: 'x-canary', values: ['true'] } },
    ]);
    // The weighted action stays 99/1 and has no condition.
    expect(
      JSON.parse(a[`${A}actions.weighted-80`]).forwardConfig.targetGroups.map((t: { weight: number }) => t.weight),
    ).toEqual([99, 1]);
    expect(a[`${A}conditions.weighted-80`]).toBeUndefined();
  });

  test('each path goes first to the header action, then to the weighted one (the controller keeps that order)', () => {
    const paths = ing.spec.rules[0].http.paths.map(
      (p: { path: string; backend: { service: { name: string; port: { name: string } } } }) => [
        p.path,
        p.backend.service.name,
        p.backend.service.port.name,
      ],
    );
    expect(paths).toEqual([
      ['/v1', 'canary-header-80', 'use-annotation'],
      ['/v1', 'weighted-80', 'use-annotation'],
      ['/v2', 'canary-header-80', 'use-annotation'],
      ['/v2', 'weighted-80', 'use-annotation'],
    ]);
  });

  test('a header value with ALB wildcards is refused', () => {
    const lines = problemsOf({
      ...streaming,
      traffic: { ...streaming.traffic, canaryHeader: { name: 'x-canary', value: 'yes*' } },
      expose: [IngressExposure.alb()],
    });
    expect(lineFor(lines, 'llm', 'traffic.canaryHeader.value', '"yes*"')).toContain('wildcards');
  });
});
