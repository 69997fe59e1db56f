import { IExposure, Probe, TrafficApp, traits } from 'cdk-traffic';
import { definitionProblems } from 'cdk-traffic/testing';

// User code at the extension points returning the wrong thing is a problem naming the kind, never a TypeError.
const app = (e: IExposure) =>
  TrafficApp.define({
    name: 'web',
    namespace: 'shop',
    image: 'ghcr.io/acme/web:1.0.0',
    ports: [{ name: 'http', port: 8080 }],
    readiness: Probe.httpGet('/ready', { port: 'http' }),
    service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    expose: [e],
  }).spec;

const kindReturning = (spec: () => unknown): IExposure => ({ kind: 'acme-tunnel', resolve: spec as never });
const good = { label: 'tunnel', reach: 'internet' as const, hosts: [] };

test.each([
  ['nothing', () => undefined, 'expose[0]', 'returned no spec object'],
  [
    'another kind',
    () => ({ kind: 'other', name: 'x', traits: traits(good) }),
    'expose[0].kind',
    'returned a spec of another kind',
  ],
  ['no traits', () => ({ kind: 'acme-tunnel', name: 'x' }), 'expose[0].traits', 'returned a spec without traits'],
  [
    'traits without reach (made before reach existed)',
    () => ({ kind: 'acme-tunnel', name: 'x', traits: { ...traits(good), reach: undefined } }),
    'expose[0].traits.reach',
    'returned traits whose reach is not one of internet, internal, cluster',
  ],
  [
    'hosts as a string',
    () => ({ kind: 'acme-tunnel', name: 'x', traits: { ...traits(good), hosts: 'a.example.com' } }),
    'expose[0].traits.hosts',
    'returned traits whose hosts is not a list of { host?, paths }',
  ],
  [
    'a mesh whose delivered parent has no port',
    () => ({
      kind: 'acme-tunnel',
      name: 'x',
      traits: traits({
        ...good,
        mesh: { mesh: 'acme', sidecar: false, field: 'expose[0]', delivered: { parentService: { name: 'x' } } },
      } as never),
    }),
    'expose[0].traits.mesh.delivered',
    'returned traits whose mesh.delivered is not { parentService?: { name, port }',
  ],
  [
    'a throw',
    () => {
      throw new TypeError("Cannot read properties of undefined (reading 'port')");
    },
    'expose[0]',
    "threw: Cannot read properties of undefined (reading 'port')",
  ],
])('a user kind whose resolve() returns %s is one problem naming the kind', (_, resolve, field, message) => {
  const problems = definitionProblems(() => app(kindReturning(resolve)));
  expect(problems.map((p) => p.field)).toEqual([field]);
  expect(problems[0].message).toContain("the resolve() of exposure kind 'acme-tunnel'");
  expect(problems[0].message).toContain(message);
  expect(problems[0].fix).toContain('traits({ label, reach, hosts');
});

test('a well-formed user kind resolves with its traits', () => {
  const spec = app(kindReturning(() => ({ kind: 'acme-tunnel', name: 'x', traits: traits(good) })));
  expect(spec.exposures.map((e) => [e.kind, e.traits.reach])).toEqual([['acme-tunnel', 'internet']]);
});
