import { DISABLE_STACK_TRACE_IN_METADATA, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import type { TrafficApp } from '../model/app';
import type { AppSpec } from '../model/app-spec';
import type { LoadBalancerPlan } from '../model/aws/load-balancer-plan';
import { Problems, Warning, acknowledgeWarnings, printWarnings } from '../model/problems';
import type { Rule } from '../rules/rule';
import { resolveApps } from '../resolve/resolve-apps';
import { TrafficTargets } from '../synth/traffic-targets';
import type { TrafficTargetsProps } from '../model/targets/targets-props';
import { AwsNetworkProps, NetworkInputs, checkNetwork, checkNetworkVariables, networkInputs } from './aws-network';
import { ManagedLoadBalancer, ManagedLoadBalancerProps, dnsRecordId } from './managed-load-balancer';
import { awsTags } from '../model/input/value-checks';
import { addAlarms } from './alarm-topics';
import { SynthProblems } from '../synth/synth-problems';
import { writtenTargetGroupProblems } from './written-checks';
import { acrossStackProblems } from './across-stacks';
import { reportFromAspect } from './report-from-aspect';

/** Construct ids a stack itself uses: `aws` (the provider) and `backend` (cdktf's fixed id of a backend). */
const STACK_CHILD_IDS = ['aws', 'backend'];

/** Props of `AppLoadBalancers`. */
export interface AppLoadBalancersProps {
  /** The apps whose `TerraformLoadBalancer` exposures are rendered (apps without one add nothing). */
  readonly apps: readonly TrafficApp[];
  /**
   * VPC, subnets, pod security group and hosted zone: literal ids, references to resources of your cdktf
   * code (in this stack or another stack of the same App), or left out, each then a Terraform variable
   * of the stack.
   * @default every value a Terraform variable
   */
  readonly network?: AwsNetworkProps;
  /**
   * Tags on every resource (on top of the provider's default tags).
   * @default none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Warnings acknowledged for all these apps, by id, each with a reason (e.g.
   * `{ 'CT-AWS-105': 'the app restarts within 10 checks' }`). An acknowledged warning is printed with its
   * reason; an id that no warning carries is an error (it would acknowledge nothing).
   * @default none
   */
  readonly acknowledge?: Readonly<Record<string, string>>;
  /**
   * Print the warnings to stderr when the construct is built (they are always in `warnings` and in
   * cdktf's manifest).
   * @default true, unless CDK_TRAFFIC_QUIET or CDK_TRAFFIC_SILENCE_WARNINGS is 1 or true, or under jest or vitest
   */
  readonly printWarnings?: boolean;
  /**
   * Rules run on every app besides the library's own, as on `TrafficChart` (give both the same list).
   * @default none
   */
  readonly rules?: readonly Rule[];
  /**
   * Targets of this stack over those declared on its App (`TrafficTargets.declare`): the apps are resolved and
   * checked for them, as the charts of the same targets are.
   * @default the App's declared targets, else the library's defaults (docs/targets.md)
   */
  readonly targets?: TrafficTargetsProps;
}

/** What `checkLoadBalancers` found: the resolved and checked apps, their plans, and what writing them needs. */
export interface CheckedLoadBalancers {
  readonly specs: readonly AppSpec[];
  readonly plans: readonly LoadBalancerPlan[];
  readonly warnings: readonly Warning[];
  /** The network's values as the resources read them (literals, references or the stack's variables). */
  readonly inputs: NetworkInputs;
  /** Tags of every resource (on top of the provider's default tags). */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The load balancers of a set of apps, added to any cdktf `TerraformStack` of yours, beside your own
 * resources; the stack's `AwsProvider` is used (add one to the stack).
 *
 * ```ts
 * class Edge extends TerraformStack {
 *   constructor(scope: Construct, id: string, vpc: NetworkStack) {
 *     super(scope, id);
 *     new AwsProvider(this, 'aws', { region: 'eu-west-1' });
 *     new AppLoadBalancers(this, 'lbs', { apps: [web], network: { vpcId: vpc.vpc.id, publicSubnetIds: vpc.publicSubnetIds } });
 *   }
 * }
 * ```
 *
 * Resource addresses come from the AWS names (`aws_lb.lb_shop_web`), not from the construct path, so
 * moving the load balancers between this construct and `LoadBalancerStack` changes no address. The
 * network variables (`vpc_id`, ...) are declared on the stack, once per stack.
 *
 * Problems of all apps, those visible only across apps and the traffic rules' errors are reported
 * together in one `DefinitionError`, each with the construct path `<this construct>/<app name>`.
 */
export class AppLoadBalancers extends Construct {
  /** The resolved apps, in the order given. */
  readonly specs: readonly AppSpec[];
  /** The load balancers, as planned. */
  readonly plans: readonly LoadBalancerPlan[];
  /** The rendered load balancers, by name. */
  readonly loadBalancers: ReadonlyMap<string, ManagedLoadBalancer>;
  /**
   * Adjustments worth knowing (a health check value clamped to AWS's range, a setting an NLB does not
   * apply), each with an id (`CT-AWS-1xx`) that `acknowledge` accepts. Printed once, when the construct is
   * built, as `[<path>/<app>] [<id>] warning: <field>: <message>`.
   */
  readonly warnings: readonly Warning[];
  /** The definition's problems, reported at synth with every other construct's of the App (nothing is added then). */
  readonly synthProblems: SynthProblems;

  constructor(scope: Construct, id: string, props: AppLoadBalancersProps) {
    super(scope, id);
    // The target groups as written (after any addOverride) against the plan the TargetGroupBindings follow, and
    // the names other stacks of the App use in the same AWS account and region.
    this.synthProblems = new SynthProblems(this, {
      atSynth: () => [...writtenTargetGroupProblems(this), ...acrossStackProblems(this)],
    });
    reportFromAspect(this);
    let checked: CheckedLoadBalancers | undefined;
    this.synthProblems.build(() => {
      checked = checkLoadBalancers(this, this.node.path, props);
    });
    // The resources are written here, by this constructor: see `loadBalancersToWrite`.
    this.specs = checked?.specs ?? [];
    this.plans = checked?.plans ?? [];
    const loadBalancers = new Map<string, ManagedLoadBalancer>();
    for (const lb of loadBalancersToWrite(checked))
      loadBalancers.set(lb.props.plan.name, new ManagedLoadBalancer(this, lb.id, lb.props));
    if (checked) addAlarms(this, checked.plans, loadBalancers, checked.tags);
    this.loadBalancers = loadBalancers;
    this.warnings = checked?.warnings ?? [];
  }
}

/**
 * Resolves the apps and checks them and the network (a `DefinitionError` when anything is wrong, nothing added),
 * prints the warnings, and declares the network variables the load balancers need under `scope`; problems and
 * warnings carry `<path>/<app name>`. Shared by `AppLoadBalancers` and `LoadBalancerStack`, which then write the
 * load balancers themselves (`loadBalancersToWrite`).
 * @internal
 */
export function checkLoadBalancers(
  scope: Construct,
  path: string,
  props: AppLoadBalancersProps,
  providerTags?: Readonly<Record<string, string>>,
): CheckedLoadBalancers {
  // Warnings go to cdktf's manifest without stack traces (absolute paths), so the output stays reproducible.
  if (scope.node.tryGetContext(DISABLE_STACK_TRACE_IN_METADATA) === undefined)
    scope.node.setContext(DISABLE_STACK_TRACE_IN_METADATA, true);
  const problems = new Problems();
  const paths: string[] = [];
  const appPath = (name: string) => `${path}/${name}`;
  if (props === null || typeof props !== 'object' || !Array.isArray(props.apps)) {
    problems.add('apps', props?.apps, 'is not a list of apps', 'give `apps: [TrafficApp.define({...}), ...]`');
    throw problems.toError(path);
  }
  const targets = TrafficTargets.of(scope, problems, props.targets);
  problems.items.forEach(() => paths.push(path));
  const r = resolveApps(props.apps, { path, rules: props.rules, targets });
  const { specs, plans } = r;
  r.problems.forEach((p, i) => {
    const size = problems.size;
    problems.add(p.field, p.value, p.message, p.fix, p.ruleId);
    if (problems.size > size) paths.push(r.problemPaths[i]);
  });
  const network = props.network ?? {};
  const uses = (internal: boolean, type?: string) =>
    plans.some((p) => p.settings.internal === internal && (type === undefined || p.settings.type === type));
  const needs = {
    publicAlb: uses(false, 'application'),
    privateAlb: uses(true, 'application'),
    publicLb: uses(false),
    privateLb: uses(true),
  };
  let before = problems.size;
  awsTags(problems, 'tags', providerTags ?? props.tags, {});
  dnsRecordClashes(problems, plans);
  checkNetwork(problems, network, needs);
  checkNetworkVariables(problems, scope, network, needs);
  siblingProblems(problems, scope, specs, plans);
  // Once per app, field and id, even when several load balancers carry the note.
  const seen = new Set<string>();
  const raised: Warning[] = [];
  for (const p of plans) {
    for (const n of p.notes) {
      const w: Warning = {
        id: n.id,
        path:
          n.app !== undefined ? (r.paths[specs.findIndex((x) => x.name === n.app)] ?? appPath(n.app)) : appPath(p.name),
        field: n.field,
        message: n.message,
      };
      const key = `${w.id}\0${w.path}\0${w.field}\0${w.message}`;
      if (!seen.has(key)) raised.push(w);
      seen.add(key);
    }
  }
  const warnings = acknowledgeWarnings(problems, raised, props.acknowledge);
  for (; before < problems.size; before++) paths.push(path);
  if (problems.size > 0) throw problems.toError(path, paths);
  printWarnings(warnings, props.printWarnings);
  return { specs, plans, warnings, inputs: networkInputs(scope, network, needs), tags: props.tags };
}

/**
 * The construct id and props of each checked load balancer, for the constructors (`AppLoadBalancers`,
 * `LoadBalancerStack`) to write with `new ManagedLoadBalancer` themselves, then `addAlarms`: not in a helper, nor inside
 * the checks' closure. cdktf captures the whole call stack for every token a resource creates (a dozen per target
 * group and rule) and keeps it as text until the synth ends, so each frame less between the caller and the resources
 * makes every token cheaper to create and to keep (docs/development.md, Benchmark).
 * @internal
 */
export function loadBalancersToWrite(
  checked: CheckedLoadBalancers | undefined,
): { readonly id: string; readonly props: ManagedLoadBalancerProps }[] {
  if (!checked) return [];
  const out: { id: string; props: ManagedLoadBalancerProps }[] = [];
  for (const plan of checked.plans) {
    // A load balancer named like one of the stack's own children (the provider `aws`, cdktf's `backend`) gets an
    // id with a ":", which no load balancer name can hold; other ids stay the name (the output's metadata paths).
    const id = STACK_CHILD_IDS.includes(plan.name) ? `load-balancer:${plan.name}` : plan.name;
    out.push({ id, props: { plan, network: checked.inputs, tags: checked.tags } });
  }
  return out;
}

/** True for a construct that added load balancers to its stack (an `AppLoadBalancers` or a `LoadBalancerStack`). */
function addsLoadBalancers(c: IConstruct): c is IConstruct & Pick<CheckedLoadBalancers, 'specs' | 'plans'> {
  return (
    'synthProblems' in c &&
    c.synthProblems instanceof SynthProblems &&
    'specs' in c &&
    Array.isArray(c.specs) &&
    'plans' in c &&
    Array.isArray(c.plans)
  );
}

/**
 * Another set of load balancers built earlier in the same Terraform stack (an `AppLoadBalancers`, or the
 * `LoadBalancerStack` itself) with one of these apps, or a load balancer of the same name: the stack would write
 * the same Terraform addresses twice, one replacing the other (one listener rule with two forward actions and
 * two host conditions, which AWS refuses).
 */
function siblingProblems(
  problems: Problems,
  scope: Construct,
  specs: readonly AppSpec[],
  plans: readonly LoadBalancerPlan[],
): void {
  const siblings = TerraformStack.of(scope)
    .node.findAll()
    .filter((c) => c !== scope)
    .filter(addsLoadBalancers)
    .map((c) => ({ path: c.node.path, specs: c.specs, plans: c.plans }));
  for (const o of siblings) {
    const shared = specs.filter((x) => o.specs.some((y) => y.namespace === x.namespace && y.name === x.name));
    for (const a of shared)
      problems.add(
        'apps',
        `${a.namespace}/${a.name}`,
        `the app is also given to ${o.path} in the same Terraform stack: its load balancers and target groups would be written twice`,
        'give each app to one AppLoadBalancers (or LoadBalancerStack) per stack',
      );
    // The same app twice plans the same load balancers: one problem says it.
    if (shared.length > 0) continue;
    for (const p of plans.filter((x) => o.plans.some((y) => y.name === x.name)))
      problems.add(
        'loadBalancerName',
        p.name,
        `the load balancer is also planned by ${o.path} in the same Terraform stack: its listeners and rules would merge into one, with two forward actions and two host conditions that AWS refuses`,
        'put the apps that share a load balancer into one AppLoadBalancers, or give them different `loadBalancerName`s',
      );
  }
}

/** Two hosts whose Route 53 records would get one Terraform address (one of them would be dropped). */
function dnsRecordClashes(problems: Problems, plans: readonly LoadBalancerPlan[]): void {
  const seen = new Map<string, string>();
  for (const plan of plans) {
    for (const host of plan.dnsHosts) {
      const id = dnsRecordId(host);
      const other = seen.get(id);
      if (other !== undefined && other !== host) {
        problems.add(
          'hosts',
          host,
          `its DNS record would have the same Terraform address as that of "${other}" (aws_route53_record.${id}), so one of them would be dropped`,
          `rename one of the hosts, or set \`dnsRecords: false\` on one exposure and create that record yourself`,
        );
      }
      seen.set(id, host);
    }
  }
}
