import type { Duration } from 'cdk8s';
import { wholeSeconds } from '../durations';
import type { Problems } from '../problems';
import type { TrafficSpec } from '../traffic/policy';
import type { HealthCheckNote } from './health-check';
import type { ServiceSpec } from '../app-spec';
import { resolveStickiness, StickinessProps, StickinessSpec } from './stickiness';

/** The ALB target group balancing algorithms. */
export type TargetGroupAlgorithm = 'round_robin' | 'least_outstanding_requests' | 'weighted_random';

/** Settings an exposure may give over the traffic policy's (the ALB Ingress and NLB Service take them). */
export interface TargetGroupAttributeOverrides {
  readonly deregistrationDelay?: Duration;
  readonly slowStart?: Duration;
  readonly algorithm?: TargetGroupAlgorithm;
  readonly stickiness?: StickinessProps;
}

/**
 * The attributes only a network load balancer's target group has, as the NLB Service and the Terraform NLB
 * take them (the same options, defaults and checks on both).
 */
export interface NlbTargetGroupAttributeProps {
  /**
   * Close connections to a deregistered pod when the deregistration delay ends.
   * @default true (pods are gone after their grace period anyway, and their addresses are reused)
   */
  readonly connectionTermination?: boolean;
  /**
   * Keep the client's IP address as the source of packets to the pods (the network policy then admits the
   * clients instead of the load balancer). An NLB Service with ip targets needs it on for `sourceRanges` to apply.
   * @default not written (AWS default: off for ip targets with TCP or TLS)
   */
  readonly preserveClientIp?: boolean;
  /**
   * Send a PROXY protocol v2 header (the pods must expect it).
   * @default false
   */
  readonly proxyProtocolV2?: boolean;
}

/** The NLB-only attributes, resolved. */
export interface NlbTargetGroupAttributesSpec {
  readonly connectionTermination: boolean;
  /** Undefined: not written (the AWS default, off for ip targets with TCP or TLS). */
  readonly preserveClientIp?: boolean;
  readonly proxyProtocolV2: boolean;
}

/** The attributes of an AWS target group of the app's pods, resolved once for every AWS layer. */
export interface TargetGroupAttributesSpec {
  readonly deregistrationDelaySeconds: number;
  /** ALB only; 0 disables slow start (always 0 for an NLB). */
  readonly slowStartSeconds: number;
  /** ALB only. */
  readonly algorithm?: TargetGroupAlgorithm;
  /** NLB only: connection termination, client IP preservation, PROXY protocol v2. */
  readonly network?: NlbTargetGroupAttributesSpec;
  /** Sticky sessions; absent: off. */
  readonly stickiness?: StickinessSpec;
}

/**
 * Deregistration delay, slow start and balancing algorithm of a target group, and the NLB-only attributes
 * (connection termination, client IP preservation, PROXY protocol v2) and stickiness, from the exposure's own settings
 * (field `<field>.<name>`) or the traffic policy (field `traffic.<name>`), with one verdict for every layer that
 * writes them (the ALB Ingress and NLB Service annotations, the Terraform ALB and NLB target groups): AWS's ranges,
 * no slow start with least outstanding requests, and on an NLB a note for what it cannot apply.
 */
export function resolveTargetGroupAttributes(
  problems: Problems,
  field: string,
  o: TargetGroupAttributeOverrides & NlbTargetGroupAttributeProps,
  traffic: TrafficSpec,
  type: 'application' | 'network',
  notes: HealthCheckNote[],
  service: ServiceSpec | undefined,
): TargetGroupAttributesSpec {
  const stickiness = resolveStickiness(problems, field, o.stickiness, service, type, notes);
  const sticky = stickiness ? { stickiness } : {};
  const deregistrationDelaySeconds = wholeSeconds(
    problems,
    `${field}.deregistrationDelay`,
    o.deregistrationDelay,
    traffic.deregistrationDelaySeconds,
    { min: 0, max: 3600, fix: 'use 0 to 3600 s (the AWS range)' },
  );
  if (type === 'network') {
    if (traffic.slowStartSeconds > 0)
      notes.push({
        id: 'CT-AWS-108',
        field: 'traffic.slowStart',
        message: 'network load balancers have no slow start: it is not applied to the NLB',
      });
    if (traffic.loadBalancing === 'least-request')
      notes.push({
        id: 'CT-AWS-109',
        field: 'traffic.loadBalancing',
        message: 'network load balancers balance by flow hash: it is not applied to the NLB',
      });
    return {
      deregistrationDelaySeconds,
      slowStartSeconds: 0,
      network: resolveNlbAttributes(problems, field, o),
      ...sticky,
    };
  }
  const { slow, algorithm } = resolveAlbAttributes(problems, field, o, traffic);
  return { deregistrationDelaySeconds, slowStartSeconds: slow, algorithm, ...sticky };
}

/**
 * The ALB target group algorithm of each `traffic.loadBalancing` it maps (a consistent hash has none: the settings
 * table refuses it on an ALB).
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html#modify-routing-algorithm
 */
export const ALB_ALGORITHMS: Readonly<Partial<Record<TrafficSpec['loadBalancing'], TargetGroupAlgorithm>>> = {
  'round-robin': 'round_robin',
  'least-request': 'least_outstanding_requests',
  random: 'weighted_random',
};

/** The balancing a target group of an ALB writes, as the settings table lists it. */
export const ALB_BALANCING = {
  algorithms: ['round-robin', 'least-request', 'random'] as const,
  where: 'target group load_balancing.algorithm.type',
};

/** An ALB target group's slow start and balancing algorithm (and no NLB-only attribute). */
function resolveAlbAttributes(
  problems: Problems,
  field: string,
  o: TargetGroupAttributeOverrides & NlbTargetGroupAttributeProps,
  traffic: TrafficSpec,
): { slow: number; algorithm: TargetGroupAttributesSpec['algorithm'] } {
  for (const k of NLB_ONLY) {
    if (o[k] !== undefined)
      problems.add(
        `${field}.${k}`,
        o[k],
        'is an attribute of network load balancer target groups only',
        'remove it (an ALB terminates connections itself)',
      );
  }
  const slowField = o.slowStart !== undefined ? `${field}.slowStart` : 'traffic.slowStart';
  const slow = wholeSeconds(problems, slowField, o.slowStart, traffic.slowStartSeconds, {
    min: 0,
    max: 900,
    fix: 'use 0 (off) or 30 to 900 s (the AWS range)',
  });
  if (slow > 0 && slow < 30)
    problems.add(
      slowField,
      o.slowStart ?? slow,
      'must be 0 (off) or from 30 s to 900 s',
      'use Duration.seconds(30) or more, or 0',
    );
  const algorithm = o.algorithm ?? ALB_ALGORITHMS[traffic.loadBalancing] ?? 'round_robin';
  if (!Object.values(ALB_ALGORITHMS).includes(algorithm)) {
    problems.add(
      `${field}.algorithm`,
      o.algorithm,
      "must be 'round_robin', 'least_outstanding_requests' or 'weighted_random'",
      "use 'least_outstanding_requests' for uneven request costs",
    );
  }
  if (slow > 0 && algorithm === 'least_outstanding_requests') {
    problems.add(
      slowField,
      o.slowStart ?? slow,
      'ALB target groups cannot combine slow start with least-outstanding-requests balancing',
      o.slowStart !== undefined
        ? 'set slowStart to 0, or use round_robin'
        : "remove `slowStart`, or set `loadBalancing: 'round-robin'`",
    );
  }
  return { slow, algorithm };
}

const NLB_ONLY = ['connectionTermination', 'preserveClientIp', 'proxyProtocolV2'] as const;

function resolveNlbAttributes(
  problems: Problems,
  field: string,
  o: NlbTargetGroupAttributeProps,
): NlbTargetGroupAttributesSpec {
  const flag = (k: (typeof NLB_ONLY)[number], d: boolean | undefined): boolean | undefined => {
    const v = o[k];
    if (v === undefined) return d;
    if (typeof v !== 'boolean') {
      problems.add(
        `${field}.${k}`,
        v,
        'must be true or false',
        `set \`${k}: true\` or \`${k}: false\`, or leave it out`,
      );
      return d;
    }
    return v;
  };
  const connectionTermination = flag('connectionTermination', true) as boolean;
  const preserveClientIp = flag('preserveClientIp', undefined);
  const proxyProtocolV2 = flag('proxyProtocolV2', false) as boolean;
  return { connectionTermination, ...(preserveClientIp !== undefined ? { preserveClientIp } : {}), proxyProtocolV2 };
}
