import type { AppSpec } from '../app-spec';
import type { Problem } from '../problems';
import type { CertificateSpec } from './certificate';
import type { HealthCheckNote } from './health-check';
import { TerraformLoadBalancerSpec, TerraformTargetGroupSpec, terraformExposures } from './terraform-load-balancer';
import { EMPTY_LIST } from '../freeze';

/** One exposure placed on a load balancer. */
export interface PlannedMember {
  /** Index of the app in the stack's `apps`. */
  readonly appIndex: number;
  readonly app: AppSpec;
  readonly exposure: TerraformLoadBalancerSpec;
}

/** A listener rule of an ALB: conditions and the weighted target groups it forwards to. */
export interface PlannedRule {
  readonly priority: number;
  readonly hosts: readonly string[];
  readonly paths: readonly string[];
  readonly member: PlannedMember;
  /**
   * The traffic policy's canary header: the rule also matches it and forwards to the first canary's target
   * group only (ahead of the weighted rule with the same host and path).
   */
  readonly canaryHeader?: { readonly name: string; readonly value: string };
}

/** One load balancer with everything the Terraform renderer writes, shared by the exposures that name it. */
export interface LoadBalancerPlan {
  readonly name: string;
  /** The first exposure: its load balancer settings apply (the others must agree). */
  readonly settings: TerraformLoadBalancerSpec;
  readonly members: readonly PlannedMember[];
  /** ALB host/path rules, most specific first. */
  readonly rules: readonly PlannedRule[];
  /** ALB: the exposure without hosts or paths, if any: the listener's default action. */
  readonly defaultMember?: PlannedMember;
  /** Existing certificates (the first is the listener default; NLBs have one listener per member, each on its own port). */
  readonly certificateArns: readonly string[];
  /** One DNS-validated ACM certificate covering these names (first is the domain name). */
  readonly acmNames: readonly string[];
  /** Hosts that get Route 53 alias records. */
  readonly dnsHosts: readonly string[];
  /** Every target group of the load balancer. */
  readonly targetGroups: readonly { readonly member: PlannedMember; readonly targetGroup: TerraformTargetGroupSpec }[];
  /** Adjustments worth a warning, once per app and field. */
  readonly notes: readonly PlanNote[];
}

/** An adjustment worth a warning: on a field of an app (its name), or of the load balancer (no `app`). */
export interface PlanNote extends HealthCheckNote {
  /** The name of the app whose field it is; undefined for the load balancer itself. */
  readonly app?: string;
}

/** A problem found by looking at several apps together; `app` is the index of the app it is reported on. */
export interface PlanProblem {
  readonly app: number;
  readonly problem: Problem;
}

/** The ALB default quota of rules per listener. */
export const ALB_RULES_PER_LISTENER = 100;

/** Settings that every exposure sharing a load balancer must agree on, with the prop that sets each. */
const SHARED: readonly [keyof TerraformLoadBalancerSpec, string][] = [
  ['type', 'loadBalancerName'],
  ['internal', 'internal'],
  ['listenerProtocol', 'https'],
  ['sslPolicy', 'sslPolicy'],
  ['allowFrom', 'allowFrom'],
  ['idleTimeoutSeconds', 'traffic.idleTimeout'],
  ['clientKeepAliveSeconds', 'clientKeepAlive'],
  ['tcpIdleTimeoutSeconds', 'tcpIdleTimeout'],
  ['crossZone', 'crossZone'],
  ['deletionProtection', 'deletionProtection'],
  ['accessLogs', 'accessLogs'],
  ['securityGroupId', 'securityGroupId'],
];

/** Adds a problem found across apps, on the app it is reported on. */
type AddProblem = (app: number, field: string, value: unknown, message: string, fix: string) => void;

/** Says which app and exposure owns something, in a message. */
const owner = (m: PlannedMember) => `app "${m.app.name}" (${m.app.namespace}, ${m.exposure.field})`;

/**
 * Groups the apps' Terraform load balancer exposures into load balancers and checks what only shows
 * across apps: two exposures claiming the same host and path (ALB) or listener port (NLB), settings
 * that disagree on a shared load balancer, a derived name that two apps would share by accident, and
 * target group names used twice.
 */
export function planLoadBalancers(apps: readonly AppSpec[]): { plans: LoadBalancerPlan[]; problems: PlanProblem[] } {
  const problems: PlanProblem[] = [];
  const add: AddProblem = (app, field, value, message, fix) =>
    problems.push({ app, problem: { field, value, message, fix } });
  const groups = new Map<string, PlannedMember[]>();
  apps.forEach((app, appIndex) => {
    for (const exposure of terraformExposures(app)) {
      const list = groups.get(exposure.loadBalancerName) ?? [];
      list.push({ appIndex, app, exposure });
      groups.set(exposure.loadBalancerName, list);
    }
  });
  const tgOwners = new Map<string, PlannedMember>();
  const plans: LoadBalancerPlan[] = [];
  for (const [name, members] of groups) {
    checkShared(name, members, add);
    const notes: PlanNote[] = [];
    let routing: Pick<LoadBalancerPlan, 'rules' | 'defaultMember'> = { rules: [], defaultMember: undefined };
    if (members[0].exposure.type === 'application') routing = planAlbRules(name, members, notes, add);
    else checkNlbPorts(name, members, add);
    plans.push({
      name,
      settings: members[0].exposure,
      members,
      rules: routing.rules,
      defaultMember: routing.defaultMember,
      ...collectResources(members, tgOwners, notes, add),
      notes,
    });
  }
  return { plans, problems };
}

/** Members after the first share its load balancer on purpose (both named it) and agree on its settings. */
function checkShared(name: string, members: readonly PlannedMember[], add: AddProblem): void {
  const first = members[0];
  const s = first.exposure;
  for (const m of members.slice(1)) {
    if (!m.exposure.nameExplicit || !first.exposure.nameExplicit) {
      add(
        m.appIndex,
        `${m.exposure.field}.loadBalancerName`,
        name,
        `the load balancer name "${name}" is also the name of ${owner(first)}'s load balancer, which would be shared by accident`,
        'set the same explicit `loadBalancerName` on both exposures to share it, or a distinct one to keep them apart',
      );
      continue;
    }
    for (const [key, prop] of SHARED) {
      // Most settings are the same primitive or the same frozen list: JSON only when they are not the same value.
      const a = m.exposure[key];
      if (a !== s[key] && JSON.stringify(a) !== JSON.stringify(s[key])) {
        add(
          m.appIndex,
          prop.startsWith('traffic.') ? prop : `${m.exposure.field}.${prop}`,
          m.exposure[key],
          `the load balancer "${name}" is shared with ${owner(first)}, which has ${key} ${JSON.stringify(s[key])}`,
          `use the same ${key} on every exposure of "${name}", or give this one its own loadBalancerName`,
        );
      }
    }
  }
}

/** The ALB listener's rules: each host and path claimed by one member, ordered by specificity. */
function planAlbRules(
  name: string,
  members: readonly PlannedMember[],
  notes: PlanNote[],
  add: AddProblem,
): Pick<LoadBalancerPlan, 'rules' | 'defaultMember'> {
  const rules: PlannedRule[] = [];
  let defaultMember: PlannedMember | undefined;
  const claims = new Map<string, PlannedMember>();
  const candidates: Omit<PlannedRule, 'priority'>[] = [];
  for (const m of members) {
    const e = m.exposure;
    if (e.hosts.length === 0 && e.paths.length === 0) {
      const prev = claims.get('*|*');
      if (prev)
        add(
          m.appIndex,
          `${e.field}.hosts`,
          [],
          `the load balancer "${name}" already sends every host and path to ${owner(prev)}`,
          'give this exposure `hosts` or `paths`, or another loadBalancerName',
        );
      else {
        claims.set('*|*', m);
        defaultMember = m;
      }
      // The default action has no conditions: testers' requests need a rule of their own.
      if (canaryHeaderOf(m)) candidates.push({ hosts: [], paths: [], member: m, canaryHeader: canaryHeaderOf(m) });
      continue;
    }
    claimHostsAndPaths({ name, listenerPort: members[0].exposure.listenerPort }, m, claims, candidates, add);
  }
  // Host and path first, then host, then path, then neither; within each, the canary header rule first.
  const specificity = (r: Omit<PlannedRule, 'priority'>) =>
    2 * (r.hosts.length > 0 && r.paths.length > 0 ? 0 : r.hosts.length > 0 ? 1 : r.paths.length > 0 ? 2 : 3) +
    (r.canaryHeader ? 0 : 1);
  candidates
    .map((r, i) => ({ r, i }))
    .sort((a, b) => specificity(a.r) - specificity(b.r) || a.i - b.i)
    .forEach(({ r }, i) => rules.push(prioritized(r, i + 1)));
  if (rules.length > ALB_RULES_PER_LISTENER)
    notes.push({
      id: 'CT-AWS-106',
      field: 'hosts',
      message: `${rules.length} host and path rules on one listener exceed the default ALB quota of ${ALB_RULES_PER_LISTENER}: request a quota increase`,
    });
  return { rules, defaultMember };
}

/**
 * A rule with its priority: one literal of one shape (two: with and without the canary header), not a spread-first
 * copy (`{ ...r, priority }`), which gives every app's rule a hidden class of its own.
 */
function prioritized(r: Omit<PlannedRule, 'priority'>, priority: number): PlannedRule {
  const { hosts, paths, member } = r;
  return 'canaryHeader' in r
    ? { hosts, paths, member, canaryHeader: r.canaryHeader, priority }
    : { hosts, paths, member, priority };
}

/** Claims each host and path of a member (one owner each) and adds its rules (the canary header's first). */
function claimHostsAndPaths(
  { name, listenerPort }: { readonly name: string; readonly listenerPort: number },
  m: PlannedMember,
  claims: Map<string, PlannedMember>,
  candidates: Omit<PlannedRule, 'priority'>[],
  add: AddProblem,
): void {
  const e = m.exposure;
  for (const host of e.hosts.length > 0 ? e.hosts : [undefined]) {
    for (const path of e.paths.length > 0 ? e.paths : [undefined]) {
      const key = `${host ?? '*'}|${path ?? '*'}`;
      const prev = claims.get(key);
      if (prev && prev !== m) {
        add(
          m.appIndex,
          host !== undefined ? `${e.field}.hosts` : `${e.field}.paths`,
          host ?? path,
          `host ${host ?? '(any)'} with path ${path ?? '(any)'} on listener ${listenerPort} of load balancer "${name}" is already routed to ${owner(prev)}`,
          'route each host and path to one app: change the host or path, or remove one of the exposures',
        );
      } else claims.set(key, m);
    }
    // The exposure's own list when the host is its only one (frozen with the spec), not a one-host copy per rule.
    const hosts = host === undefined ? EMPTY_LIST : e.hosts.length === 1 ? e.hosts : [host];
    const header = canaryHeaderOf(m);
    if (header) candidates.push({ hosts, paths: e.paths, member: m, canaryHeader: header });
    candidates.push({ hosts, paths: e.paths, member: m });
  }
}

/** An NLB: one member per listener port. */
function checkNlbPorts(name: string, members: readonly PlannedMember[], add: AddProblem): void {
  const ports = new Map<number, PlannedMember>();
  for (const m of members) {
    const prev = ports.get(m.exposure.listenerPort);
    if (prev)
      add(
        m.appIndex,
        `${m.exposure.field}.listenerPort`,
        m.exposure.listenerPort,
        `listener port ${m.exposure.listenerPort} of load balancer "${name}" is already used by ${owner(prev)}`,
        'give this exposure another `listenerPort`, or another loadBalancerName',
      );
    else ports.set(m.exposure.listenerPort, m);
  }
}

/** The members' certificates, DNS hosts and target groups (each name once across load balancers), and their notes. */
function collectResources(
  members: readonly PlannedMember[],
  tgOwners: Map<string, PlannedMember>,
  notes: PlanNote[],
  add: AddProblem,
): Pick<LoadBalancerPlan, 'certificateArns' | 'acmNames' | 'dnsHosts' | 'targetGroups'> {
  const certificateArns: string[] = [];
  const acmNames: string[] = [];
  const dnsHosts: string[] = [];
  // Each host once, by a set: a search of the list per host is quadratic in the apps of one load balancer.
  const dnsSeen = new Set<string>();
  const noteKeys = new Set<string>();
  const targetGroups: { member: PlannedMember; targetGroup: TerraformTargetGroupSpec }[] = [];
  for (const m of members) {
    const c: CertificateSpec | undefined = m.exposure.certificate;
    if (c?.kind === 'arn' && !certificateArns.includes(c.arn)) certificateArns.push(c.arn);
    if (c?.kind === 'acm-dns')
      for (const n of [c.domainName, ...c.alternativeNames]) if (n && !acmNames.includes(n)) acmNames.push(n);
    if (m.exposure.dnsRecords)
      for (const h of m.exposure.hosts) {
        if (!dnsSeen.has(h)) dnsHosts.push(h);
        dnsSeen.add(h);
      }
    for (const tg of m.exposure.targetGroups) {
      const prev = tgOwners.get(tg.name);
      if (prev) {
        add(
          m.appIndex,
          `${m.exposure.field}.targetGroupName`,
          tg.name,
          `the target group name "${tg.name}" is also derived for ${owner(prev)} (names are cut to 32 characters)`,
          'set a distinct `targetGroupName` on one of the exposures',
        );
        continue;
      }
      tgOwners.set(tg.name, m);
      targetGroups.push({ member: m, targetGroup: tg });
    }
    // Once per app: several exposures of one app on this load balancer share its readiness probe, so its notes.
    // By a set of app, field and message: a search of every note so far per note is quadratic in the apps.
    for (const n of m.exposure.notes) {
      const key = `${m.app.name}\0${n.field}\0${n.message}`;
      if (!noteKeys.has(key)) notes.push({ app: m.app.name, ...n });
      noteKeys.add(key);
    }
  }
  return { certificateArns, acmNames, dnsHosts, targetGroups };
}

/** The app's canary header when its exposure has a canary target group to send it to. */
function canaryHeaderOf(m: PlannedMember): PlannedRule['canaryHeader'] {
  return m.exposure.targetGroups.length > 1 ? m.app.traffic.canaryHeader : undefined;
}
