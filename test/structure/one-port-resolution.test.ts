import { Probe, TrafficApp } from '../../lib';
import { findPort, resolvePort } from '../../lib/model/workload/port-resolution';
import { scanLib } from './scan-lib';

// A port by name or number is resolved in one function of the model (lib/model/workload/port-resolution.ts): no
// other file of lib/ matches a reference against a list of ports itself. The checks of written objects
// (lib/k8s/written/, final-checks.ts) read the written JSON, not the spec's ports, and are left out.
const HOME = 'model/workload/port-resolution.ts';
const SKIP = ['k8s/imports/', 'k8s/written/', 'k8s/workload/final-checks.ts', HOME];

/** The lines of `source` that look a port up by name or number themselves. */
export function portLookups(source: string): string[] {
  const patterns = [
    // The name-or-number match: `typeof ref === 'number' ? p.port === ref : p.name === ref`.
    /typeof [\w.!?]+ === 'number' \? [\w.!?]+\.port ===/,
    // A search of a port list by number or name: `service.ports.find((sp) => sp.port === n)`.
    /\b\w*[pP]orts\??\.(find|findIndex|some|filter)\([^;]*\.(port|name) ===/,
  ];
  return source.split('\n').filter((line) => patterns.some((p) => p.test(line)));
}

test('no file of lib/ but the port resolution looks a port up by name or number', () => {
  const found = scanLib((rel) => !SKIP.some((s) => rel.startsWith(s)), portLookups);
  expect(found).toEqual([]);
});

test('the scan finds each form of a port lookup (it can fail)', () => {
  expect(
    portLookups(
      [
        "const p = ports.find((c) => (typeof r === 'number' ? c.port === r : c.name === r));",
        'const sp = app.service?.ports.find((p) => p.port === n);',
        'if (!service.ports.some((sp) => sp.port === wanted)) {',
        'const ps = callee.service.ports.filter((p) => p.name === call.port);',
        'if (podPorts.some((p) => p.port === probe.port)) return;',
        "const tcp = ports.filter((sp) => sp.protocol === 'TCP');",
        'const p = findPort(ports, ref);',
      ].join('\n'),
    ),
  ).toEqual([
    "const p = ports.find((c) => (typeof r === 'number' ? c.port === r : c.name === r));",
    'const sp = app.service?.ports.find((p) => p.port === n);',
    'if (!service.ports.some((sp) => sp.port === wanted)) {',
    'const ps = callee.service.ports.filter((p) => p.name === call.port);',
    'if (podPorts.some((p) => p.port === probe.port)) return;',
  ]);
});

describe('resolvePort', () => {
  const app = TrafficApp.define({
    name: 'api',
    namespace: 'shop',
    image: 'ghcr.io/acme/api:1.0.0',
    ports: [
      { name: 'http', port: 8080, appProtocol: 'http' },
      { name: 'metrics', port: 9090 },
      { name: 'dns', port: 5353, protocol: 'UDP' },
    ],
    readiness: Probe.httpGet('/ready', { port: 'http' }),
    service: {
      ports: [
        { name: 'web', port: 80, targetPort: 'http' },
        { name: 'dns', port: 53, targetPort: 5353, protocol: 'UDP' },
      ],
    },
  }).spec;

  test('a Service port by name: its number, the container port behind it, the target as written, the protocols', () => {
    expect(resolvePort(app, 'web', 'service')).toEqual({
      service: app.service!.ports[0],
      servicePort: 80,
      container: app.container.ports[0],
      containerPort: 8080,
      targetPort: 'http',
      protocol: 'TCP',
      appProtocol: 'http',
    });
  });

  test('a Service port by number, the first when none is named, none for a container port number', () => {
    expect(resolvePort(app, 53, 'service')).toMatchObject({ servicePort: 53, containerPort: 5353, protocol: 'UDP' });
    expect(resolvePort(app, 53, 'service')!.targetPort).toBe(5353);
    expect(resolvePort(app, undefined, 'service')?.servicePort).toBe(80);
    expect(resolvePort(app, 8080, 'service')).toBeUndefined();
    expect(resolvePort(app, 'http', 'service')).toBeUndefined();
  });

  test('a container port: the Service port that sends to it, none when no Service port does', () => {
    expect(resolvePort(app, 'http', 'container')).toMatchObject({ servicePort: 80, containerPort: 8080 });
    const metrics = resolvePort(app, 9090, 'container');
    expect(metrics).toMatchObject({ containerPort: 9090, protocol: 'TCP' });
    expect(metrics?.service).toBeUndefined();
    expect(resolvePort(app, 'web', 'container')).toBeUndefined();
  });

  test('container-or-service: a pod port first, else the Service port mapped to its target', () => {
    expect(resolvePort(app, 'web', 'container-or-service')?.containerPort).toBe(8080);
    expect(resolvePort(app, 80, 'container-or-service')?.containerPort).toBe(8080);
    expect(resolvePort(app, 'metrics', 'container-or-service')?.containerPort).toBe(9090);
    expect(resolvePort(app, 'nope', 'container-or-service')).toBeUndefined();
  });

  test('findPort: by name, by number, by number and protocol', () => {
    const ports = [
      { name: 'a', port: 53, protocol: 'UDP' as const },
      { name: 'b', port: 53, protocol: 'TCP' as const },
    ];
    expect(findPort(ports, 'b')?.port).toBe(53);
    expect(findPort(ports, 53)?.name).toBe('a');
    expect(findPort(ports, 53, 'TCP')?.name).toBe('b');
    expect(findPort(ports, 54)).toBeUndefined();
  });
});
