import { Duration } from 'cdk8s';
import { Probe, TrafficApp } from '../../lib';
import { awsChecker } from '../../lib/model/aws/health-check';
import { azureChecker } from '../../lib/model/azure/health-probe';
import { gcpChecker } from '../../lib/model/gcp/health-check';
import { deriveHealthCheck, HealthChecker } from '../../lib/model/health/derive';
import { Problems } from '../../lib/model/problems';
import { web } from '../expose/support';

/**
 * "Same input, same verdict and wording on every cloud where the ranges agree" (issue 21 item 2), from the checkers'
 * data: every health checker the library derives a check for (the AWS target group of an ALB, an ALB with gRPC and an
 * NLB; the GKE Ingress and Gateway; the Azure Load Balancer and Application Gateway for Containers). For each input,
 * the checkers whose data agree on what the input tests (chosen by a predicate on the data, so a new checker joins
 * the comparison by its values) give the same verdict and the same words, once the checker's own name, cloud, ids and
 * range bounds are replaced by placeholders.
 */
const CHECKERS: Record<string, HealthChecker> = {
  'AWS ALB': awsChecker({ type: 'application' }),
  'AWS ALB gRPC': awsChecker({ type: 'application', protocolVersion: 'GRPC' }),
  'AWS NLB': awsChecker({ type: 'network' }),
  'GKE Ingress': gcpChecker('ingress'),
  'GKE Gateway': gcpChecker('gateway'),
  'Azure LB': azureChecker('load-balancer'),
  AGC: azureChecker('application-gateway'),
};

type Value = 'interval' | 'timeout' | 'healthy' | 'unhealthy';
type Outcome = { derived: boolean; values: Partial<Record<Value, number>>; problems: string[]; notes: string[] };

function normalize(text: string, c: HealthChecker, ids: readonly string[]): string {
  let t = text.split(c.plural).join('<checkers>').split(c.name).join('<checker>').split(c.cloud).join('<cloud>');
  for (const id of ids) t = t.split(id).join('<id>');
  return t.replace(/range \d+-(\d+)/g, 'range <min>-$1').replace(/from \d+ s to/g, 'from <min> s to');
}

/**
 * The verdict of one checker on one readiness probe: whether a check is derived, the value the input tests (the
 * others follow each checker's own ranges), the problems and the notes, normalized.
 */
function outcome(c: HealthChecker, probe: Probe, value?: Value): Outcome {
  const spec = TrafficApp.define({ ...web, readiness: probe }).spec.container.readiness;
  const problems = new Problems();
  const d = deriveHealthCheck(problems, 'readiness', spec, c, 8080);
  const ids = Object.values(c.ids).filter((x): x is string => typeof x === 'string');
  const all: Record<Value, number | undefined> = {
    interval: d?.intervalSeconds,
    timeout: d?.timeoutSeconds,
    healthy: d?.healthyThreshold,
    unhealthy: d?.unhealthyThreshold,
  };
  return {
    derived: d !== undefined,
    values: value !== undefined ? { [value]: all[value] } : {},
    problems: problems.items.map((p) => `${p.field}: ${normalize(`${p.message}. Fix: ${p.fix}`, c, ids)}`),
    notes: (d?.notes ?? []).map((n) => `<id> ${n.field}: ${normalize(n.message, c, ids)}`),
  };
}

const http = (o: Parameters<typeof Probe.httpGet>[1] = {}) =>
  Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(10), timeout: Duration.seconds(2), ...o });

const cases: {
  what: string;
  probe: Probe;
  agree: (c: HealthChecker) => boolean;
  minClouds: number;
  value?: Value;
}[] = [
  {
    what: 'an interval above 300 s, where the range ends at 300 s and is clamped',
    probe: http({ period: Duration.seconds(400) }),
    agree: (c) => c.interval.max === 300 && c.interval.clamp,
    minClouds: 2,
    value: 'interval',
  },
  {
    what: 'a failure threshold of 30, where thresholds end at 10',
    probe: http({ failureThreshold: 30 }),
    agree: (c) => c.threshold?.max === 10,
    minClouds: 2,
    value: 'unhealthy',
  },
  {
    what: 'a success threshold of 30, where thresholds end at 10',
    probe: http({ successThreshold: 30 }),
    agree: (c) => c.threshold?.max === 10,
    minClouds: 2,
    value: 'healthy',
  },
  {
    what: 'probe headers, which no checker sends',
    probe: http({ headers: { 'X-Token': 'a' } }),
    agree: () => true,
    minClouds: 3,
  },
  {
    what: 'a command probe, which no checker can copy',
    probe: Probe.exec(['cat', '/tmp/ready'], { period: Duration.seconds(10) }),
    agree: (c) => c.tcpSocket === 'no' && c.grpc !== 'no',
    minClouds: 2,
  },
  {
    what: 'a TCP probe, where the checker checks over HTTP (and gRPC) only',
    probe: Probe.tcpSocket({ port: 'http', period: Duration.seconds(10) }),
    agree: (c) => c.tcpSocket === 'no' && c.grpc === 'native',
    minClouds: 2,
  },
  {
    what: 'a gRPC probe, which the checker makes a TCP connect',
    probe: Probe.grpc({ port: 'http', period: Duration.seconds(10) }),
    agree: (c) => c.grpc === 'tcp' && c.interval.min <= 10,
    minClouds: 2,
  },
  {
    what: 'a timeout above the interval, where the timeout may equal the interval and has no lower bound',
    probe: http({ period: Duration.seconds(10), timeout: Duration.seconds(20) }),
    agree: (c) => !c.timeout.belowInterval && (c.timeout.max ?? Infinity) >= 10,
    minClouds: 2,
    value: 'timeout',
  },
];

test.each(cases)('$what: the same verdict in the same words on every checker whose data agree', (k) => {
  const agreeing = Object.entries(CHECKERS).filter(([, c]) => k.agree(c));
  // The comparison has something to compare (it can fail): at least two checkers, of the clouds asked.
  expect(agreeing.length).toBeGreaterThanOrEqual(2);
  expect(new Set(agreeing.map(([, c]) => c.cloud)).size).toBeGreaterThanOrEqual(k.minClouds);
  const outcomes = agreeing.map(([name, c]) => [name, outcome(c, k.probe, k.value)] as const);
  const [, first] = outcomes[0];
  // The input tests something: a problem or a note.
  expect(first.problems.length + first.notes.length).toBeGreaterThan(0);
  for (const [name, o] of outcomes) expect([name, o]).toEqual([name, first]);
});

test('the normalization keeps what differs in kind (it can fail): a note and a problem are not the same verdict', () => {
  const c = CHECKERS['GKE Gateway'];
  expect(outcome(c, http({ failureThreshold: 30 }))).not.toEqual(outcome(c, http({ period: Duration.seconds(400) })));
  expect(outcome(CHECKERS['AWS ALB'], http({ period: Duration.seconds(400) }))).not.toEqual(
    outcome(CHECKERS['Azure LB'], http({ period: Duration.seconds(400) })),
  );
});
