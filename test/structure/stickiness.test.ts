import { BUILT_IN_MAP_DRAWINGS } from '../../lib/k8s/expose/exposure-renderers';
import { Duration, Testing } from 'cdk8s';
import {
  IExposure,
  IngressExposure,
  LoadBalancerServiceExposure,
  StickinessProps,
  TerraformLoadBalancer,
  TrafficApp,
  TrafficAppProps,
  TrafficChart,
} from '../../lib';
import { one } from '../support/k8s';
import { trafficGraph } from '../../lib/map/from-specs';
import { planLoadBalancers } from '../../lib/model/aws/load-balancer-plan';
import { resources, synthStack } from '../aws/support';
import { problemsOf, web } from '../expose/support';

/**
 * Sticky sessions are one attribute of the one AWS target group model: the exposure's `stickiness`, else the
 * app's Service affinity (a load balancer sending to pod IPs bypasses the Service, whose ClientIP affinity
 * would then silently not apply). One input, one verdict on the ALB Ingress, the NLB Service and both
 * Terraform load balancers.
 */
const affine: TrafficAppProps = {
  ...web,
  service: { ...web.service, sessionAffinity: 'ClientIP', sessionAffinityTimeout: Duration.minutes(30) },
};
const canary = (p: TrafficAppProps): TrafficAppProps => ({
  ...p,
  versions: { v2: { image: 'ghcr.io/acme/web:1.1.0', weight: 10 } },
});
const quiet = <T>(fn: () => T): T => {
  const spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    return fn();
  } finally {
    spy.mockRestore();
  }
};

const layers = {
  albIngress: (stickiness?: StickinessProps) => IngressExposure.alb({ stickiness }),
  nlbService: (stickiness?: StickinessProps) => LoadBalancerServiceExposure.nlb({ stickiness }),
  terraformAlb: (stickiness?: StickinessProps) =>
    TerraformLoadBalancer.alb({
      hosts: ['web.example.com'],
      https: false,
      plainHttpReason: 'an internal test fixture',
      internal: true,
      allowFrom: ['10.0.0.0/16'],
      stickiness,
    }),
  terraformNlb: (stickiness?: StickinessProps) =>
    TerraformLoadBalancer.nlb({ internal: true, allowFrom: ['10.0.0.0/16'], stickiness }),
};

/** The target group attributes of a Kubernetes layer's annotation, as a map. */
function annotationAttributes(
  p: TrafficAppProps,
  expose: IExposure,
): { attrs: Record<string, string>; annotations: Record<string, string>; warnings: string[] } {
  const chart = quiet(
    () => new TrafficChart(Testing.app(), 'test', { apps: [TrafficApp.define({ ...p, expose: [expose] })] }),
  );
  const objects = chart.toJson();
  const o = objects.find((x) => x.kind === 'Ingress') ?? one(objects, 'Service', 'web-nlb');
  const annotations = o.metadata.annotations as Record<string, string>;
  const key = Object.keys(annotations).find((k) => k.endsWith('target-group-attributes'))!;
  return {
    attrs: Object.fromEntries(annotations[key].split(',').map((kv) => kv.split('='))),
    annotations,
    warnings: chart.warnings.map((w) => w.id),
  };
}

/** A Terraform layer's target groups and listener rules. */
function terraform(p: TrafficAppProps, expose: IExposure) {
  const { tf, stack } = quiet(() => synthStack([TrafficApp.define({ ...p, expose: [expose] })]));
  return {
    groups: Object.values(resources(tf, 'aws_lb_target_group')),
    rules: Object.values(resources(tf, 'aws_lb_listener_rule')),
    listeners: Object.values(resources(tf, 'aws_lb_listener')),
    warnings: stack.warnings.map((w) => w.id),
  };
}

describe('one stickiness on every AWS layer', () => {
  test("the Service's ClientIP affinity: an NLB sticks by source IP, an ALB by its own cookie for the affinity's 30 min (with CT-AWS-110)", () => {
    const alb = annotationAttributes(affine, layers.albIngress());
    expect(alb.attrs).toMatchObject({
      'stickiness.enabled': 'true',
      'stickiness.type': 'lb_cookie',
      'stickiness.lb_cookie.duration_seconds': '1800',
    });
    expect(alb.warnings).toContain('CT-AWS-110');
    const nlb = annotationAttributes(affine, layers.nlbService());
    expect(nlb.attrs).toMatchObject({ 'stickiness.enabled': 'true', 'stickiness.type': 'source_ip' });
    expect(nlb.warnings).not.toContain('CT-AWS-110');

    const tfAlb = terraform(affine, layers.terraformAlb());
    expect(tfAlb.groups.map((g) => g.stickiness)).toEqual([
      { enabled: true, type: 'lb_cookie', cookie_duration: 1800 },
    ]);
    expect(tfAlb.warnings).toContain('CT-AWS-110');
    const tfNlb = terraform(affine, layers.terraformNlb());
    expect(tfNlb.groups.map((g) => g.stickiness)).toEqual([{ enabled: true, type: 'source_ip' }]);
  });

  test("the traffic map shows a target group's stickiness and where it comes from", () => {
    const spec = TrafficApp.define({ ...affine, expose: [layers.terraformNlb()] }).spec;
    const { plans } = planLoadBalancers([spec]);
    const tg = trafficGraph('t', [spec], plans).nodes.find((n) => n.id.startsWith('tg/'))!;
    expect(tg.details).toContain("sticky by source IP (the Service's ClientIP affinity)");
    // The ALB Ingress and NLB Service nodes too.
    const front = (expose: IExposure) =>
      trafficGraph(
        't',
        [TrafficApp.define({ ...affine, expose: [expose] }).spec],
        [],
        BUILT_IN_MAP_DRAWINGS,
      ).nodes.find((n) => n.kind === 'front')!;
    expect(front(layers.albIngress()).details).toContain(
      "sticky by the load balancer's cookie, 1800s (the Service's ClientIP affinity)",
    );
    expect(front(layers.nlbService()).details).toContain("sticky by source IP (the Service's ClientIP affinity)");
  });

  test('no affinity and no option: nothing written anywhere (AWS default, off)', () => {
    expect(
      Object.keys(annotationAttributes(web, layers.albIngress()).attrs).filter((k) => k.startsWith('stickiness')),
    ).toEqual([]);
    expect(
      Object.keys(annotationAttributes(web, layers.nlbService()).attrs).filter((k) => k.startsWith('stickiness')),
    ).toEqual([]);
    expect(terraform(web, layers.terraformAlb()).groups[0].stickiness).toBeUndefined();
    expect(terraform(web, layers.terraformNlb()).groups[0].stickiness).toBeUndefined();
  });

  test("an application cookie with a canary: the same cookie on both ALBs, and the client stays with its version (the forward action's group stickiness)", () => {
    const sticky: StickinessProps = { type: 'app_cookie', cookieName: 'SESSIONID', duration: Duration.hours(2) };
    const alb = annotationAttributes(canary(web), layers.albIngress(sticky));
    expect(alb.attrs).toMatchObject({
      'stickiness.type': 'app_cookie',
      'stickiness.app_cookie.cookie_name': 'SESSIONID',
      'stickiness.app_cookie.duration_seconds': '7200',
    });
    const action = JSON.parse(alb.annotations['alb.ingress.kubernetes.io/actions.weighted-80']);
    expect(action.forwardConfig.targetGroupStickinessConfig).toEqual({ enabled: true, durationSeconds: 7200 });

    const tf = terraform(canary(web), layers.terraformAlb(sticky));
    expect(tf.groups.map((g) => g.stickiness)).toEqual(
      [0, 1].map(() => ({ enabled: true, type: 'app_cookie', cookie_name: 'SESSIONID', cookie_duration: 7200 })),
    );
    const weighted = [...tf.rules, ...tf.listeners]
      .flatMap((r) => r.action ?? r.default_action ?? [])
      .filter((a: { forward?: unknown }) => a.forward);
    expect(weighted.length).toBeGreaterThan(0);
    for (const a of weighted) expect(a.forward.stickiness).toEqual({ enabled: true, duration: 7200 });
  });

  test('turned off on purpose: `none` with a reason writes nothing and warns nothing, although the Service is affine', () => {
    const none: StickinessProps = { type: 'none', reason: 'sessions are kept in Redis' };
    const alb = annotationAttributes(affine, layers.albIngress(none));
    expect(Object.keys(alb.attrs).filter((k) => k.startsWith('stickiness'))).toEqual([]);
    expect(alb.warnings).not.toContain('CT-AWS-110');
    expect(terraform(affine, layers.terraformNlb(none)).groups[0].stickiness).toBeUndefined();
  });

  test.each([
    [
      'an NLB stickiness on an ALB',
      { type: 'source_ip' } as StickinessProps,
      ['albIngress', 'terraformAlb'],
      'expose[0].stickiness.type',
      /is not a stickiness an application load balancer target group has \(lb_cookie, app_cookie, none\)/,
    ],
    [
      'a cookie on an NLB',
      { type: 'lb_cookie' } as StickinessProps,
      ['nlbService', 'terraformNlb'],
      'expose[0].stickiness.type',
      /is not a stickiness a network load balancer target group has \(source_ip, none\)/,
    ],
    [
      'a cookie of 8 days',
      { type: 'lb_cookie', duration: Duration.days(8) } as StickinessProps,
      ['albIngress', 'terraformAlb'],
      'expose[0].stickiness.duration',
      /1 s to 7 days/,
    ],
    [
      "the load balancer's own cookie name",
      { type: 'app_cookie', cookieName: 'AWSALBAPP-0' } as StickinessProps,
      ['albIngress', 'terraformAlb'],
      'expose[0].stickiness.cookieName',
      /reserves for its own cookies/,
    ],
    [
      'off without a reason',
      { type: 'none', reason: '' } as StickinessProps,
      ['albIngress', 'nlbService', 'terraformAlb', 'terraformNlb'],
      'expose[0].stickiness.reason',
      /needs a reason/,
    ],
  ] as const)('%s: the same problem on every layer', (_what, sticky, on, field, message) => {
    const lines = (on as readonly (keyof typeof layers)[]).map((layer) => {
      const app = TrafficApp.define({ ...affine, expose: [layers[layer](sticky)] });
      const found = layer.startsWith('terraform')
        ? (() => {
            try {
              synthStack([app]);
              return [];
            } catch (e) {
              return (e as Error).message
                .split('\n')
                .slice(1)
                .map((l) => l.trim());
            }
          })()
        : problemsOf({ ...affine, expose: [layers[layer](sticky)] });
      return found.filter((l) => l.includes(` ${field}: `) && message.test(l));
    });
    for (const l of lines) {
      expect(l).toHaveLength(1);
      // The construct path of the app, the field, the value received and what to do.
      expect(l[0]).toMatch(
        new RegExp(`^\\[test/web\\] ${field.replace(/[[\].]/g, '\\$&')}: .*\\(received .*\\)\\. Fix: \\S+`),
      );
    }
    expect(new Set(lines.map((l) => l[0])).size).toBe(1);
  });
});
