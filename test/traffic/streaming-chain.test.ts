import { Duration } from 'cdk8s';
import {
  AgcRoute,
  GatewayRouteExposure,
  IngressExposure,
  InferencePoolRoute,
  runRules,
  ServerShutdown,
  TrafficApp,
  TrafficAppProps,
  TrafficProfile,
} from '../../lib';
import { streamingChain } from '../../lib/model/traffic/streaming-chain';
import { lineFor, problemsOf, web } from '../expose/support';

const streaming = { profile: TrafficProfile.STREAMING, maxStreamDuration: Duration.minutes(20) };
const findings = (props: TrafficAppProps, id: string) =>
  runRules(TrafficApp.define(props).spec).filter((r) => r.ruleId === id);
const parents = [{ name: 'public', namespace: 'gateways' }];
const picker = { serviceName: 'web-epp', port: 9002, failureMode: 'FailClose' as const };

describe('the streaming chain', () => {
  test('every hop with its value and source: declared, the default of a known implementation, or unknown', () => {
    const app = TrafficApp.define({
      ...web,
      traffic: streaming,
      server: { keepAlive: Duration.seconds(1300), shutdown: ServerShutdown.drain(Duration.minutes(20)) },
      expose: [
        IngressExposure.alb({ hosts: ['web.example.com'] }),
        AgcRoute.http({ parents }),
        GatewayRouteExposure.http({ parents }),
      ],
    }).spec;
    const chain = streamingChain(app);
    const of = (i: number, t: string) => chain.hops.find((h) => h.field === `expose[${i}]` && h.timeout === t)!;
    expect(chain.maxStreamSeconds).toBe(1200);
    // The ALB's idle timeout is written from the policy (the longest stream); it has no request timeout by default.
    expect(of(0, 'idle')).toMatchObject({
      seconds: 1200,
      source: { kind: 'declared', field: 'expose[0].alb.idleTimeoutSeconds' },
    });
    expect(of(0, 'request').seconds).toBeUndefined();
    expect(of(0, 'request').source).toMatchObject({ kind: 'default', of: 'AWS ALB' });
    // AGC: its fixed 5-minute idle timeout is nowhere written: the default.
    expect(of(1, 'idle')).toMatchObject({
      seconds: 300,
      source: { kind: 'default', of: 'Application Gateway for Containers (fixed)' },
    });
    // A route of an unknown Gateway: its request timeout is written (0s: none), its idle timeouts unknown.
    expect(of(2, 'request').source.kind).toBe('declared');
    expect(of(2, 'idle').source.kind).toBe('unknown');
    expect(of(2, 'stream idle').source.kind).toBe('unknown');
    expect(chain.server.map((s) => [s.what, s.seconds])).toEqual([
      ['keep-alive', 1300],
      ['preStop', 10],
      ['server shutdown', 1200],
      ['deregistration delay', 1200],
      ['grace period', 1210],
    ]);
  });
});

describe('chain breaks, each a rule', () => {
  test('CT-TRAFFIC-070: a layer left at a default shorter than the longest stream (AGC: fixed 5 minutes)', () => {
    const f = findings({ ...web, traffic: streaming, expose: [AgcRoute.http({ parents })] }, 'CT-TRAFFIC-070');
    expect(f.map((x) => [x.field, x.value, x.severity])).toEqual([['expose[0]', 300, 'error']]);
    expect(f[0].message).toContain('Application Gateway for Containers');
    // Envoy Gateway's 5-minute stream idle timeout, for an InferencePool route on it.
    const eg = findings(
      {
        ...web,
        traffic: streaming,
        expose: [
          InferencePoolRoute.http({ parents, implementation: 'envoy-gateway', pools: [{ endpointPicker: picker }] }),
        ],
      },
      'CT-TRAFFIC-070',
    );
    expect(eg.map((x) => x.value)).toEqual([300]);
    expect(eg[0].message).toContain('stream idle timeout of Envoy Gateway');
    // A stream shorter than every default: compliant.
    expect(
      findings(
        {
          ...web,
          traffic: { ...streaming, maxStreamDuration: Duration.minutes(4) },
          expose: [AgcRoute.http({ parents })],
        },
        'CT-TRAFFIC-070',
      ),
    ).toEqual([]);
  });

  test('CT-TRAFFIC-071: an unknown implementation is a warning naming the timeouts to declare', () => {
    const f = findings(
      { ...web, traffic: streaming, expose: [GatewayRouteExposure.http({ parents })] },
      'CT-TRAFFIC-071',
    );
    expect(f.map((x) => [x.field, x.value, x.severity])).toEqual([['expose[0]', ['idle', 'stream idle'], 'warning']]);
    expect(f[0].fix).toContain('at least 1200s');
    // A known implementation (an InferencePool route on GKE): nothing unknown.
    expect(
      findings(
        {
          ...web,
          traffic: streaming,
          expose: [InferencePoolRoute.http({ parents, implementation: 'gke', pools: [{ endpointPicker: picker }] })],
        },
        'CT-TRAFFIC-071',
      ),
    ).toEqual([]);
  });

  test('CT-TRAFFIC-072: a server keep-alive not longer than an idle timeout in front (vLLM 5 s behind an ALB)', () => {
    const alb = { ...web, expose: [IngressExposure.alb({ hosts: ['web.example.com'] })] };
    const f = findings({ ...alb, server: { keepAlive: Duration.seconds(5) } }, 'CT-TRAFFIC-072');
    expect(f.map((x) => [x.field, x.value, x.severity])).toEqual([['server.keepAlive', 5, 'error']]);
    expect(f[0].message).toContain('(60s, declared)');
    expect(findings({ ...alb, server: { keepAlive: Duration.seconds(60) } }, 'CT-TRAFFIC-072')).toHaveLength(1);
    expect(findings({ ...alb, server: { keepAlive: Duration.seconds(120) } }, 'CT-TRAFFIC-072')).toEqual([]);
    // Against a default: an NLB's 350 s.
    const nlb = findings(
      { ...web, server: { keepAlive: Duration.seconds(120) }, expose: [AgcRoute.http({ parents })] },
      'CT-TRAFFIC-072',
    );
    expect(nlb[0].message).toContain('default of Application Gateway for Containers');
  });

  test("CT-TRAFFIC-073: a grace period shorter than the preStop drain plus the server's drain", () => {
    const f = findings({ ...web, server: { shutdown: ServerShutdown.drain(Duration.minutes(2)) } }, 'CT-TRAFFIC-073');
    expect(f.map((x) => [x.field, x.value, x.severity])).toEqual([['server.shutdown', 30, 'error']]);
    expect(f[0].fix).toContain('Duration.seconds(130)');
    expect(
      findings(
        {
          ...web,
          server: { shutdown: ServerShutdown.drain(Duration.minutes(2)) },
          availability: { shutdown: Duration.minutes(2) },
        },
        'CT-TRAFFIC-073',
      ),
    ).toEqual([]);
  });

  test('CT-TRAFFIC-074: a streaming server that drops in-flight streams, or drains for less than the longest stream', () => {
    const immediate = findings(
      { ...web, traffic: streaming, server: { shutdown: ServerShutdown.immediate() } },
      'CT-TRAFFIC-074',
    );
    expect(immediate.map((x) => [x.field, x.value])).toEqual([['server.shutdown', 'immediate']]);
    expect(immediate[0].fix).toContain('--shutdown-timeout 1200');
    const short = findings(
      { ...web, traffic: streaming, server: { shutdown: ServerShutdown.drain(Duration.minutes(5)) } },
      'CT-TRAFFIC-074',
    );
    expect(short.map((x) => x.value)).toEqual(['drain 300s']);
    expect(
      findings(
        { ...web, traffic: streaming, server: { shutdown: ServerShutdown.drain(Duration.minutes(20)) } },
        'CT-TRAFFIC-074',
      ),
    ).toEqual([]);
  });
});

describe('server: bad input', () => {
  test('a keep-alive of 0 or negative', () => {
    lineFor(
      problemsOf({ ...web, server: { keepAlive: Duration.seconds(0) } }),
      'server.keepAlive',
      'Duration(0s)',
      'between 1s and 86400s',
    );
    // A negative Duration cannot be built (cdk8s refuses it); a JavaScript caller's negative number is a problem.
    const negative = problemsOf({ ...web, server: { keepAlive: -5 as unknown as Duration } });
    expect(negative.filter((l) => l.includes(' server.keepAlive: ') && l.includes('(received -5)'))).toHaveLength(1);
  });

  test('a shutdown that is not a ServerShutdown (a JavaScript caller)', () => {
    const lines = problemsOf({ ...web, server: { shutdown: 'drain' as unknown as ServerShutdown } });
    expect(lines.some((l) => l.includes('server.shutdown'))).toBe(true);
  });
});
