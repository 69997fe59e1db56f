import { Duration } from 'cdk8s';
import { ALB_FORWARD_SPLIT, TrafficApp, TrafficAppProps, TrafficProfile } from '../../lib';
import { synthApps } from '../support/k8s';
import { standard, streaming } from './fixtures';
import { FAKE_RENDERERS, fakeExposure, lineFor, problemsOf } from './problems';

const canary = (weight: number, extra: object = {}): TrafficAppProps => ({
  ...standard,
  versions: { v2: { image: 'ghcr.io/acme/api:2.1.0', weight, ...extra } },
});

describe('canary weights', () => {
  test('a negative weight', () => {
    expect(lineFor(problemsOf(canary(-1)), 'api', 'versions.v2.weight', '-1')).toContain('percentage from 0 to 100');
  });

  test('a weight over 100', () => {
    expect(lineFor(problemsOf(canary(150)), 'api', 'versions.v2.weight', '150')).toContain('percentage from 0 to 100');
  });

  test('canary weights that add up to more than 100', () => {
    const lines = problemsOf({
      ...standard,
      versions: {
        v2: { image: 'ghcr.io/acme/api:2.1.0', weight: 60 },
        v3: { image: 'ghcr.io/acme/api:3.0.0', weight: 50 },
      },
    });
    expect(lineFor(lines, 'api', 'versions', '110')).toContain('more than 100%');
  });

  test('a weight with more than 4 decimals cannot be an exact integer weight', () => {
    const line = lineFor(problemsOf(canary(0.00001)), 'api', 'versions.v2.weight', '0.00001', 'CT-TRAFFIC-013');
    expect(line).toContain('Gateway API and Istio weights are integers');
    expect(line).toContain('at most 4 decimals');
  });

  test('a weight finer than 0.1% behind an ALB (forward weights of at most 999)', () => {
    const line = lineFor(
      problemsOf({ ...canary(0.25), expose: [fakeExposure('fake-alb', { split: ALB_FORWARD_SPLIT })] }),
      'api',
      'versions.v2.weight',
      '0.25',
      'CT-TRAFFIC-013',
    );
    expect(line).toContain('at most 999');
  });

  test('a 0.5% canary behind an ALB is fine (995/5)', () => {
    expect(() =>
      synthApps(
        [TrafficApp.define({ ...canary(0.5), expose: [fakeExposure('fake-alb', { split: ALB_FORWARD_SPLIT })] })],
        { renderers: FAKE_RENDERERS },
      ),
    ).not.toThrow();
  });
});

describe('a canary without a second version', () => {
  test('a canary header, but no canary version', () => {
    const line = lineFor(
      problemsOf({ ...standard, traffic: { canaryHeader: { name: 'x-canary', value: 'true' } } }),
      'api',
      'traffic.canaryHeader',
      '{"name":"x-canary","value":"true"}',
      'CT-TRAFFIC-010',
    );
    expect(line).toContain('no second version');
    expect(line).toContain('versions: { v2:');
  });

  test('a canary that runs the stable image', () => {
    const line = lineFor(
      problemsOf({ ...standard, versions: { v2: { weight: 1 } } }),
      'api',
      'versions.v2.image',
      '"ghcr.io/acme/api:2.0.0"',
      'CT-TRAFFIC-011',
    );
    expect(line).toContain('same build');
  });

  test('a canary with traffic but no pods', () => {
    const line = lineFor(problemsOf(canary(5, { replicas: 0 })), 'api', 'versions.v2.replicas', '0', 'CT-TRAFFIC-012');
    expect(line).toContain('503');
  });
});

describe('retries and timeouts', () => {
  test('retries with zero attempts', () => {
    const line = lineFor(
      problemsOf({ ...standard, traffic: { retry: { attempts: 0 } } }),
      'api',
      'traffic.retry.attempts',
      '0',
    );
    expect(line).toContain('from 1 to 10');
  });

  test('a per-try timeout longer than the request timeout', () => {
    const line = lineFor(
      problemsOf({
        ...standard,
        traffic: { requestTimeout: Duration.seconds(10), retry: { attempts: 2, perTryTimeout: Duration.seconds(15) } },
      }),
      'api',
      'traffic.retry.perTryTimeout',
      'Duration(15s)',
    );
    expect(line).toContain('longer than the request timeout (10s)');
  });

  test('a per-try timeout that would cut streams', () => {
    const line = lineFor(
      problemsOf({
        ...streaming,
        traffic: {
          profile: TrafficProfile.STREAMING,
          retry: { attempts: 2, perTryTimeout: Duration.seconds(30), on: [502] },
        },
      }),
      'llm',
      'traffic.retry.perTryTimeout',
      '30',
      'CT-TRAFFIC-021',
    );
    expect(line).toContain('Duration.seconds(600)');
  });

  test('a retry condition that does not exist', () => {
    lineFor(
      // @ts-expect-error -- 500 is not a RetryCondition
      problemsOf({ ...standard, traffic: { retry: { attempts: 1, on: [500] } } }),
      'api',
      'traffic.retry.on[0]',
      '500',
    );
  });

  test('outlier detection and connection pool out of range', () => {
    const lines = problemsOf({
      ...standard,
      traffic: {
        outlierDetection: { consecutiveErrors: 0, maxEjectionPercent: 101 },
        connectionPool: { maxConnections: 0 },
      },
    });
    lineFor(lines, 'api', 'traffic.outlierDetection.consecutiveErrors', '0');
    lineFor(lines, 'api', 'traffic.outlierDetection.maxEjectionPercent', '101');
    lineFor(lines, 'api', 'traffic.connectionPool.maxConnections', '0');
  });

  test('an acknowledgement without a reason, or of something that is not a rule id', () => {
    const lines = problemsOf({
      ...standard,
      traffic: {
        acknowledge: {
          'CT-TRAFFIC-030': 'ok',
          oops: 'because reasons are here',
          'CT-K8S-003': 'the grace period is fine here',
        },
      },
    });
    lineFor(lines, 'api', 'traffic.acknowledge.CT-TRAFFIC-030', '"ok"');
    expect(lineFor(lines, 'api', 'traffic.acknowledge.oops', '"oops"')).toContain('is not the id of a rule');
    // A check made at resolution has a fix, not an acknowledgement.
    expect(lineFor(lines, 'api', 'traffic.acknowledge.CT-K8S-003', '"CT-K8S-003"')).toContain(
      'would acknowledge nothing',
    );
    expect(lines).toHaveLength(3);
  });
});

describe('streaming layers that contradict each other', () => {
  const s = (traffic: object, more: Partial<TrafficAppProps> = {}): TrafficAppProps => ({
    ...streaming,
    ...more,
    traffic: { profile: TrafficProfile.STREAMING, ...traffic },
  });

  test('an idle timeout of 60 s under a 10-minute stream', () => {
    lineFor(
      problemsOf(s({ idleTimeout: Duration.seconds(60) })),
      'llm',
      'traffic.idleTimeout',
      'Duration(60s)',
      'CT-TRAFFIC-001',
    );
  });

  test('a request timeout shorter than the stream', () => {
    lineFor(
      problemsOf(s({ requestTimeout: Duration.seconds(120) })),
      'llm',
      'traffic.requestTimeout',
      'Duration(120s)',
      'CT-TRAFFIC-002',
    );
  });

  test('a deregistration delay shorter than the stream', () => {
    const line = lineFor(
      problemsOf(s({ deregistrationDelay: Duration.seconds(30) })),
      'llm',
      'traffic.deregistrationDelay',
      '30',
      'CT-TRAFFIC-046',
    );
    expect(line).toContain('Duration.seconds(600)');
  });

  test('a grace period shorter than the deregistration delay', () => {
    const line = lineFor(
      problemsOf(s({}, { availability: { terminationGracePeriod: Duration.seconds(300) } })),
      'llm',
      'availability.terminationGracePeriod',
      'Duration(300s)',
      'CT-K8S-003',
    );
    expect(line).toContain('Duration.seconds(610)');
  });

  test('no preStop drain', () => {
    const line = lineFor(
      problemsOf(s({}, { availability: { drain: Duration.seconds(0) } })),
      'llm',
      'availability.drain',
      '0',
      'CT-TRAFFIC-042',
    );
    expect(line).toContain('preStop');
  });

  test('a load balancer idle timeout shorter than the stream', () => {
    const lines = problemsOf(
      s(
        {},
        {
          expose: [
            fakeExposure('fake-alb', {
              settings: [
                { field: 'expose[0].idleTimeoutSeconds', name: 'idleTimeoutSeconds', value: 60 },
                {
                  field: 'expose[0].targetGroups[0].deregistrationDelaySeconds',
                  name: 'deregistrationDelaySeconds',
                  value: 600,
                },
              ],
            }),
          ],
        },
      ),
    );
    const line = lineFor(lines, 'llm', 'expose[0].idleTimeoutSeconds', '60', 'CT-TRAFFIC-040');
    expect(line).toContain('at least 600s');
  });

  test('an NLB TCP idle timeout shorter than the stream', () => {
    lineFor(
      problemsOf(
        s(
          {},
          {
            expose: [
              fakeExposure('fake-nlb', {
                settings: [{ field: 'expose[0].tcpIdleTimeoutSeconds', name: 'idleTimeoutSeconds', value: 350 }],
              }),
            ],
          },
        ),
      ),
      'llm',
      'expose[0].tcpIdleTimeoutSeconds',
      '350',
      'CT-TRAFFIC-040',
    );
  });

  test("a target group deregistration delay longer than the pods' grace period", () => {
    const lines = problemsOf(
      s(
        {},
        {
          expose: [
            fakeExposure('fake-alb', {
              settings: [
                {
                  field: 'expose[0].targetGroups[1].deregistrationDelaySeconds',
                  name: 'deregistrationDelaySeconds',
                  value: 900,
                },
              ],
            }),
          ],
        },
      ),
    );
    const line = lineFor(lines, 'llm', 'expose[0].targetGroups[1].deregistrationDelaySeconds', '900', 'CT-TRAFFIC-041');
    expect(line).toContain('grace period (610s)');
  });

  test('a route timeout shorter than the stream', () => {
    lineFor(
      problemsOf(
        s(
          {},
          {
            expose: [
              fakeExposure('fake-http-route', {
                settings: [{ field: 'expose[0].requestTimeoutSeconds', name: 'requestTimeoutSeconds', value: 30 }],
              }),
            ],
          },
        ),
      ),
      'llm',
      'expose[0].requestTimeoutSeconds',
      '30',
      'CT-TRAFFIC-043',
    );
  });

  test('HTTP/1 target groups for a gRPC stream', () => {
    const lines = problemsOf(
      s(
        { backendProtocol: 'grpc' },
        {
          expose: [
            fakeExposure('fake-alb', {
              settings: [
                { field: 'expose[0].targetGroups[0].protocolVersion', name: 'protocolVersion', value: 'HTTP1' },
              ],
            }),
          ],
        },
      ),
    );
    const line = lineFor(lines, 'llm', 'expose[0].targetGroups[0].protocolVersion', '"HTTP1"', 'CT-TRAFFIC-044');
    expect(line).toContain('HTTP/2 end to end');
  });

  test('gRPC detected from the port appProtocol', () => {
    const lines = problemsOf(
      s(
        {},
        {
          ports: [{ name: 'grpc', port: 9000, appProtocol: 'grpc' }],
          service: undefined,
          expose: [
            fakeExposure('fake-alb', {
              settings: [{ field: 'expose[0].protocolVersion', name: 'protocolVersion', value: 'HTTP1' }],
            }),
          ],
        },
      ),
    );
    lineFor(lines, 'llm', 'expose[0].protocolVersion', '"HTTP1"', 'CT-TRAFFIC-044');
  });

  test('every contradiction is reported at once', () => {
    const lines = problemsOf(
      s(
        { idleTimeout: Duration.seconds(60), deregistrationDelay: Duration.seconds(30) },
        { availability: { drain: Duration.seconds(0) } },
      ),
    );
    for (const id of ['CT-TRAFFIC-001', 'CT-TRAFFIC-046', 'CT-TRAFFIC-042'])
      expect(lines.some((l) => l.includes(`[${id}]`))).toBe(true);
  });
});
