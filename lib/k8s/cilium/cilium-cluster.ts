import { Construct } from 'constructs';
import { CiliumClusterDefinition, CiliumClusterSpec, resolveCiliumCluster } from '../../model/cilium/cluster-spec';
import { Problems } from '../../model/problems';
import { CiliumBgp } from './cilium-bgp';
import { AppCiliumNetworkPolicy, hasL7Rules } from './cilium-network-policy';
import { CiliumValues } from './cilium-values';
import { L2AnnouncementPolicy } from './l2-announcement-policy';
import { LoadBalancerIpPool } from './load-balancer-ip-pool';

/** Props of `CiliumCluster`: the cluster's Cilium settings, pools and announcements. */
export interface CiliumClusterConstructProps extends CiliumClusterDefinition {
  /**
   * Name of the Helm values file written into the output folder by `writeCiliumValues(app)`.
   * @default 'cilium-values.yaml'
   */
  readonly valuesFileName?: string;
}

/**
 * A cluster's Cilium setup, in one construct so settings and objects are checked together: the Helm
 * values (`CiliumValues`, written by `writeCiliumValues(app)` after `app.synth()`), the LB IPAM pools,
 * L2 announcement policies and BGP objects (rendered into the enclosing Chart). Every problem of the
 * definition is reported at once, as a `DefinitionError` carrying this construct's path.
 */
export class CiliumCluster extends Construct {
  /** The validated setup. */
  readonly spec: CiliumClusterSpec;
  /** The Helm values construct. */
  readonly values: CiliumValues;
  /** The pools, in declaration order. */
  readonly pools: LoadBalancerIpPool[];
  /** The L2 announcement policies, in declaration order. */
  readonly l2Policies: L2AnnouncementPolicy[];
  /** The BGP objects, when `bgp` is set. */
  readonly bgp?: CiliumBgp;

  constructor(scope: Construct, id: string, props: CiliumClusterConstructProps) {
    super(scope, id);
    const problems = new Problems();
    this.spec = resolveCiliumCluster(props, problems);
    problems.throwIfAny(this.node.path);
    this.values = new CiliumValues(this, 'Values', { values: this.spec.values, fileName: props.valuesFileName });
    this.pools = this.spec.pools.map((pool) => new LoadBalancerIpPool(this, `Pool-${pool.name}`, { pool }));
    this.l2Policies = this.spec.l2Policies.map((policy) => new L2AnnouncementPolicy(this, `L2-${policy.name}`, { policy }));
    if (this.spec.bgp) this.bgp = new CiliumBgp(this, 'Bgp', { bgp: this.spec.bgp });
    const envoyIdle = this.spec.values.envoy?.streamIdleTimeoutDurationSeconds;
    if (envoyIdle !== undefined) {
      // Apps of the same cdk8s App whose L7 rules route them through this cluster's Envoy (checked at synth,
      // when every chart exists).
      this.node.addValidation({ validate: () => envoyStreamProblems(this, envoyIdle, props).lines() });
    }
  }
}

/** Apps whose streams may stay silent longer than Envoy's stream idle timeout, which would cut them. */
function envoyStreamProblems(cluster: CiliumCluster, envoyIdle: number, props: CiliumClusterConstructProps): Problems {
  const problems = new Problems();
  const policies = cluster.node.root.node.findAll()
    .filter((c): c is AppCiliumNetworkPolicy => c instanceof AppCiliumNetworkPolicy)
    .filter((p) => p.streamIdleSeconds !== undefined && p.streamIdleSeconds > envoyIdle && hasL7Rules(p.policy));
  if (policies.length === 0) return problems;
  const longest = Math.max(...policies.map((p) => p.streamIdleSeconds ?? 0));
  const apps = policies.map((p) => `${p.policy.namespace}/${p.policy.name} (${p.node.scope?.node.path}, ${p.streamIdleSeconds} s)`).join(', ');
  problems.add(
    'envoy.streamIdleTimeout',
    props.envoy?.streamIdleTimeout,
    `lets Envoy cut an HTTP stream after ${envoyIdle} s without activity, but the L7 rules of ${apps} send their traffic through Envoy and their idle timeout allows longer silences`,
    `set envoy: { streamIdleTimeout: Duration.seconds(${longest}) } or more on this CiliumCluster, or shorten the apps' traffic.idleTimeout / maxStreamDuration to ${envoyIdle} s`,
  );
  return problems;
}
