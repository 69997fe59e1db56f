import { TerraformStack, Token } from 'cdktf';
import type { IConstruct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { AppSpec } from '../model/app-spec';
import type { LoadBalancerPlan, PlannedMember } from '../model/aws/load-balancer-plan';
import { ProblemAt, SynthProblems } from '../synth/synth-problems';

/** The load balancers one `AppLoadBalancers` (or `LoadBalancerStack`) adds, with where it deploys them. */
interface LoadBalancerSet {
  readonly construct: IConstruct;
  readonly stack: TerraformStack;
  readonly specs: readonly AppSpec[];
  readonly plans: readonly LoadBalancerPlan[];
}

/** Where a stack's default AWS provider deploys, as far as its literal settings tell (undefined: not known). */
interface AwsTarget {
  readonly region?: string;
  readonly accounts?: readonly string[];
}

/**
 * Load balancer and target group names used by another stack of the same App that may deploy to the same AWS
 * account and region: AWS keeps one load balancer and one target group of a name per account and region, so the
 * second stack's apply fails on the name (or, with the same settings, adopts the first stack's resource, which then
 * two Terraform states manage). Each clash is reported once, on the later construct. Stacks whose providers name
 * different literal regions, or disjoint accounts (`allowedAccountIds`, the account of `assumeRole`'s role ARN),
 * do not share names. Within one stack, `checkLoadBalancers` reports such clashes when the construct is built.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
 */
export function acrossStackProblems(scope: IConstruct): ProblemAt[] {
  const stacks = stacksUnder(scope.node.root);
  // One stack (the usual case, and the benchmark's): nothing to compare, and no walk over its resources.
  if (stacks.length < 2) return [];
  const sets = stacks.flatMap(loadBalancerSets);
  const self = sets.findIndex((s) => s.construct === scope);
  if (self < 0) return [];
  const me = sets[self];
  const mine = awsTargetOf(me.stack);
  const out: ProblemAt[] = [];
  for (const other of sets.slice(0, self)) {
    if (other.stack === me.stack || !mayShareNames(mine, awsTargetOf(other.stack))) continue;
    out.push(...clashes(me, other));
  }
  return out;
}

/** The clashes of `me`'s names with those of `other` (an earlier set in another stack). */
function clashes(me: LoadBalancerSet, other: LoadBalancerSet): ProblemAt[] {
  const out: ProblemAt[] = [];
  const where = `${other.construct.node.path} (stack ${other.stack.node.path})`;
  const fix =
    'give each app to one stack per AWS account and region; if the stacks deploy to different regions or accounts, say so on their AwsProviders (a literal `region` each, or `allowedAccountIds`); else set a distinct `loadBalancerName` / `targetGroupName`';
  // Sets, not searches of the other list per app: two stacks of N apps would cost N * N.
  const otherApps = new Set<string>();
  for (const y of other.specs) otherApps.add(`${y.namespace}\0${y.name}`);
  const shared = me.specs.filter((x) => otherApps.has(`${x.namespace}\0${x.name}`));
  const sharedApps = new Set<AppSpec>(shared);
  for (const a of shared)
    out.push({
      path: `${me.construct.node.path}/${a.name}`,
      field: 'apps',
      value: `${a.namespace}/${a.name}`,
      message: `the app is also given to ${where}, which may deploy to the same AWS account and region: its load balancers and target groups would be created twice under the same names, which AWS refuses (or the two Terraform states would manage the same resources)`,
      fix,
    });
  const otherLbs = new Set(other.plans.map((p) => p.name));
  const otherTgs = new Set(other.plans.flatMap((p) => p.targetGroups.map((t) => t.targetGroup.name)));
  const clash = (m: PlannedMember, what: 'loadBalancerName' | 'targetGroupName', name: string): ProblemAt => ({
    path: `${me.construct.node.path}/${m.app.name}`,
    field: `${m.exposure.field}.${what}`,
    value: name,
    message: `the ${what === 'loadBalancerName' ? 'load balancer' : 'target group'} name is also used by ${where}, which may deploy to the same AWS account and region, where such a name is unique`,
    fix,
  });
  for (const plan of me.plans) {
    const members = plan.members.filter((m) => !sharedApps.has(m.app));
    if (members.length > 0 && otherLbs.has(plan.name)) out.push(clash(members[0], 'loadBalancerName', plan.name));
    const kept = new Set<PlannedMember>(members);
    for (const { member, targetGroup } of plan.targetGroups)
      if (kept.has(member) && otherTgs.has(targetGroup.name))
        out.push(clash(member, 'targetGroupName', targetGroup.name));
  }
  return out;
}

/** The Terraform stacks of the tree, in construct order, found without walking into them. */
export function stacksUnder(c: IConstruct): TerraformStack[] {
  if (TerraformStack.isStack(c)) return [c];
  return c.node.children.flatMap(stacksUnder);
}

/** The sets of load balancers of one stack, in construct order (the order of their validations). */
function loadBalancerSets(stack: TerraformStack): LoadBalancerSet[] {
  return stack.node.findAll().flatMap((c) => {
    const o = c as { synthProblems?: unknown; specs?: unknown; plans?: unknown };
    if (!(o.synthProblems instanceof SynthProblems) || !Array.isArray(o.specs) || !Array.isArray(o.plans)) return [];
    return [{ construct: c, stack, specs: o.specs as AppSpec[], plans: o.plans as LoadBalancerPlan[] }];
  });
}

/** The region and accounts the stack's default `AwsProvider` names literally. */
function awsTargetOf(stack: TerraformStack): AwsTarget {
  const provider = stack.node
    .findAll()
    .find((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
  if (!provider) return {};
  const literal = (v: string | undefined) => (v !== undefined && !Token.isUnresolved(v) ? v : undefined);
  const roles = provider.assumeRole;
  const roleAccounts = (Array.isArray(roles) ? roles : [])
    .map((r) => /^arn:[^:]+:iam::(\d{12}):/.exec(literal(r.roleArn) ?? '')?.[1])
    .filter((a): a is string => a !== undefined);
  const allowed = provider.allowedAccountIds;
  const allowedAccounts =
    Array.isArray(allowed) && allowed.every((a) => literal(a) !== undefined) ? allowed : undefined;
  return {
    region: literal(provider.region),
    accounts: allowedAccounts ?? (roleAccounts.length > 0 ? roleAccounts : undefined),
  };
}

/** False only when the providers name different literal regions, or disjoint accounts. */
function mayShareNames(a: AwsTarget, b: AwsTarget): boolean {
  if (a.region !== undefined && b.region !== undefined && a.region !== b.region) return false;
  if (a.accounts && b.accounts && !a.accounts.some((x) => b.accounts?.includes(x))) return false;
  return true;
}
