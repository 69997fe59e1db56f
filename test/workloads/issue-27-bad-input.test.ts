import { TrafficApp, Volume } from '../../lib';
import { base, lineFor, problemsOf } from '../declared/support';

// Issue 27's "Bad input": each a clear error with the path, the field, the value received and a fix (item 8).
describe("issue 27's bad inputs, each one line with path, field, value and fix", () => {
  test("a version override of the Service's ports", () => {
    const lines = problemsOf([
      { ...base, versions: { v2: { image: 'ghcr.io/acme/web:2.0.0', service: { ports: [] } } as never } },
    ]);
    const l = lineFor(lines, 'web', 'versions.v2.service', '{"ports":[]}');
    expect(l).toContain('cannot differ between versions: one Service (and its ports) fronts every version');
    expect(l).toContain('Fix: set it on the app (every version shares it); a version overrides image');
  });

  test('an external version with no labels, or with labels that also select the stable pods', () => {
    const none = problemsOf([{ ...base, versions: { v2: { external: { labels: {} } } } }]);
    expect(lineFor(none, 'web', 'versions.v2.external.labels', '{}')).toContain(
      'selects no pods: a version deployed elsewhere is known by its labels only',
    );
    const stable = problemsOf([
      { ...base, versions: { v2: { external: { labels: { 'app.kubernetes.io/name': 'web' } } } } },
    ]);
    const l = lineFor(stable, 'web', 'versions.v2.external.labels', '{"app.kubernetes.io/name":"web"}');
    expect(l).toContain('also select the pods this app writes (v1)');
    expect(l).toContain(
      'Fix: add a label only the version\'s pods carry, e.g. {"app.kubernetes.io/name":"web","version":"v2"}',
    );
  });

  test('a call to an app with no Service', () => {
    const api = TrafficApp.define({ ...base, name: 'api', service: false });
    const l = lineFor(problemsOf([{ ...base, calls: [api] }]), 'web', 'calls[0].app', '"api"');
    expect(l).toContain('app "api" has no Service (`service: false`)');
    expect(l).toContain('Fix: give "api" a Service, or remove the call');
  });

  test('a hash key without a header or cookie name', () => {
    const lines = problemsOf([{ ...base, traffic: { loadBalancing: { hashBy: 'cookie' } } }]);
    const l = lineFor(lines, 'web', 'traffic.loadBalancing.name', 'undefined');
    expect(l).toContain("a hash by cookie needs the cookie's name");
    expect(l).toMatch(/Fix: name the cookie/);
  });

  test('a PersistentVolumeClaim size that is not a quantity', () => {
    const lines = problemsOf([
      {
        ...base,
        replicas: 1,
        rollout: { strategy: 'Recreate' },
        volumes: { data: Volume.claim({ storage: '10 GB' }) },
        volumeMounts: [{ volume: 'data', path: '/data' }],
      },
    ]);
    const l = lineFor(lines, 'web', 'volumes.data.storage', '"10 GB"');
    expect(l).toContain('is not a storage quantity');
    expect(l).toContain('Fix: use a quantity such as "512Mi" or "10Gi"');
  });
});
