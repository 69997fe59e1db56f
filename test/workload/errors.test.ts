import { Duration } from 'cdk8s';
import { DefinitionError, PodSecurity, Probe, ReadinessWaiver, TrafficApp, TrafficAppProps } from '../../lib';
import { errorOf, synthApps } from '../support/k8s';

const base: TrafficAppProps = {
  name: 'web',
  image: 'ghcr.io/acme/web:1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/health', { port: 'http' }),
};

/** Synthesizes in a chart called "test" and returns the DefinitionError's lines. */
function problemsOf(...apps: TrafficAppProps[]): string[] {
  const e = errorOf(() => synthApps(apps.map((a) => TrafficApp.define(a))));
  expect(e).toBeInstanceOf(DefinitionError);
  return e.message
    .split('\n')
    .slice(1)
    .map((l) => l.trim());
}

/** The one line about `field`, checked to carry the construct path, the received value and a fix. */
function lineFor(lines: string[], path: string, field: string, received: string): string {
  const found = lines.filter((l) => l.startsWith(`[${path}]`) && l.includes(` ${field}: `));
  expect(found).toHaveLength(1);
  expect(found[0]).toContain(`(received ${received})`);
  expect(found[0]).toMatch(/Fix: \S+/);
  return found[0];
}

describe('bad input is reported at synth with path, field, value and fix', () => {
  test('all problems of a definition come together in one error', () => {
    const lines = problemsOf({
      ...base,
      name: 'Web_App',
      replicas: -1,
      image: '',
      ports: [
        { name: 'http', port: 70000 },
        { name: 'http', port: 8081 },
      ],
      readiness: Probe.httpGet('/health', { port: 'metrics' }),
    });
    expect(lines.length).toBeGreaterThanOrEqual(5);
    lineFor(lines, 'test/Web_App', 'name', '"Web_App"');
    lineFor(lines, 'test/Web_App', 'replicas', '-1');
    lineFor(lines, 'test/Web_App', 'image', '""');
    lineFor(lines, 'test/Web_App', 'ports[0].port', '70000');
    lineFor(lines, 'test/Web_App', 'ports[1].name', '"http"');
    lineFor(lines, 'test/Web_App', 'readiness.port', '"metrics"');
  });

  test('a liveness probe that restarts the container before the readiness probe first checks it, without a startup probe', () => {
    const slow = { ...base, readiness: Probe.httpGet('/health', { port: 'http', initialDelay: Duration.seconds(60) }) };
    const line = lineFor(
      problemsOf({
        ...slow,
        liveness: Probe.httpGet('/livez', { port: 'http', period: Duration.seconds(10), failureThreshold: 3 }),
      }),
      'test/web',
      'liveness',
      '"restarts after 30s"',
    );
    expect(line).toContain('add a startup probe');
    // A startup probe, or a liveness window past the readiness delay, is fine.
    synthApps([
      TrafficApp.define({
        ...slow,
        liveness: Probe.httpGet('/livez', { port: 'http', period: Duration.seconds(10), failureThreshold: 3 }),
        startup: Probe.httpGet('/livez', { port: 'http', failureThreshold: 30 }),
      }),
    ]);
    synthApps([
      TrafficApp.define({
        ...slow,
        liveness: Probe.httpGet('/livez', { port: 'http', period: Duration.seconds(10), failureThreshold: 7 }),
      }),
    ]);
  });

  test('an invalid name suggests a valid one', () => {
    expect(lineFor(problemsOf({ ...base, name: 'Web_App' }), 'test/Web_App', 'name', '"Web_App"')).toContain(
      '"web-app"',
    );
  });

  test('a name longer than 63 characters', () => {
    const name = 'a'.repeat(64);
    lineFor(problemsOf({ ...base, name }), `test/${name}`, 'name', `"${name}"`);
  });

  test('a port outside 1-65535', () => {
    expect(
      lineFor(
        problemsOf({ ...base, ports: [{ name: 'http', port: 0 }], readiness: Probe.tcpSocket() }),
        'test/web',
        'ports[0].port',
        '0',
      ),
    ).toContain('1 to 65535');
  });

  test('duplicate port names', () => {
    expect(
      lineFor(
        problemsOf({
          ...base,
          ports: [
            { name: 'http', port: 8080 },
            { name: 'http', port: 9090 },
          ],
        }),
        'test/web',
        'ports[1].name',
        '"http"',
      ),
    ).toContain('duplicate');
  });

  test('a probe on a port the container does not expose', () => {
    expect(
      lineFor(
        problemsOf({ ...base, readiness: Probe.httpGet('/health', { port: 9090 }) }),
        'test/web',
        'readiness.port',
        '9090',
      ),
    ).toContain('declared: http');
  });

  test('a Service targetPort the container does not expose', () => {
    lineFor(
      problemsOf({ ...base, service: { ports: [{ port: 80, targetPort: 'web' }] } }),
      'test/web',
      'service.ports[0].targetPort',
      '"web"',
    );
  });

  test('negative replicas', () => {
    lineFor(problemsOf({ ...base, replicas: -2 }), 'test/web', 'replicas', '-2');
  });

  test('a missing image, and an image without a fixed tag', () => {
    lineFor(problemsOf({ ...base, image: undefined as unknown as string }), 'test/web', 'image', 'undefined');
    expect(lineFor(problemsOf({ ...base, image: 'nginx:latest' }), 'test/web', 'image', '"nginx:latest"')).toContain(
      'pin a version',
    );
  });

  test('a selector that matches another app in the same namespace', () => {
    const lines = problemsOf(
      { ...base, name: 'web', selectorLabels: { tier: 'frontend' } },
      { ...base, name: 'admin', selectorLabels: { tier: 'frontend', app: 'admin' } },
    );
    expect(lineFor(lines, 'test/web', 'selectorLabels', '{"tier":"frontend"}')).toContain('app "admin"');
  });

  test('apps in different namespaces may share selector labels', () => {
    expect(() =>
      synthApps([
        TrafficApp.define({ ...base, name: 'web', namespace: 'a' }),
        TrafficApp.define({ ...base, name: 'web', namespace: 'b' }),
      ]),
    ).not.toThrow();
  });

  test('a missing readiness probe, and a waiver without a reason', () => {
    expect(
      lineFor(problemsOf({ ...base, readiness: undefined as unknown as Probe }), 'test/web', 'readiness', 'undefined'),
    ).toContain('ReadinessWaiver.because');
    lineFor(problemsOf({ ...base, readiness: ReadinessWaiver.because('') }), 'test/web', 'readiness', '""');
  });

  test('an opt-out of restricted pod security without a reason', () => {
    lineFor(
      problemsOf({ ...base, security: PodSecurity.baseline({ reason: '' }) }),
      'test/web',
      'security.reason',
      '""',
    );
  });

  test('a grace period shorter than drain + shutdown', () => {
    const l = lineFor(
      problemsOf({
        ...base,
        availability: {
          drain: Duration.seconds(10),
          shutdown: Duration.seconds(25),
          terminationGracePeriod: Duration.seconds(20),
        },
      }),
      'test/web',
      'availability.terminationGracePeriod',
      'Duration(20s)',
    );
    expect(l).toContain('Duration.seconds(35)');
  });

  test('a request above its limit', () => {
    lineFor(
      problemsOf({ ...base, resources: { memoryRequest: '1Gi', memoryLimit: '512Mi' } }),
      'test/web',
      'resources.memoryRequest',
      '"1Gi"',
    );
  });

  test('a label that would break the selector', () => {
    lineFor(
      problemsOf({ ...base, podLabels: { 'app.kubernetes.io/name': 'other' } }),
      'test/web',
      'podLabels.app.kubernetes.io/name',
      '"other"',
    );
  });

  test('a probe period that is not whole seconds', () => {
    lineFor(
      problemsOf({ ...base, readiness: Probe.httpGet('/health', { period: Duration.millis(1500) }) }),
      'test/web',
      'readiness.period',
      'Duration(1.5s)',
    );
  });

  test('an autoscaler whose maximum is below its minimum', () => {
    lineFor(
      problemsOf({ ...base, autoscaling: { minReplicas: 4, maxReplicas: 2 } }),
      'test/web',
      'autoscaling.maxReplicas',
      '2',
    );
  });

  test('two apps writing the same object', () => {
    const lines = problemsOf(
      { ...base, name: 'web' },
      { ...base, name: 'api', selectorLabels: { app: 'api' }, names: { service: 'web' } },
    );
    expect(lineFor(lines, 'test/api', 'names', '"web"')).toContain('Service "web"');
  });
});
