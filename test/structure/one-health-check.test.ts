import { Duration, Testing } from 'cdk8s';
import {
  AgcRoute,
  AwsGatewayRoute,
  GkeGatewayRoute,
  GkeIngress,
  HealthCheck,
  IExposure,
  IngressExposure,
  Probe,
  TrafficApp,
  TrafficAppProps,
  TrafficChart,
} from '../../lib';
import { one } from '../support/k8s';
import { lineFor, problemsOf, synth, web } from '../expose/support';

/**
 * One health check model for every cloud: the same readiness probe gives the same verdict and the same wording on
 * the AWS target group (ALB Ingress), the GKE BackendConfig and HealthCheckPolicy and the Application Gateway for
 * Containers HealthCheckPolicy, where their ranges agree; one override (`HealthCheck.override`) on each.
 */
const parents = [{ name: 'public', namespace: 'gateways' }];
const layers: Record<string, { make: () => IExposure; name: string; cloud: string }> = {
  'AWS ALB Ingress': { make: () => IngressExposure.alb(), name: 'a load balancer', cloud: 'AWS' },
  'AWS ALB Gateway': { make: () => AwsGatewayRoute.http({ parents }), name: 'a load balancer', cloud: 'AWS' },
  'GKE Ingress': { make: () => GkeIngress.create(), name: 'the GKE Ingress (BackendConfig)', cloud: 'Google Cloud' },
  'GKE Gateway': {
    make: () => GkeGatewayRoute.http({ parents }),
    name: 'the GKE Gateway (HealthCheckPolicy)',
    cloud: 'Google Cloud',
  },
  AGC: {
    make: () => AgcRoute.http({ parents }),
    name: 'Application Gateway for Containers (HealthCheckPolicy)',
    cloud: 'Azure',
  },
};

function warningsOf(props: TrafficAppProps) {
  const chart = new TrafficChart(Testing.app(), 'test', { apps: [TrafficApp.define(props)], printWarnings: false });
  return chart.warnings;
}

describe('one health check model for every cloud', () => {
  test('probe headers: the same note, in the same words, on every cloud (only the checker is named)', () => {
    const readiness = Probe.httpGet('/ready', {
      port: 'http',
      period: Duration.seconds(5),
      headers: { 'X-Token': 'a' },
    });
    for (const [layer, l] of Object.entries(layers)) {
      const w = warningsOf({ ...web, readiness, expose: [l.make()] }).filter((x) => x.field === 'readiness.headers');
      expect([layer, w.map((x) => x.message)]).toEqual([
        layer,
        [`the probe's headers (X-Token) are not sent by ${l.name}`],
      ]);
    }
  });

  test('a failure threshold of 30: clamped to 10 on AWS and Google Cloud (both 10 at most), in the same words; the written checks say 10', () => {
    const readiness = Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(5), failureThreshold: 30 });
    const clamped = ['AWS ALB Ingress', 'GKE Ingress', 'GKE Gateway'].map((layer) => {
      const l = layers[layer];
      const w = warningsOf({ ...web, readiness, expose: [l.make()] }).find(
        (x) => x.field === 'readiness.failureThreshold',
      );
      return w?.message.replace(l.cloud, '<cloud>').replace(/range \d+-10/, 'range <min>-10');
    });
    expect(new Set(clamped)).toEqual(
      new Set(['unhealthy threshold 30 from the probe clamped to 10 (<cloud> range <min>-10)']),
    );
    const alb = one(synth({ ...web, readiness, expose: [IngressExposure.alb()] }), 'Ingress', 'web');
    expect(alb.metadata.annotations!['alb.ingress.kubernetes.io/unhealthy-threshold-count']).toBe('10');
    const bc = one(synth({ ...web, readiness, expose: [GkeIngress.create()] }), 'BackendConfig', 'web');
    expect(bc.spec.healthCheck.unhealthyThreshold).toBe(10);
  });

  test('a command probe: the same problem on every cloud, naming its checker', () => {
    const readiness = Probe.exec(['cat', '/tmp/ready']);
    for (const l of Object.values(layers)) {
      lineFor(
        problemsOf({ ...web, readiness, expose: [l.make()] }),
        'readiness',
        '"exec"',
        `which ${l.name} cannot do`,
      );
    }
  });

  test('HealthCheck.override on GKE and AGC: the path, port and interval written; the deprecated plain form writes the same', () => {
    const override = HealthCheck.override({
      path: '/lb-health',
      port: 9100,
      interval: Duration.seconds(10),
      reason: 'the load balancer checks the metrics port',
    });
    const bc = one(synth({ ...web, expose: [GkeIngress.create({ healthCheck: override })] }), 'BackendConfig', 'web');
    expect(bc.spec.healthCheck).toMatchObject({
      type: 'HTTP',
      requestPath: '/lb-health',
      port: 9100,
      checkIntervalSec: 10,
    });
    const agc = one(
      synth({ ...web, expose: [AgcRoute.http({ parents, healthCheck: override })] }),
      'HealthCheckPolicy',
      'web',
    );
    expect(agc.spec.default).toMatchObject({ interval: '10s', http: { path: '/lb-health' }, port: 9100 });
    const plain = { path: '/lb-health', port: 9100, reason: 'the load balancer checks the metrics port' };
    const fromPlain = one(
      synth({ ...web, expose: [GkeIngress.create({ healthCheck: plain })] }),
      'BackendConfig',
      'web',
    );
    const fromOverride = one(
      synth({ ...web, expose: [GkeIngress.create({ healthCheck: HealthCheck.override(plain) })] }),
      'BackendConfig',
      'web',
    );
    expect(fromPlain.spec).toEqual(fromOverride.spec);
  });

  test('bad overrides: success codes where the checker takes none, an interval outside Google Cloud range, TCP on a GKE Ingress', () => {
    const lines = problemsOf({
      ...web,
      expose: [
        GkeIngress.create({
          healthCheck: HealthCheck.override({
            protocol: 'TCP',
            successCodes: '200',
            interval: Duration.seconds(400),
            reason: 'checks another way',
          }),
        }),
      ],
    });
    lineFor(lines, 'expose[0].healthCheck.protocol', '"TCP"', 'is not a health check protocol of the GKE Ingress');
    lineFor(lines, 'expose[0].healthCheck.successCodes', '"200"', 'takes no success codes');
    lineFor(lines, 'expose[0].healthCheck.interval', 'Duration(400s)', '1 s to 300 s (the Google Cloud range)');
  });
});
