import * as lib from '../../lib';
import * as aws from '../../lib/aws';
import { AgcRoute, GkeIngress, Probe, TrafficApp } from '../../lib';
import { definitionProblems } from '../../lib/testing';
import { EXPOSURE_KINDS } from '../../lib/model/input/exposure-kinds';

// One list (EXPOSURE_KINDS) drives the input check's instanceof dispatch and the generated shapes: a public
// exposure class missing from it would pass unchecked (a string where a list belongs split into characters).

/** The public classes whose instances resolve into a spec (exposures, and the dataplane, which is no exposure). */
function publicResolvingClasses(): { name: string; prototype: object }[] {
  return [...Object.entries(lib), ...Object.entries(aws)]
    .filter(
      ([, v]) =>
        typeof v === 'function' &&
        typeof (v as { prototype?: { resolve?: unknown } }).prototype?.resolve === 'function',
    )
    .map(([name, v]) => ({ name, prototype: (v as { prototype: object }).prototype }));
}

/** Public classes with a `resolve` that are no exposure kind (a new one must be added here or registered). */
const NOT_EXPOSURES = ['Dataplane', 'Certificate', 'PodSecurity', 'TrafficApp'];

test('every public exposure class is registered in EXPOSURE_KINDS', () => {
  const registered = new Set(EXPOSURE_KINDS.map((k) => k.type.prototype));
  const missing = publicResolvingClasses()
    .filter((c) => !NOT_EXPOSURES.includes(c.name) && !registered.has(c.prototype as never))
    .map((c) => c.name);
  expect(missing).toEqual([]);
  // The scan finds the classes it must (it can fail).
  expect(publicResolvingClasses().map((c) => c.name)).toEqual(
    expect.arrayContaining(['IngressExposure', 'GkeIngress', 'AgcRoute', 'TerraformLoadBalancer']),
  );
});

test('every registered kind names the props types of its factories, which the generated shapes hold', () => {
  const { SHAPES } = jest.requireActual('../../lib/model/input/shapes.generated');
  for (const k of EXPOSURE_KINDS)
    for (const s of k.shapes) expect([k.type.name, s, SHAPES[s] !== undefined]).toEqual([k.type.name, s, true]);
});

const base = {
  name: 'web',
  namespace: 'shop',
  image: 'ghcr.io/acme/web:1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http' }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
};

test.each([
  ['GkeIngress.create', 'hosts'],
  ['AgcRoute.http', 'hostnames'],
])('%s: a host name where a list belongs is one problem, not split into characters', (factory, field) => {
  const make = () =>
    factory === 'GkeIngress.create'
      ? GkeIngress.create({ hosts: 'a.example.com' as never })
      : AgcRoute.http({ gateway: { name: 'public' }, hostnames: 'a.example.com' as never } as never);
  const problems = definitionProblems(() => TrafficApp.define({ ...base, expose: [make()] }).spec);
  expect(problems.map((p) => p.field)).toContain(`expose[0].${field}`);
  const hosts = problems.filter((p) => /^expose\[0\]\.host/.test(p.field));
  expect(hosts.map((p) => [p.field, p.value])).toEqual([[`expose[0].${field}`, 'a.example.com']]);
  expect(hosts[0].message).toMatch(/list/);
});
