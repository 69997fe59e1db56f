import { serviceAffinityCell } from '../traffic/layer-support';
import type { WorkloadSpec } from '../app-spec';
import type { ExposureSpec, IExposure } from './exposure';
import { uniquePorts } from '../dataplane/exposure-sources';
import { FrontSource, FrontTrait, traits } from './traits';
import { resolveLoadBalancerServiceCommon } from './load-balancer-service-common';
import type { ServicePortSpec } from '../workload/ports';
import type { PortRef } from '../workload/probe';
import { Problems } from '../problems';
import type { CloudLoadBalancerProps, CloudServiceContext } from './cloud';
import { GkeServiceSpec, resolveGkeService } from '../gcp/l4-service';
import { AksServiceSpec, resolveAksService } from '../azure/l4-service';
import { cloudServiceDefaults } from './implementation-defaults';

/** The `kind` of a resolved cloud-neutral LoadBalancer Service. */
export const CLOUD_LB_SERVICE_KIND = 'service-lb-cloud';

/** A Service of type LoadBalancer for any cloud's load balancer controller, with an optional typed cloud part. */
export interface CloudLoadBalancerServiceProps {
  /**
   * The Service's name (a separate Service, so the app's ClusterIP Service stays as it is).
   * @default `<service name>-lb`
   */
  readonly name?: string;
  /**
   * The app's Service ports (names or numbers) to expose.
   * @default every port of the app's Service
   */
  readonly ports?: readonly PortRef[];
  /**
   * The load balancer implementation (`spec.loadBalancerClass`), when the cluster has several.
   * @default none: the cloud provider's default load balancer
   */
  readonly loadBalancerClass?: string;
  /**
   * Client CIDRs allowed to connect (`spec.loadBalancerSourceRanges`); also the sources the network policy admits.
   * @default anywhere
   */
  readonly sourceRanges?: readonly string[];
  /**
   * `Local` keeps client addresses and sends only to pods on the receiving node.
   * @default Kubernetes' default ('Cluster'); not written
   */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /**
   * Whether node ports are allocated (false for load balancers that send to pod IPs).
   * @default Kubernetes' default (true); not written
   */
  readonly allocateLoadBalancerNodePorts?: boolean;
  /**
   * IP families of the Service's addresses.
   * @default the cluster's default; not written
   */
  readonly ipFamilies?: readonly ('IPv4' | 'IPv6')[];
  /**
   * @default Kubernetes' default ('SingleStack'); not written
   */
  readonly ipFamilyPolicy?: 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';
  /**
   * The cloud's part: `Cloud.gke({...})` or `Cloud.aks({...})` (typed annotations and health probes).
   * @default none: a plain LoadBalancer Service, no cloud annotation
   */
  readonly cloud?: CloudLoadBalancerProps;
  /** Extra labels. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations (the escape hatch): not those the typed cloud part writes.
   * @default none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A resolved cloud-neutral LoadBalancer Service. */
export interface CloudLoadBalancerServiceSpec extends ExposureSpec {
  readonly kind: typeof CLOUD_LB_SERVICE_KIND;
  readonly name: string;
  readonly ports: readonly ServicePortSpec[];
  readonly loadBalancerClass?: string;
  readonly sourceRanges: readonly string[];
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  readonly allocateLoadBalancerNodePorts?: boolean;
  readonly ipFamilies?: readonly ('IPv4' | 'IPv6')[];
  readonly ipFamilyPolicy?: 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';
  readonly cloud?: GkeServiceSpec | AksServiceSpec;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

const FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];

/**
 * Exposes the app through a plain Service of type LoadBalancer, served by the cluster's cloud provider
 * (GKE, AKS, any other), with the cloud's options typed:
 *
 * ```ts
 * LoadBalancerService.create({ sourceRanges: ['203.0.113.0/24'] })
 * LoadBalancerService.create({ cloud: Cloud.aks({ scheme: 'public', publicIpName: 'web-pip' }) })
 * ```
 * (For AWS use `LoadBalancerServiceExposure.nlb`, for Cilium LB IPAM `LbIpamService.create`.)
 */
export class LoadBalancerService implements IExposure {
  /**
   * A LoadBalancer Service in front of the app's pods.
   * @example
   * LoadBalancerService.create({ name: 'orders-internal', cloud: Cloud.aks({ scheme: 'internal' }) });
   */
  static create(props: CloudLoadBalancerServiceProps = {}): LoadBalancerService {
    return new LoadBalancerService(props);
  }

  readonly kind = CLOUD_LB_SERVICE_KIND;

  private constructor(
    /** The settings. */
    public readonly props: CloudLoadBalancerServiceProps,
  ) {}

  resolve(problems: Problems, field: string, workload: WorkloadSpec): CloudLoadBalancerServiceSpec {
    const o = this.props ?? {};
    const f = (n: string) => `${field}.${n}`;
    const {
      name,
      ports,
      sourceRanges,
      externalTrafficPolicy: etp,
    } = resolveLoadBalancerServiceCommon(problems, field, workload, o, 'lb');
    checkLoadBalancerClass(problems, f, o);
    const { families, policy } = resolveIpFamilies(problems, f, o);

    const why = `${field} LoadBalancer Service "${name}"`;
    const ctx: CloudServiceContext = {
      name,
      ports,
      portsField: f('ports'),
      externalTrafficPolicy: etp ?? 'Cluster',
      allocateLoadBalancerNodePorts: o.allocateLoadBalancerNodePorts,
      why,
    };
    const cloud = resolveCloud(problems, f, o, workload, ctx);
    // The escape hatch against the keys the typed `cloud` part writes: the renderer's check.
    const podPorts = uniquePorts(ports.map((sp) => ({ port: sp.target.port, protocol: sp.target.protocol })));
    const clients: FrontSource = {
      kind: 'peer',
      peer:
        sourceRanges.length > 0 ? { kind: 'cidrs', cidrs: sourceRanges } : { kind: 'entities', entities: ['world'] },
    };
    const fronts: FrontTrait[] = [
      { why, from: clients, ports: podPorts, healthChecks: [] },
      ...(etp !== 'Local'
        ? [
            {
              why: `${why}, forwarded by another node (externalTrafficPolicy Cluster)`,
              from: { kind: 'forwarding-nodes' } as const,
              ports: podPorts,
              healthChecks: [],
            },
          ]
        : []),
      ...(cloud?.fronts ?? []),
    ];
    const labels = { ...(o.labels ?? {}) };
    return {
      kind: CLOUD_LB_SERVICE_KIND,
      name,
      ports,
      ...(o.loadBalancerClass !== undefined ? { loadBalancerClass: o.loadBalancerClass } : {}),
      sourceRanges,
      ...(etp ? { externalTrafficPolicy: etp } : {}),
      ...(o.allocateLoadBalancerNodePorts !== undefined
        ? { allocateLoadBalancerNodePorts: o.allocateLoadBalancerNodePorts }
        : {}),
      ...(families ? { ipFamilies: families } : {}),
      ...(policy ? { ipFamilyPolicy: policy } : {}),
      ...(cloud ? { cloud } : {}),
      labels,
      annotations: { ...(o.annotations ?? {}) },
      traits: traits({
        label: `LoadBalancer Service "${name}"${cloud ? ` (${cloud.label})` : ''}`,
        implementationDefaults: cloudServiceDefaults(cloud?.cloud),
        // Without a cloud part, the cloud's default LoadBalancer Service: a public address.
        reach: cloud?.reach ?? 'internet',
        hosts: [],
        loadBalancerTargetsPods: cloud !== undefined,
        objects: [
          {
            kind: 'Service',
            namespace: workload.namespace,
            name,
            field: f('name'),
            fix: 'give the exposure its own `name`',
          },
        ],
        loadBalancerService: { name, labels },
        support: { stickiness: serviceAffinityCell(`LoadBalancer Service "${name}"`) },
        fronts,
        settings: cloud?.settings ?? [],
        notes: cloud?.notes ?? [],
      }),
    };
  }
}

/** The load balancer class (not the AWS or Cilium classes other exposures configure) and node port allocation. */
function checkLoadBalancerClass(problems: Problems, f: (n: string) => string, o: CloudLoadBalancerServiceProps): void {
  if (o.loadBalancerClass !== undefined) {
    if (
      typeof o.loadBalancerClass !== 'string' ||
      !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(
        o.loadBalancerClass,
      )
    ) {
      problems.add(
        f('loadBalancerClass'),
        o.loadBalancerClass,
        'must be a domain-prefixed name (e.g. "example.com/internal-vip")',
        'use the class your load balancer controller serves, or leave it out',
      );
    } else if (o.loadBalancerClass === 'service.k8s.aws/nlb') {
      problems.add(
        f('loadBalancerClass'),
        o.loadBalancerClass,
        "is the AWS Load Balancer Controller's class, whose NLB this exposure does not configure",
        'use LoadBalancerServiceExposure.nlb({...}) for an AWS NLB',
      );
    } else if (o.loadBalancerClass.startsWith('io.cilium/')) {
      problems.add(
        f('loadBalancerClass'),
        o.loadBalancerClass,
        'is a Cilium announcer class',
        'use LbIpamService.create({ loadBalancerClass }) for Cilium LB IPAM',
      );
    }
  }
  if (o.allocateLoadBalancerNodePorts !== undefined && typeof o.allocateLoadBalancerNodePorts !== 'boolean')
    problems.add(
      f('allocateLoadBalancerNodePorts'),
      o.allocateLoadBalancerNodePorts,
      'must be true or false',
      'leave it out (node ports are allocated)',
    );
}

/** The IP families and their policy (two families need a dual-stack policy). */
function resolveIpFamilies(problems: Problems, f: (n: string) => string, o: CloudLoadBalancerServiceProps) {
  const families = o.ipFamilies === undefined ? undefined : [...o.ipFamilies];
  if (families !== undefined) {
    if (
      families.length < 1 ||
      families.length > 2 ||
      new Set(families).size !== families.length ||
      families.some((x) => x !== 'IPv4' && x !== 'IPv6')
    ) {
      problems.add(
        f('ipFamilies'),
        o.ipFamilies,
        "must be one or two distinct families of 'IPv4' and 'IPv6'",
        "use ['IPv4'], ['IPv6'] or ['IPv4', 'IPv6']",
      );
    }
  }
  const policy = o.ipFamilyPolicy;
  if (policy !== undefined && !FAMILY_POLICIES.includes(policy))
    problems.add(
      f('ipFamilyPolicy'),
      policy,
      `must be one of ${FAMILY_POLICIES.join(', ')}`,
      "use 'PreferDualStack' for dual-stack where the cluster has it",
    );
  if (families?.length === 2 && (policy ?? 'SingleStack') === 'SingleStack') {
    problems.add(
      f('ipFamilyPolicy'),
      policy,
      'two IP families need a dual-stack policy (Kubernetes rejects two families with SingleStack)',
      "set ipFamilyPolicy 'PreferDualStack' or 'RequireDualStack'",
    );
  }
  return { families, policy };
}

/** The cloud's part (GKE or AKS), or none for a plain Service. */
function resolveCloud(
  problems: Problems,
  f: (n: string) => string,
  o: CloudLoadBalancerServiceProps,
  workload: WorkloadSpec,
  ctx: CloudServiceContext,
): GkeServiceSpec | AksServiceSpec | undefined {
  let cloud: GkeServiceSpec | AksServiceSpec | undefined;
  const c = o.cloud;
  if (c !== undefined) {
    if (c.cloud === 'gke') cloud = resolveGkeService(problems, f('cloud'), c.gke ?? {}, workload, ctx);
    else if (c.cloud === 'aks') cloud = resolveAksService(problems, f('cloud'), c.aks ?? {}, workload, ctx);
    else
      problems.add(
        f('cloud'),
        (c as { cloud?: unknown }).cloud,
        'is not a cloud this exposure knows',
        'use Cloud.gke({...}) or Cloud.aks({...}), or leave `cloud` out for a plain Service',
      );
  }
  return cloud;
}
