import { Mesh, PodSecurity, runRules, TrafficApp, TrafficAppProps } from '../../lib';
import { resolveApp } from '../../lib/model/app';
import { one, synthApps } from '../support/k8s';
import { standard } from './fixtures';
import { lineFor, problemsOf } from './problems';

const labelsOf = (...apps: TrafficAppProps[]) =>
  one(synthApps(apps.map((a) => TrafficApp.define(a))), 'Namespace', 'shop').metadata.labels as Record<string, string>;

describe('the mesh exposure puts the app namespace in the mesh', () => {
  test.each([
    ['sidecar (the default)', undefined, { 'istio-injection': 'enabled' }],
    ['a revision', { revision: '1-24' }, { 'istio.io/rev': '1-24' }],
    ['ambient', 'ambient' as const, { 'istio.io/dataplane-mode': 'ambient' }],
  ])('%s', (_name, injection, expected) => {
    const labels = labelsOf({ ...standard, expose: [Mesh.istio(injection === undefined ? {} : { injection })] });
    expect(labels).toMatchObject(expected);
    const meshKeys = Object.keys(labels).filter((k) => k.startsWith('istio'));
    expect(meshKeys).toEqual(Object.keys(expected));
  });

  test('injection false: the namespace is labelled elsewhere', () => {
    expect(
      Object.keys(labelsOf({ ...standard, expose: [Mesh.istio({ injection: false })] })).filter((k) =>
        k.startsWith('istio'),
      ),
    ).toEqual([]);
  });

  test('bad input: the default namespace, a bad revision, two apps of a namespace joining it differently', () => {
    lineFor(problemsOf({ ...standard, namespace: 'default' }), 'api', 'expose[0].injection', '"sidecar"');
    lineFor(
      problemsOf({ ...standard, expose: [Mesh.istio({ injection: { revision: 'Not A Revision' } })] }),
      'api',
      'expose[0].injection',
      '{"revision":"Not A Revision"}',
    );
    const lines = problemsOf(standard, {
      ...standard,
      name: 'cart',
      selectorLabels: { app: 'cart' },
      expose: [Mesh.istio({ injection: 'ambient' })],
    });
    expect(lineFor(lines, 'cart', 'expose[0].injection', '"istio.io/dataplane-mode=ambient"')).toContain(
      'labels namespace shop with istio-injection=enabled',
    );
  });
});

describe('sidecars under Pod Security "restricted" (CT-TRAFFIC-050)', () => {
  const findings = (p: TrafficAppProps) => runRules(resolveApp(p).spec).filter((r) => r.ruleId === 'CT-TRAFFIC-050');

  test('sidecar or revision injection in a restricted namespace warns, with the CNI plugin as the fix', () => {
    for (const injection of [undefined, { revision: '1-24' }]) {
      const [f] = findings({ ...standard, expose: [Mesh.istio(injection ? { injection } : {})] });
      expect(f).toMatchObject({ field: 'expose[0].injection', severity: 'warning' });
      expect(f.message).toContain('NET_ADMIN');
      expect(f.fix).toContain('CNI plugin');
    }
  });

  test('ambient, no injection label, or a baseline namespace: nothing to say; an acknowledgement is kept with its reason', () => {
    expect(findings({ ...standard, expose: [Mesh.istio({ injection: 'ambient' })] })).toEqual([]);
    expect(findings({ ...standard, expose: [Mesh.istio({ injection: false })] })).toEqual([]);
    expect(
      findings({ ...standard, security: PodSecurity.baseline({ reason: 'legacy image that runs as root' }) }),
    ).toEqual([]);
    const [f] = findings({
      ...standard,
      traffic: { acknowledge: { 'CT-TRAFFIC-050': 'Istio runs the CNI plugin here' } },
    });
    expect(f.acknowledged).toBe('Istio runs the CNI plugin here');
  });
});
