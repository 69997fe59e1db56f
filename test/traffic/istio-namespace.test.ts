import { Mesh, TrafficApp, TrafficAppProps } from '../../lib';
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
    expect(Object.keys(labelsOf({ ...standard, expose: [Mesh.istio({ injection: false })] })).filter((k) => k.startsWith('istio'))).toEqual([]);
  });

  test('bad input: the default namespace, a bad revision, two apps of a namespace joining it differently', () => {
    lineFor(problemsOf({ ...standard, namespace: 'default' }), 'api', 'expose[0].injection', '"sidecar"');
    lineFor(problemsOf({ ...standard, expose: [Mesh.istio({ injection: { revision: 'Not A Revision' } })] }), 'api', 'expose[0].injection', '{"revision":"Not A Revision"}');
    const lines = problemsOf(standard, { ...standard, name: 'cart', selectorLabels: { app: 'cart' }, expose: [Mesh.istio({ injection: 'ambient' })] });
    expect(lineFor(lines, 'cart', 'expose[0].injection', '"istio.io/dataplane-mode=ambient"')).toContain('labels namespace shop with istio-injection=enabled');
  });
});
