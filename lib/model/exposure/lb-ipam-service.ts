import { serviceAffinityCell } from '../traffic/layer-support';
import type { WorkloadSpec } from '../app-spec';
import type { ExposureSpec, IExposure } from './exposure';
import { uniquePorts } from '../dataplane/exposure-sources';
import { FrontSource, traits } from './traits';
import { resolveLoadBalancerServiceCommon } from './load-balancer-service-common';
import type { ServicePortSpec } from '../workload/ports';
import type { PortRef } from '../workload/probe';
import { Problems } from '../problems';
import { IMPLEMENTATION_DEFAULTS } from './implementation-defaults';

/** The `kind` of a resolved LB IPAM Service exposure. */
export const LB_IPAM_SERVICE_KIND = 'service-lb-ipam';

/** A Service of type LoadBalancer whose address comes from Cilium LB IPAM (off-cloud: bare metal, on-premises). */
export interface LbIpamServiceProps {
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
   * Which Cilium announcer serves the Service (`spec.loadBalancerClass`).
   * @default none: LB IPAM assigns an address and every enabled announcer (L2 or BGP) may announce it
   */
  readonly loadBalancerClass?: 'io.cilium/l2-announcer' | 'io.cilium/bgp-control-plane';
  /**
   * Client CIDRs allowed to connect (`spec.loadBalancerSourceRanges`, enforced by Cilium); also the sources the network policy allows.
   * @default anywhere
   */
  readonly sourceRanges?: readonly string[];
  /**
   * `Local` sends external traffic only to pods on the announcing node and keeps client addresses under SNAT.
   * @default Kubernetes' default ('Cluster'); not written
   */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /**
   * Extra labels (match them with a pool's `serviceSelector`).
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations. Cilium's own (`lbipam.cilium.io/*`, `service.cilium.io/*`) come from `Dataplane.cilium({ service })`.
   * @default none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A resolved LB IPAM Service. */
export interface LbIpamServiceSpec extends ExposureSpec {
  readonly kind: typeof LB_IPAM_SERVICE_KIND;
  readonly name: string;
  readonly ports: readonly ServicePortSpec[];
  readonly loadBalancerClass?: string;
  readonly sourceRanges: readonly string[];
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/**
 * Exposes the app through a Service of type LoadBalancer that Cilium serves: LB IPAM assigns the address
 * from a `CiliumLoadBalancerIPPool`, L2 announcements or BGP make it reachable, the eBPF load balancer
 * (Maglev, DSR) forwards it. Pin the address with `Dataplane.cilium({ service: { ips: [...] } })`.
 *
 * ```ts
 * expose: [LbIpamService.create({ labels: { 'lb.example.com/pool': 'public' } })],
 * dataplane: Dataplane.cilium({ service: { ips: ['192.168.10.240'] } }),
 * ```
 */
export class LbIpamService implements IExposure {
  /**
   * A LoadBalancer Service served by Cilium LB IPAM.
   * @example
   * LbIpamService.create({ labels: { pool: 'public' }, externalTrafficPolicy: 'Cluster' });
   */
  static create(props: LbIpamServiceProps = {}): LbIpamService {
    return new LbIpamService(props);
  }

  readonly kind = LB_IPAM_SERVICE_KIND;

  private constructor(
    /** The settings. */
    public readonly props: LbIpamServiceProps,
  ) {}

  resolve(problems: Problems, field: string, workload: WorkloadSpec): LbIpamServiceSpec {
    const o = this.props;
    const f = (n: string) => `${field}.${n}`;
    const {
      name,
      ports,
      sourceRanges,
      externalTrafficPolicy: etp,
    } = resolveLoadBalancerServiceCommon(problems, field, workload, o, 'lb');
    // Cilium's own keys (`lbipam.cilium.io/`, `service.cilium.io/`) are refused by the renderer, which writes them.
    if (
      o.loadBalancerClass !== undefined &&
      !['io.cilium/l2-announcer', 'io.cilium/bgp-control-plane'].includes(o.loadBalancerClass)
    ) {
      problems.add(
        f('loadBalancerClass'),
        o.loadBalancerClass,
        'is not a load balancer class Cilium serves',
        "use 'io.cilium/l2-announcer' or 'io.cilium/bgp-control-plane', or leave it out",
      );
    }
    // Client addresses arrive as they are when the node that receives the request runs the chosen backend. With
    // externalTrafficPolicy Cluster the node may forward it to another node instead, and in native routing Cilium
    // then gives it the remote-node identity (Cilium's policy caveat "Security Identity for N/S Service Traffic").
    const why = `${field} LoadBalancer Service "${name}"`;
    const podPorts = uniquePorts(ports.map((sp) => ({ port: sp.target.port, protocol: sp.target.protocol })));
    const clients: FrontSource = {
      kind: 'peer',
      peer:
        sourceRanges.length > 0 ? { kind: 'cidrs', cidrs: sourceRanges } : { kind: 'entities', entities: ['world'] },
    };
    return {
      kind: LB_IPAM_SERVICE_KIND,
      name,
      ports,
      ...(o.loadBalancerClass ? { loadBalancerClass: o.loadBalancerClass } : {}),
      sourceRanges,
      ...(etp ? { externalTrafficPolicy: etp } : {}),
      labels: { ...(o.labels ?? {}) },
      annotations: { ...(o.annotations ?? {}) },
      traits: traits({
        label: `LoadBalancer Service "${name}" (Cilium LB IPAM)`,
        implementationDefaults: IMPLEMENTATION_DEFAULTS.ciliumLbIpam,
        // An address of the cluster's LB IPAM pools, announced on the local network (L2) or to its routers (BGP).
        reach: 'internal',
        hosts: [],
        requires: [{ name: 'Cilium (Helm chart cilium/cilium)', why: 'LB IPAM', target: 'cilium' }],
        support: { stickiness: serviceAffinityCell(`LoadBalancer Service "${name}"`) },
        objects: [
          {
            kind: 'Service',
            namespace: workload.namespace,
            name,
            field: `${field}.name`,
            fix: 'give the exposure its own `name`',
          },
        ],
        loadBalancerService: { name, labels: { ...(o.labels ?? {}) } },
        fronts: [
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
        ],
      }),
    };
  }
}
