import { Duration } from 'cdk8s';
import {
  GatewayRouteExposure,
  IngressExposure,
  LoadBalancerServiceExposure,
  Mesh,
  runRules,
  TRAFFIC_RULES,
  TrafficApp,
  TrafficAppProps,
  TrafficProfile,
} from '../../lib';
import { resolveApp } from '../../lib/model/app';
import { ruleNotices } from '../../lib/rules/run-rules';
import { synthApps } from '../support/k8s';
import { standard, streaming } from './fixtures';

const specOf = (p: TrafficAppProps) => resolveApp(p).spec;
const rule = (id: string) => TRAFFIC_RULES.find((r) => r.id === id)!;

describe('the rules (cdk-nag style)', () => {
  test('ids are unique and stable, each with a severity and a description', () => {
    const ids = TRAFFIC_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of TRAFFIC_RULES) {
      expect(r.id).toMatch(/^CT-(TRAFFIC|DELIVERY)-0[1-9][0-9]$|^CT-TARGET-0[0-9][1-9]$/);
      expect(['error', 'warning']).toContain(r.severity);
      expect(r.description.length).toBeGreaterThan(10);
    }
  });

  // lib/rules/README.md against the rules and their files: test/structure/rules-readme.test.ts.

  test('compliant, non-compliant and not applicable', () => {
    expect(rule('CT-TRAFFIC-010').check(specOf(standard))).toEqual({ status: 'not-applicable' });
    expect(rule('CT-TRAFFIC-010').check(specOf(streaming))).toEqual({ status: 'compliant' });
    const r = rule('CT-TRAFFIC-010').check(
      specOf({ ...standard, traffic: { canaryHeader: { name: 'x-canary', value: '1' } } }),
    );
    expect(r.status).toBe('non-compliant');
  });

  test('the example-like streaming app is compliant with every rule', () => {
    expect(runRules(specOf(streaming))).toEqual([]);
  });
});

describe('warnings: printed, not fatal', () => {
  test('retries that do not fit in the request timeout (CT-TRAFFIC-020)', () => {
    const app = specOf({
      ...standard,
      traffic: { requestTimeout: Duration.seconds(10), retry: { attempts: 3, perTryTimeout: Duration.seconds(4) } },
    });
    const [f] = runRules(app).filter((x) => x.ruleId === 'CT-TRAFFIC-020');
    expect(f).toMatchObject({ field: 'traffic.retry.attempts', value: 3, severity: 'warning' });
    expect(f.message).toContain('at most 1 retries');
    expect(f.fix).toContain('lower attempts to 1');
  });

  test('a weighted canary behind an exposure that cannot split by weight: the share follows the pods (CT-TRAFFIC-015)', () => {
    // 4 stable pods + 1 canary pod (the canary's default replicas): an NLB Service sends the canary 20%, not 1%.
    const app = specOf({
      ...streaming,
      expose: [Mesh.istio(), LoadBalancerServiceExposure.nlb(), IngressExposure.alb()],
    });
    const found = runRules(app).filter((x) => x.ruleId === 'CT-TRAFFIC-015');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ field: 'expose[1]', value: 'NLB Service "llm-nlb"', severity: 'warning' });
    expect(found[0].message).toMatch(/its share of the pods \(v2: \d+(\.\d)?%\), not its weight \(1%\)/);
    expect(found[0].fix).toContain('Gateway API route');
    // The mesh and the ALB Ingress split by weight; so does a canary at weight 0 need no warning.
    expect(
      runRules(
        specOf({
          ...streaming,
          versions: { v2: { image: 'ghcr.io/acme/llm-server:1.5.0', weight: 0 } },
          expose: [LoadBalancerServiceExposure.nlb()],
        }),
      ).filter((x) => x.ruleId === 'CT-TRAFFIC-015'),
    ).toEqual([]);
  });

  test('a canary header on an exposure that does not route on it (CT-TRAFFIC-016)', () => {
    const found = runRules(
      specOf({ ...streaming, expose: [Mesh.istio(), IngressExposure.alb(), LoadBalancerServiceExposure.nlb()] }),
    ).filter((x) => x.ruleId === 'CT-TRAFFIC-016');
    expect(found.map((f) => [f.field, f.value, f.severity])).toEqual([
      ['expose[2]', 'NLB Service "llm-nlb"', 'warning'],
    ]);
    expect(found[0].message).toContain('x-canary: true');
  });

  test('retries declared with a Gateway API route on the standard channel (CT-TRAFFIC-030)', () => {
    const app = specOf({
      ...standard,
      traffic: { retry: { attempts: 1, on: [502] } },
      expose: [GatewayRouteExposure.http({ parents: [{ name: 'public' }] })],
    });
    const [f] = runRules(app).filter((x) => x.ruleId === 'CT-TRAFFIC-030');
    expect(f).toMatchObject({ field: 'expose[0]', value: 'HTTPRoute "api"', severity: 'warning' });
    expect(f.fix).toContain("gatewayApiChannel: 'experimental'");
    const experimental = specOf({
      ...standard,
      traffic: { retry: { attempts: 1, on: [502] }, gatewayApiChannel: 'experimental' },
      expose: [GatewayRouteExposure.http({ parents: [{ name: 'public' }] })],
    });
    expect(runRules(experimental).filter((x) => x.ruleId === 'CT-TRAFFIC-030')).toEqual([]);
  });

  test('GRPCRoute cannot carry retries or the request timeout (CT-TRAFFIC-030, CT-TRAFFIC-031)', () => {
    const app = specOf({
      ...standard,
      traffic: { retry: { attempts: 1 }, gatewayApiChannel: 'experimental' },
      expose: [GatewayRouteExposure.grpc({ parents: [{ name: 'public' }] })],
    });
    const ids = runRules(app).map((x) => x.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['CT-TRAFFIC-030', 'CT-TRAFFIC-031']));
  });

  test('an idle timeout shorter than the request timeout (CT-TRAFFIC-045)', () => {
    const [f] = runRules(
      specOf({ ...standard, traffic: { idleTimeout: Duration.seconds(30), requestTimeout: Duration.seconds(90) } }),
    ).filter((x) => x.ruleId === 'CT-TRAFFIC-045');
    expect(f).toMatchObject({ field: 'traffic.idleTimeout', value: 30 });
  });

  test('a streaming app without a disruption budget (CT-TRAFFIC-047), a canary without traffic (CT-TRAFFIC-014)', () => {
    const app = specOf({
      ...streaming,
      replicas: 1,
      traffic: { profile: TrafficProfile.STREAMING },
      versions: { v2: { image: 'ghcr.io/acme/llm-server:1.5.0' } },
    });
    expect(runRules(app).map((x) => x.ruleId)).toEqual(['CT-TRAFFIC-014', 'CT-TRAFFIC-047']);
  });

  test('warnings are printed at synth with the construct path, and do not fail it', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    process.env.CDK_TRAFFIC_SILENCE_WARNINGS = '0';
    try {
      synthApps([
        TrafficApp.define({
          ...standard,
          traffic: { idleTimeout: Duration.seconds(30), requestTimeout: Duration.seconds(90) },
        }),
      ]);
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/^\[test\/api\] \[CT-TRAFFIC-045\] warning: traffic\.idleTimeout: .* Fix: /),
      );
    } finally {
      process.env.CDK_TRAFFIC_SILENCE_WARNINGS = '1';
      warn.mockRestore();
    }
  });
});

describe('acknowledgements', () => {
  test('an acknowledged error no longer fails the synth and is printed with its reason', () => {
    const props: TrafficAppProps = {
      ...streaming,
      traffic: {
        profile: TrafficProfile.STREAMING,
        deregistrationDelay: Duration.seconds(60),
        acknowledge: { 'CT-TRAFFIC-046': 'clients reconnect and resume streams by id' },
      },
    };
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(() => synthApps([TrafficApp.define(props)])).not.toThrow();
    } finally {
      warn.mockRestore();
    }
    expect(ruleNotices('test/llm', specOf(props))).toEqual([
      expect.stringMatching(
        /^\[test\/llm\] \[CT-TRAFFIC-046\] acknowledged: clients reconnect and resume streams by id \(traffic\.deregistrationDelay: /,
      ),
    ]);
  });
});
