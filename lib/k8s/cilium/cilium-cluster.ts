import { Construct } from 'constructs';
import { checkInput } from '../../model/input/check-input';
import { CiliumClusterDefinition, CiliumClusterSpec, resolveCiliumCluster } from '../../model/cilium/cluster-spec';
import type { AppSpec } from '../../model/app-spec';
import { CILIUM_CLASS } from '../../model/dataplane/exposure-sources';
import { CILIUM_SERVICE_ANNOTATIONS } from '../dataplane/cilium-service-annotations';
import { appsInCharts } from '../chart-apps';
import { Problems } from '../../model/problems';
import { SynthProblems } from '../../synth/synth-problems';
import { TrafficTargets } from '../../synth/traffic-targets';
import { chartOfTarget } from '../../model/cilium/chart-versions';
import { CHART_HTTP_RETRY_COUNT } from '../../model/cilium/resolve-values';
import { CiliumBgp } from './cilium-bgp';
import { AppCiliumNetworkPolicy, hasL7Rules } from '../dataplane/cilium-network-policy';
import { CiliumValues } from './cilium-values';
import { L2AnnouncementPolicy } from './l2-announcement-policy';
import { LoadBalancerIpPool } from './load-balancer-ip-pool';

/** Props of `CiliumCluster`: the cluster's Cilium settings, pools and announcements. */
export interface CiliumClusterConstructProps extends CiliumClusterDefinition {
  /**
   * Name of the Helm values file written into the `helm/` subfolder of the output folder by `writeCiliumValues(app)`.
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
  readonly values!: CiliumValues;
  /** The pools, in declaration order. */
  readonly pools: LoadBalancerIpPool[];
  /** The L2 announcement policies, in declaration order. */
  readonly l2Policies: L2AnnouncementPolicy[];
  /** The BGP objects, when `bgp` is set. */
  readonly bgp?: CiliumBgp;
  /** The definition's problems and those found at synth, reported with every other construct's of the App. */
  readonly synthProblems: SynthProblems;

  constructor(scope: Construct, id: string, input: CiliumClusterConstructProps) {
    super(scope, id);
    const path = this.node.path;
    this.synthProblems = new SynthProblems(this, {
      // Services and apps of the same cdk8s App: per-Service settings, Cilium as an Ingress or Gateway
      // implementation, streams longer than Envoy's idle timeout.
      atSynth: () =>
        [
          perServiceProblems(this, props),
          ciliumClassProblems(this),
          ...(envoyIdle === undefined ? [] : [envoyStreamProblems(this, envoyIdle, props), envoyRetryProblems(this)]),
        ].flatMap((p) => p.items.map((x) => ({ ...x, path }))),
    });
    const problems = new Problems();
    // The definition's shape (the file name is this construct's own prop).
    const { valuesFileName, ...definition } = (input ?? {}) as CiliumClusterConstructProps;
    const props: CiliumClusterConstructProps = {
      ...checkInput<CiliumClusterDefinition>(
        problems,
        '',
        input === null || typeof input !== 'object' ? input : definition,
        'CiliumClusterDefinition',
      ),
    };
    if (valuesFileName !== undefined) {
      if (typeof valuesFileName === 'string' && /^[A-Za-z0-9._-]+\.ya?ml$/.test(valuesFileName))
        Object.assign(props, { valuesFileName });
      else
        problems.add(
          'valuesFileName',
          valuesFileName,
          'must be a file name ending in .yaml',
          'use e.g. "cilium-values.yaml"',
        );
    }
    const targetChart = chartOfTarget(problems, props.chartVersion, TrafficTargets.of(this, problems).versions.cilium);
    if (targetChart) Object.assign(props, { chartVersion: targetChart });
    const inputProblems = problems.size;
    this.spec = resolveCiliumCluster(props, problems);
    problems.dropRepeatsOfFirst(inputProblems);
    const envoyIdle = this.spec.values?.envoy?.streamIdleTimeoutDurationSeconds;
    if (!this.synthProblems.build(() => problems.throwIfAny(path))) {
      this.pools = [];
      this.l2Policies = [];
      return;
    }
    this.values = new CiliumValues(this, 'Values', {
      values: this.spec.values,
      chartVersion: this.spec.chartVersion,
      notes: this.spec.chartNotes,
      fileName: props.valuesFileName,
    });
    this.pools = this.spec.pools.map((pool) => new LoadBalancerIpPool(this, `Pool-${pool.name}`, { pool }));
    this.l2Policies = this.spec.l2Policies.map(
      (policy) => new L2AnnouncementPolicy(this, `L2-${policy.name}`, { policy }),
    );
    if (this.spec.bgp) this.bgp = new CiliumBgp(this, 'Bgp', { bgp: this.spec.bgp });
  }
}

/** The stream idle timeout a policy's app needs of Envoy: its longest silence, or what it declares the cluster sets. */
const needs = (p: AppCiliumNetworkPolicy): number =>
  Math.max(p.streamIdleSeconds ?? 0, p.declaredEnvoyStreamIdleSeconds ?? 0);

/**
 * Apps whose streams may stay silent longer than Envoy's stream idle timeout, which would cut them, or that declare
 * the cluster gives Envoy a longer one than this cluster does (`dataplane.proxy.streamIdleTimeout`).
 */
function envoyStreamProblems(cluster: CiliumCluster, envoyIdle: number, props: CiliumClusterConstructProps): Problems {
  const problems = new Problems();
  const policies = cluster.node.root.node
    .findAll()
    .filter((c): c is AppCiliumNetworkPolicy => c instanceof AppCiliumNetworkPolicy)
    .filter((p) => needs(p) > envoyIdle && hasL7Rules(p.policy));
  if (policies.length === 0) return problems;
  const longest = Math.max(...policies.map(needs));
  const apps = policies
    .map(
      (p) =>
        `${p.policy.namespace}/${p.policy.name} (${p.node.scope?.node.path}, ${needs(p)} s${(p.declaredEnvoyStreamIdleSeconds ?? 0) >= (p.streamIdleSeconds ?? 0) ? ' declared in dataplane.proxy.streamIdleTimeout' : ''})`,
    )
    .join(', ');
  problems.add(
    'envoy.streamIdleTimeout',
    props.envoy?.streamIdleTimeout,
    `lets Envoy cut an HTTP stream after ${envoyIdle} s without activity, but the L7 rules of ${apps} send their traffic through Envoy and their idle timeout allows longer silences (or they declare a longer one of the cluster)`,
    `set envoy: { streamIdleTimeout: Duration.seconds(${longest}) } or more on this CiliumCluster, or shorten the apps' traffic.idleTimeout / maxStreamDuration (and dataplane.proxy.streamIdleTimeout) to ${envoyIdle} s`,
  );
  return problems;
}

/** Apps that declare another count of Envoy's own retries (`dataplane.proxy.retries`) than this cluster's. */
function envoyRetryProblems(cluster: CiliumCluster): Problems {
  const problems = new Problems();
  const set = cluster.spec.values.envoy?.httpRetryCount;
  const count = set ?? CHART_HTTP_RETRY_COUNT;
  const apps = cluster.node.root.node
    .findAll()
    .filter((c): c is AppCiliumNetworkPolicy => c instanceof AppCiliumNetworkPolicy)
    .filter((p) => p.declaredEnvoyRetries !== undefined && p.declaredEnvoyRetries !== count && hasL7Rules(p.policy));
  if (apps.length === 0) return problems;
  const names = apps
    .map((p) => `${p.policy.namespace}/${p.policy.name} (${p.node.scope?.node.path}, ${p.declaredEnvoyRetries})`)
    .join(', ');
  problems.add(
    'envoy.httpRetryCount',
    set,
    `lets Envoy retry a failed request ${count} more time(s), but the apps ${names} declare another count in dataplane.proxy.retries`,
    `set envoy: { httpRetryCount: ${apps[0].declaredEnvoyRetries} } on this CiliumCluster, or change the apps' dataplane.proxy.retries to ${count}`,
  );
  return problems;
}

/**
 * Apps whose LoadBalancer Services carry `service.cilium.io/lb-algorithm` or `forwarding-mode` while the
 * cluster leaves the per-Service setting off: Cilium would ignore the annotation without a word.
 */
function perServiceProblems(cluster: CiliumCluster, props: CiliumClusterConstructProps): Problems {
  const problems = new Problems();
  const bpf = cluster.spec.values.bpf ?? {};
  const apps = appsOf(cluster);
  const checks = [
    {
      key: CILIUM_SERVICE_ANNOTATIONS.lbAlgorithm,
      on: bpf.lbAlgorithmAnnotation,
      prop: 'perServiceAlgorithm',
      option: 'lbAlgorithm' as const,
    },
    {
      key: CILIUM_SERVICE_ANNOTATIONS.forwardingMode,
      on: bpf.lbModeAnnotation,
      prop: 'perServiceMode',
      option: 'forwardingMode' as const,
    },
  ];
  for (const c of checks) {
    if (c.on) continue;
    const users = apps.filter((a) => a.dataplane?.service[c.option] !== undefined);
    if (users.length === 0) continue;
    problems.add(
      `loadBalancer.${c.prop}`,
      (props.loadBalancer as Record<string, unknown> | undefined)?.[c.prop],
      `is off, so Cilium ignores the ${c.key} annotation that ${users.map((a) => `${a.namespace}/${a.name}`).join(', ')} set${users.length === 1 ? 's' : ''} (dataplane.service.${c.option})`,
      `set loadBalancer: { ${c.prop}: true } on this CiliumCluster, or remove \`${c.option}\` from the apps' Dataplane.cilium({ service })`,
    );
  }
  return problems;
}

/** The resolved apps of the TrafficCharts in the cluster's cdk8s App (`instanceof` would accept any cdk8s Chart). */
function appsOf(cluster: CiliumCluster): AppSpec[] {
  return appsInCharts(cluster);
}

/** Ingresses of class `cilium` and Gateways of GatewayClass `cilium` while the cluster leaves that part of Cilium off. */
function ciliumClassProblems(cluster: CiliumCluster): Problems {
  const problems = new Problems();
  const v = cluster.spec.values;
  const ingress: string[] = [];
  const gateways: string[] = [];
  for (const a of appsOf(cluster)) {
    a.exposures.forEach((e, i) => {
      const where = `${a.namespace}/${a.name} expose[${i}]`;
      for (const f of e.traits.fronts) {
        if (f.from.kind !== 'proxy' || f.from.className !== CILIUM_CLASS) continue;
        (f.from.classKind === 'IngressClass' ? ingress : gateways).push(where);
      }
    });
  }
  if (ingress.length > 0 && !v.ingressController.enabled) {
    problems.add(
      'ingressController.enabled',
      false,
      `is off, but ${ingress.join(', ')} use${ingress.length === 1 ? 's' : ''} IngressClass "cilium": nothing would serve ${ingress.length === 1 ? 'it' : 'them'}`,
      'set ingressController: { enabled: true } on this CiliumCluster, or give the Ingress another class',
    );
  }
  if (gateways.length > 0 && !v.gatewayAPI.enabled) {
    problems.add(
      'gatewayApi',
      false,
      `is off, but ${gateways.join(', ')} create${gateways.length === 1 ? 's' : ''} a Gateway of GatewayClass "cilium": nothing would program ${gateways.length === 1 ? 'it' : 'them'}`,
      'set gatewayApi: true on this CiliumCluster (with the Gateway API CRDs installed), or use another GatewayClass',
    );
  }
  return problems;
}
