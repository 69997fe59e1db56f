import type { SettingCell } from '../traffic/layer-support';
import type { Duration } from 'cdk8s';
import type { ServiceSpec } from '../app-spec';
import { wholeSeconds } from '../durations';
import type { Problems } from '../problems';
import type { HealthCheckNote } from './health-check';

/**
 * Sticky sessions of an AWS target group: requests of one client keep going to the same pod.
 * - `lb_cookie` (ALB): the load balancer's own cookie (`AWSALB`) for `duration`;
 * - `app_cookie` (ALB): the application's cookie `cookieName`, followed for `duration`;
 * - `source_ip` (NLB): by the client's address, as the Service's `sessionAffinity: 'ClientIP'`;
 * - `none`: off, even when the app's Service asks for ClientIP affinity (give the `reason`).
 */
export type StickinessProps =
  | {
      readonly type: 'lb_cookie';
      /**
       * How long the cookie sticks (1 s to 7 days).
       * @default with the Service's ClientIP affinity its timeout (Kubernetes' 3 h when unset), else 1 day
       */
      readonly duration?: Duration;
    }
  | {
      readonly type: 'app_cookie';
      /** The application's cookie (not starting with AWSALB, AWSALBAPP or AWSALBTG). */
      readonly cookieName: string;
      /**
       * How long the load balancer's cookie that follows it sticks (1 s to 7 days).
       * @default 1 day
       */
      readonly duration?: Duration;
    }
  | { readonly type: 'source_ip' }
  | {
      readonly type: 'none';
      /** Why clients need not stick although the app's Service has ClientIP affinity (at least 10 characters). */
      readonly reason: string;
    };

/** Resolved stickiness (absent: off). */
export interface StickinessSpec {
  readonly type: 'lb_cookie' | 'app_cookie' | 'source_ip';
  /** Cookie types only. */
  readonly durationSeconds?: number;
  /** `app_cookie` only. */
  readonly cookieName?: string;
  /** True when derived from the app's Service (`sessionAffinity: 'ClientIP'`), not given on the exposure. */
  readonly fromServiceAffinity: boolean;
}

const DAY = 86_400;
const WEEK = 7 * DAY;

/**
 * The stickiness of a target group, with one verdict for every AWS layer: the exposure's `stickiness`, else
 * the app's Service affinity. A load balancer that sends to pod IPs bypasses the Service, so its ClientIP
 * affinity would silently not apply: an NLB sticks by source IP instead, an ALB (which cannot) by its own
 * cookie for the affinity's timeout, with a note (CT-AWS-110).
 */
export function resolveStickiness(
  problems: Problems,
  field: string,
  o: StickinessProps | undefined,
  service: ServiceSpec | undefined,
  type: 'application' | 'network',
  notes: HealthCheckNote[],
): StickinessSpec | undefined {
  const f = `${field}.stickiness`;
  const affinity = service?.sessionAffinity === 'ClientIP';
  if (o === undefined) {
    if (!affinity) return undefined;
    if (type === 'network') return { type: 'source_ip', fromServiceAffinity: true };
    // The Service's affinity timeout (at most 1 day) is within the ALB cookie's range (at most 7 days).
    const durationSeconds = service?.sessionAffinityTimeoutSeconds ?? 10_800;
    notes.push({
      id: 'CT-AWS-110',
      field: 'service.sessionAffinity',
      message: `an ALB cannot stick by client IP: the Service's ClientIP affinity becomes the ALB's own cookie for ${durationSeconds} s (set \`stickiness\` on the exposure to choose)`,
    });
    return { type: 'lb_cookie', durationSeconds, fromServiceAffinity: true };
  }
  const kinds = type === 'network' ? ['source_ip', 'none'] : ['lb_cookie', 'app_cookie', 'none'];
  if (!kinds.includes(o.type)) {
    problems.add(
      `${f}.type`,
      o.type,
      `is not a stickiness ${type === 'network' ? 'a network' : 'an application'} load balancer target group has (${kinds.join(', ')})`,
      `use { type: '${kinds[0]}' }`,
    );
    return undefined;
  }
  if (o.type === 'none') {
    if (typeof o.reason !== 'string' || o.reason.trim().length < 10) {
      problems.add(
        `${f}.reason`,
        o.reason,
        affinity
          ? "turning stickiness off against the Service's ClientIP affinity needs a reason (at least 10 characters)"
          : 'needs a reason (at least 10 characters)',
        'say why clients need not stick, e.g. "the sessions are kept in Redis"',
      );
    }
    return undefined;
  }
  if (o.type === 'source_ip') return { type: 'source_ip', fromServiceAffinity: false };
  const durationSeconds = wholeSeconds(
    problems,
    `${f}.duration`,
    o.duration,
    o.type === 'lb_cookie' && affinity ? (service?.sessionAffinityTimeoutSeconds ?? 10_800) : DAY,
    { min: 1, max: WEEK, fix: 'use 1 s to 7 days (the AWS range)' },
  );
  if (o.type === 'lb_cookie') return { type: 'lb_cookie', durationSeconds, fromServiceAffinity: false };
  const name = o.cookieName;
  if (typeof name !== 'string' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
    problems.add(
      `${f}.cookieName`,
      name,
      "is not a cookie name (letters, digits and !#$%&'*+-.^_`|~, no spaces)",
      'give the name of the cookie the application sets, e.g. "SESSIONID"',
    );
  } else if (/^AWSALB/i.test(name)) {
    problems.add(
      `${f}.cookieName`,
      name,
      'starts with AWSALB, which the load balancer reserves for its own cookies (AWSALB, AWSALBAPP, AWSALBTG)',
      "give the application's own cookie name",
    );
  }
  return { type: 'app_cookie', durationSeconds, cookieName: String(name), fromServiceAffinity: false };
}

/**
 * The settings table's stickiness cell of an AWS load balancer that targets the pods (docs/traffic-settings.md):
 * an NLB carries the Service's ClientIP affinity out as source-IP stickiness; an ALB cannot, and sticks by its own
 * cookie with warning CT-AWS-110 (`resolveStickiness`).
 */
export function awsStickinessCell(type: 'application' | 'network', label: string): SettingCell {
  return type === 'network'
    ? { state: 'applied', where: `${label}: target group stickiness source_ip` }
    : {
        state: 'warned',
        id: 'CT-AWS-110',
        why: `${label} cannot stick by client IP: the Service's ClientIP affinity becomes the ALB's own cookie`,
      };
}
