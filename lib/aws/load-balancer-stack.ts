import { DISABLE_STACK_TRACE_IN_METADATA, LocalBackend, TerraformBackend, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { AppSpec } from '../model/app-spec';
import type { LoadBalancerPlan } from '../model/aws/load-balancer-plan';
import type { Warning } from '../model/problems';
import {
  AppLoadBalancersProps,
  CheckedLoadBalancers,
  checkLoadBalancers,
  loadBalancersToWrite,
} from './app-load-balancers';
import { SynthProblems } from '../synth/synth-problems';
import { writtenTargetGroupProblems } from './written-checks';
import { acrossStackProblems } from './across-stacks';
import { reportFromAspect } from './report-from-aspect';
import { ManagedLoadBalancer } from './managed-load-balancer';
import { addAlarms } from './alarm-topics';
import { ONE_PASS_SYNTH, prepareStackTokens, stackJson } from './stack-json';

/** Props of `LoadBalancerStack`. */
export interface LoadBalancerStackProps extends AppLoadBalancersProps {
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
}

/**
 * A cdktf stack holding the AWS load balancers of one or more apps (`cdktf.out/stacks/<id>/cdk.tf.json`):
 * an `AwsProvider` and what `AppLoadBalancers` adds. To put the load balancers into a stack of your own,
 * beside your other resources, use `AppLoadBalancers` instead.
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
 * Every app is resolved with the same pure `app.resolve()` the Kubernetes chart uses, so the target
 * group names the TargetGroupBindings carry are the ones written here. All problems of all apps, and
 * those only visible across apps (two apps routing the same host, a shared load balancer whose
 * settings disagree, a name used twice) and the traffic rules' errors, are reported together in one
 * `DefinitionError`, each with the path `<stack>/<app name>`.
 */
export class LoadBalancerStack extends TerraformStack {
  /** The resolved apps, in the order given. */
  readonly specs: readonly AppSpec[];
  /** The load balancers, as planned. */
  readonly plans: readonly LoadBalancerPlan[];
  /** The rendered load balancers, by name. */
  readonly loadBalancers: ReadonlyMap<string, ManagedLoadBalancer>;

  /**
   * Adjustments worth knowing (a health check value clamped to AWS's range, a setting an NLB does not
   * apply), each with an id that `acknowledge` accepts, printed to stderr once, when the stack is built,
   * as `[<stack>/<app>] [<id>] warning: <field>: <message>`, and written to cdktf's manifest as warnings
   * of the load balancer. The health check values derived from Kubernetes' defaults (timeout 1 s -> 2 s,
   * success threshold 1 -> healthy threshold 2) are not warnings: see `healthCheckFromProbe`.
   */
  readonly warnings: readonly Warning[];
  /** The definition's problems, reported at synth with every other construct's of the App (nothing is added then). */
  readonly synthProblems: SynthProblems;
  /** Whether `addOverride` was called on the stack: its overrides are merged unresolved, see `toTerraform`. */
  private overridden = false;

  constructor(scope: Construct, id: string, props: LoadBalancerStackProps) {
    super(scope, id);
    // The target groups as written (after any addOverride) against the plan the TargetGroupBindings follow, and
    // the names other stacks of the App use in the same AWS account and region.
    this.synthProblems = new SynthProblems(this, {
      atSynth: () => [...writtenTargetGroupProblems(this), ...acrossStackProblems(this)],
    });
    reportFromAspect(this);
    // Warnings go to cdktf's manifest without stack traces (absolute paths), so the output stays reproducible.
    this.node.setContext(DISABLE_STACK_TRACE_IN_METADATA, true);
    if (props?.provider ?? true) {
      new AwsProvider(this, 'aws', {
        region: props?.region,
        defaultTags: [{ tags: { 'managed-by': 'cdk-traffic', ...props?.tags } }],
      });
    }
    // The resources go directly into this stack (not under a child construct): the same paths as before
    // AppLoadBalancers existed, in problems, warnings and cdktf's manifest. Tags are the provider's here.
    let checked: CheckedLoadBalancers | undefined;
    this.synthProblems.build(() => {
      checked = checkLoadBalancers(this, this.node.path, { ...props, tags: undefined }, props?.tags);
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
  /**
   * cdktf's preparation before synth: the backend, then what resolving the tokens registers (a reference to another
   * stack's resource adds its output and remote state), resolving only the values that hold a token
   * (`prepareStackTokens`; cdktf resolves every value once more). With CDK Terrain, cdktn's own method.
   */
  override prepareStack(): void {
    if (!ONE_PASS_SYNTH) return super.prepareStack();
    this.ensureBackendExists();
    prepareStackTokens(this);
  }

  /** Records that the stack has overrides (see `toTerraform`), then adds the override as cdktf does. */
  override addOverride(path: string, value: unknown): void {
    this.overridden = true;
    super.addOverride(path, value);
  }

  /**
   * The stack's Terraform JSON (called by cdktf at synth): the same JSON as cdktf's own method, built with one
   * resolution pass less (`stackJson`). A stack with overrides, and CDK Terrain, use cdktf's (cdktn's) method.
   */
  override toTerraform(): Record<string, unknown> {
    if (this.overridden || !ONE_PASS_SYNTH) return super.toTerraform() as Record<string, unknown>;
    return stackJson(this);
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
    return (
      this.node.findAll().find(TerraformBackend.isBackend) ??
      new LocalBackend(this, { path: `../../../terraform.${this.node.id}.tfstate` })
    );
  }
}

/**
 * Terraform addresses of the Route 53 records: `a.example.com` and `a-example.com` would share
 * `aws_route53_record.dns_a_example_com`, and one record would be lost without a word.
 */
