import { DISABLE_STACK_TRACE_IN_METADATA, LocalBackend, TerraformBackend, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { TrafficApp } from '../model/app';
import type { AppSpec } from '../model/app-spec';
import type { LoadBalancerPlan } from '../model/aws/load-balancer-plan';
import { Problems } from '../model/problems';
import type { Rule } from '../rules/rule';
import { resolveApps } from '../resolve/resolve-apps';
import { AwsNetworkProps, checkNetwork, networkInputs } from './aws-network';
import { ManagedLoadBalancer } from './managed-load-balancer';

/** Props of `LoadBalancerStack`. */
export interface LoadBalancerStackProps {
  /** The apps whose `TerraformLoadBalancer` exposures this stack renders (apps without one add nothing). */
  readonly apps: readonly TrafficApp[];
  /**
   * VPC, subnets, pod security group and hosted zone; each value left out is a Terraform variable.
   * @default every value a Terraform variable
   */
  readonly network?: AwsNetworkProps;
  /**
   * The AWS region of the provider.
   * @default the provider's (AWS_REGION or the profile's region at plan time)
   */
  readonly region?: string;
  /**
   * Tags on every resource (the provider's `default_tags`), on top of `managed-by: cdk-traffic`.
   * @default none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Declare the AWS provider in this stack; `false` when the caller adds its own `AwsProvider`.
   * @default true
   */
  readonly provider?: boolean;
  /**
   * Rules run on every app besides the library's own, as on `TrafficChart` (give both the same list).
   * @default none
   */
  readonly rules?: readonly Rule[];
}

/**
 * A cdktf stack holding the AWS load balancers of one or more apps (`cdktf.out/stacks/<id>/cdk.tf.json`).
 *
 * ```ts
 * new LoadBalancerStack(app, 'public-web', { apps: [www, api], network: { vpcId: 'vpc-0abc...' } });
 * ```
 *
 * State: unless a backend is added to the stack, Terraform keeps it in a local file,
 * `terraform.<stack id>.tfstate` beside the output folder (see `ensureBackendExists`). For a shared
 * state, add any cdktf backend to the stack before synth, e.g.
 * `new S3Backend(stack, { bucket: 'acme-tfstate', key: 'public-web.tfstate', region: 'eu-west-1' })`.
 *
 * The apps are resolved together with `resolveApps`, the same resolution `TrafficChart` makes, so the
 * target group names the TargetGroupBindings carry are the ones written here and both sides report the
 * same problems with the same paths: every app's own, those only visible across apps (two apps routing
 * the same host, a shared load balancer whose settings disagree, a name used twice) and the rules'
 * errors, together in one `DefinitionError`.
 */
export class LoadBalancerStack extends TerraformStack {
  /** The resolved apps, in the order given. */
  readonly specs: readonly AppSpec[];
  /** The load balancers, as planned. */
  readonly plans: readonly LoadBalancerPlan[];
  /** The rendered load balancers, by name. */
  readonly loadBalancers = new Map<string, ManagedLoadBalancer>();

  /**
   * Adjustments worth knowing (a health check value clamped to AWS's range, a setting an NLB does not
   * apply), one line each, in the style of the traffic rules' warnings:
   * `[<stack>/<app>] warning: <field>: <message>`. Printed to stderr once, when the stack is built, and
   * written to cdktf's manifest as warnings of the load balancer. The health check values derived from
   * Kubernetes' defaults (timeout 1 s -> 2 s, success threshold 1 -> healthy threshold 2) are not
   * warnings: see `healthCheckFromProbe`.
   */
  readonly warnings: readonly string[];

  constructor(scope: Construct, id: string, props: LoadBalancerStackProps) {
    super(scope, id);
    // Warnings go to cdktf's manifest without stack traces (absolute paths), so the output stays reproducible.
    this.node.setContext(DISABLE_STACK_TRACE_IN_METADATA, true);
    const r = resolveApps(props.apps, { path: this.node.path, rules: props.rules });
    const specs = r.specs;
    const plans = r.plans;
    const problems = new Problems();
    const paths: string[] = [];
    r.problems.forEach((p, i) => {
      problems.add(p.field, p.value, p.message, p.fix, p.ruleId);
      if (problems.size > paths.length) paths.push(r.problemPaths[i]);
    });
    const network = props.network ?? {};
    const uses = (internal: boolean, type?: string) => plans.some((p) => p.settings.internal === internal && (type === undefined || p.settings.type === type));
    const needs = { publicAlb: uses(false, 'application'), privateAlb: uses(true, 'application'), publicLb: uses(false), privateLb: uses(true) };
    const before = problems.size;
    checkNetwork(problems, network, needs);
    for (let i = before; i < problems.size; i++) paths.push(this.node.path);
    if (problems.size > 0) throw problems.toError(this.node.path, paths);
    this.specs = specs;
    this.plans = plans;
    // Once per app and field, even when several load balancers carry the note.
    const appPath = (name: string) => r.paths[specs.findIndex((s) => s.name === name)] ?? `${this.node.path}/${name}`;
    this.warnings = [...new Set(plans.flatMap((p) => p.notes.map((n) => `[${appPath(n.app ?? p.name)}] warning: ${n.field}: ${n.message}`)))];
    for (const line of this.warnings) console.warn(line);

    if (props.provider ?? true) {
      new AwsProvider(this, 'aws', {
        region: props.region,
        defaultTags: [{ tags: { 'managed-by': 'cdk-traffic', ...props.tags } }],
      });
    }
    const inputs = networkInputs(this, network, needs);
    for (const plan of plans) {
      this.loadBalancers.set(plan.name, new ManagedLoadBalancer(this, plan.name, { plan, network: inputs }));
    }
  }

  /**
   * The backend that keeps the stack's Terraform state (called by cdktf at synth): a backend added to
   * the stack (`new S3Backend(stack, {...})` or any other cdktf backend), else a local backend with
   * the relative path `../../../terraform.<stack id>.tfstate`. Terraform resolves it from the directory
   * it runs in, the stack's `<outdir>/stacks/<stack id>/`, so the state file lies beside the output
   * folder (`./terraform.public-web.tfstate` next to `cdktf.out`): where cdktf's own default puts it,
   * outside the folder every synth rewrites, and without the absolute path of the checkout that
   * cdktf's default writes into cdk.tf.json.
   * @default a local backend, `../../../terraform.<stack id>.tfstate`
   */
  override ensureBackendExists(): TerraformBackend {
    return this.node.findAll().find(TerraformBackend.isBackend)
      ?? new LocalBackend(this, { path: `../../../terraform.${this.node.id}.tfstate` });
  }
}
