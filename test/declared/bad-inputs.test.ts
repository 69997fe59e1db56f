import { Testing } from 'cdk8s';
import {
  GkeIngress,
  IngressExposure,
  LoadBalancerServiceExposure,
  Probe,
  TrafficApp,
  TrafficAppProps,
  TrafficChart,
  outcome,
} from '../../lib';
import type { Rule } from '../../lib';
import { base, errorLines, lineFor, problemsOf } from './support';

const service = { ports: [{ name: 'http', port: 80, targetPort: 'http' }] };
const web: TrafficAppProps = { ...base, service };

/** The problem lines of a chart "test" built with `props` (chart props as a JavaScript caller may pass them). */
function chartLines(props: Record<string, unknown>): string[] {
  return errorLines(() =>
    new TrafficChart(Testing.app(), 'test', {
      apps: [TrafficApp.define(web)],
      printWarnings: false,
      ...props,
    } as never).toJson(),
  );
}

describe('bad inputs of issue 22: a clear error with a fix that leads somewhere', () => {
  test('GIVEN an NLB on UDP with preserveClientIp: false THEN refused (AWS keeps it on for UDP)', () => {
    const lines = problemsOf([
      {
        ...base,
        ports: [
          { name: 'dns', port: 5353, protocol: 'UDP' },
          { name: 'health', port: 8080 },
        ],
        readiness: Probe.httpGet('/ready', { port: 'health' }),
        service: { ports: [{ name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' }] },
        expose: [LoadBalancerServiceExposure.nlb({ preserveClientIp: false })],
      },
    ]);
    expect(lineFor(lines, 'web', 'expose[0].preserveClientIp', 'false')).toContain('UDP');
  });

  test('GIVEN an NLB on TCP with preserveClientIp: false THEN written with the attribute off', () => {
    const chart = new TrafficChart(Testing.app(), 'test', {
      apps: [TrafficApp.define({ ...web, expose: [LoadBalancerServiceExposure.nlb({ preserveClientIp: false })] })],
    });
    const svc = (chart.toJson() as any[]).find((o) => o.kind === 'Service' && o.metadata.name === 'web-nlb');
    expect(svc.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-target-group-attributes']).toContain(
      'preserve_client_ip.enabled=false',
    );
  });

  test("GIVEN initContainers: 'migrate' THEN the fix is a list of objects with their required fields, not of strings", () => {
    const l = lineFor(problemsOf([{ ...web, initContainers: 'migrate' as never }]), 'web', 'initContainers');
    expect(l).toContain('Fix: write a list of objects, e.g. [{ name: ..., image: ... }]');
    expect(l).not.toContain('["migrate"]');
  });

  test("GIVEN stickiness: 'lb_cookie' THEN the union is named by its type and the fix is the object of that type", () => {
    const l = lineFor(
      problemsOf([
        { ...web, expose: [IngressExposure.alb({ hosts: ['a.example.com'], stickiness: 'lb_cookie' as never })] },
      ]),
      'web',
      'expose[0].stickiness',
    );
    expect(l).toContain('must be an object with type "lb_cookie", "app_cookie", "source_ip" or "none" (got a string)');
    expect(l).toContain('Fix: give an object, e.g. { type: "lb_cookie" }');
    expect(l).not.toContain('an object or an object');
  });

  test('GIVEN a line break in an annotation key THEN the problem stays on one line, the break escaped', () => {
    const lines = problemsOf([{ ...web, annotations: { 'a\nb': 'x' } }]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('annotations.a\\nb: is not a valid annotation key');
  });

  test.each([
    ['kubernetes.io/ingress.class', 'nginx', '`className`'],
    ['kubernetes.io/ingress.global-static-ip-name', 'shop-ip', '`staticIpName`'],
    ['kubernetes.io/ingress.regional-static-ip-name', 'shop-ip', '`staticIpName`'],
    ['networking.gke.io/managed-certificates', 'shop', '`tls: { managedCertificates: [...] }`'],
  ])('GIVEN the GKE Ingress annotation %s THEN refused with the typed option as the fix', (key, value, option) => {
    const lines = problemsOf([
      { ...web, expose: [GkeIngress.create({ hosts: ['a.example.com'], annotations: { [key]: value } })] },
    ]);
    expect(lineFor(lines, 'web', `expose[0].annotations.${key}`, JSON.stringify(value))).toContain(option);
  });

  test('GIVEN other GKE Ingress annotations THEN written', () => {
    const chart = new TrafficChart(Testing.app(), 'test', {
      apps: [
        TrafficApp.define({
          ...web,
          expose: [GkeIngress.create({ hosts: ['a.example.com'], annotations: { 'example.com/team': 'web' } })],
        }),
      ],
    });
    const ing = (chart.toJson() as any[]).find((o) => o.kind === 'Ingress');
    expect(ing.metadata.annotations['example.com/team']).toBe('web');
    expect(ing.metadata.annotations['kubernetes.io/ingress.class']).toBe('gce');
  });

  test.each([
    ['trafficMap', 'yes'],
    ['printWarnings', 'no'],
    ['printSummary', 1],
    ['createNamespaces', 'false'],
  ])('GIVEN the chart prop %s: %j THEN refused, not taken as on', (flag, value) => {
    const lines = chartLines({ [flag]: value });
    expect(lines).toEqual([
      `[test] ${flag}: must be true or false (received ${JSON.stringify(value)}). Fix: write \`${flag}: true\` or \`${flag}: false\` (a boolean, not a string or number), or leave it out for the default`,
    ]);
  });

  test('GIVEN chart labels that are not strings THEN refused', () => {
    expect(chartLines({ labels: { team: 3 } })[0]).toContain('[test] labels: must be an object of label names');
  });
});

describe("a user's rules at the extension point: problems naming the rule, never a TypeError", () => {
  const rule = (r: Record<string, unknown>): Rule =>
    ({ id: 'ACME-001', severity: 'error', description: 'x', check: () => outcome([]), ...r }) as Rule;

  test("GIVEN rules: 'x' THEN one problem on rules", () => {
    expect(chartLines({ rules: 'x' })).toEqual([
      expect.stringMatching(/^\[test\] rules: must be a list of rules \(received "x"\)\. Fix: write rules: \[\{ id:/),
    ]);
  });

  test.each([
    ["severity 'fatal'", { severity: 'fatal' }, 'rules[0].severity', "must be 'error'"],
    ['no check', { check: undefined }, 'rules[0].check', 'must be a function'],
    ['no id', { id: '' }, 'rules[0].id', 'must be a stable id'],
    ["a library rule's id", { id: 'CT-TRAFFIC-010' }, 'rules[0].id', 'is the id of another rule'],
  ])('GIVEN a rule with %s THEN one problem on its field', (_, r, field, message) => {
    const lines = chartLines({ rules: [rule(r)] });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`[test] ${field}: ${message}`);
  });

  test.each([
    ['undefined', () => undefined, 'returned this instead of an outcome'],
    [
      'a throw',
      () => {
        throw new Error('boom');
      },
      'threw',
    ],
    [
      'non-compliant without findings',
      () => ({ status: 'non-compliant' }),
      'not a list of { field, value, message, fix }',
    ],
    ['findings without a fix', () => outcome([{ field: 'x', value: 1, message: 'bad' } as never]), 'not a list of'],
  ])('GIVEN a check returning %s THEN an error finding of that rule, not acknowledgeable', (_, check, what) => {
    const lines = problemsOf([{ ...web, traffic: { acknowledge: { 'ACME-001': 'a known finding of this rule' } } }], {
      rules: [rule({ check: check as Rule['check'] })],
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('[test/web] [ACME-001] rules.ACME-001: ');
    expect(lines[0]).toContain(what);
  });

  test('GIVEN a well-formed warning rule THEN its finding is a warning, acknowledgeable', () => {
    const r = rule({
      severity: 'warning',
      check: () => outcome([{ field: 'replicas', value: 2, message: 'too few', fix: 'more' }]),
    });
    const chart = new TrafficChart(Testing.app(), 'test', { apps: [TrafficApp.define(web)], rules: [r] });
    expect(chart.warnings.map((w) => w.id)).toEqual(['ACME-001']);
  });
});
