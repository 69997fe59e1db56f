import { Duration } from 'cdk8s';
import type { WorkloadSpec } from '../app-spec';
import type { Problems } from '../problems';
import type { CloudServiceContext, CloudServicePart } from '../exposure/cloud';
import type { FrontTrait } from '../exposure/traits';
import { servicePortsTargeting } from '../workload/port-resolution';
import { AzureProbeSpec, azureProbeFront, azureProbeFromReadiness } from './health-probe';

/** The Azure Load Balancer's TCP idle timeout range, in minutes (cloud-provider-azure: default and minimum 4, maximum 100). */
export const AZURE_TCP_IDLE_TIMEOUT_MINUTES = { min: 4, max: 100 } as const;

/** AKS's part of a LoadBalancer Service: an Azure Load Balancer (standard SKU). */
export interface AksServiceProps {
  /**
   * `internal`: a private frontend IP in the cluster's virtual network (`azure-load-balancer-internal`);
   * `public`: a public IP.
   * @default 'internal'
   */
  readonly scheme?: 'internal' | 'public';
  /**
   * Internal only: the subnet of the frontend IP.
   * @default the subnet of the cloud configuration
   */
  readonly internalSubnet?: string;
  /**
   * Public only: an existing public IP resource (`azure-pip-name`), so the address outlives the Service.
   * @default a public IP created with the load balancer
   */
  readonly publicIpName?: string;
  /**
   * TCP idle timeout (whole minutes, 4-100).
   * @default the app's `traffic.idleTimeout` rounded up to minutes, at least 4
   * @see https://cloud-provider-azure.sigs.k8s.io/topics/loadbalancer/#loadbalancer-annotations (`service.beta.kubernetes.io/azure-load-balancer-tcp-idle-timeout`, 4-100 minutes)
   */
  readonly idleTimeout?: Duration;
  /**
   * Derive the health probe of each port from the readiness probe (per-port `health-probe_*` annotations).
   * False leaves the cloud provider's default (TCP, or HTTP `/` with an `appProtocol`).
   * @default true
   */
  readonly healthProbeFromReadiness?: boolean;
}

/** One port's health probe (per-port annotations). */
export interface AksPortProbeSpec {
  /** The Service port the annotations are keyed by. */
  readonly servicePort: number;
  readonly protocol: 'Http' | 'Https' | 'Tcp';
  readonly requestPath?: string;
  /** The Service port whose node port the probe checks, when it is not this port's own. */
  readonly probePort?: number;
  readonly intervalSeconds: number;
  readonly numOfProbe: number;
}

/** A resolved AKS part. */
export interface AksServiceSpec extends CloudServicePart {
  readonly cloud: 'aks';
  readonly internal: boolean;
  readonly internalSubnet?: string;
  readonly publicIpName?: string;
  readonly tcpIdleTimeoutMinutes: number;
  /** The derived probe; undefined when not derived. */
  readonly probe?: AzureProbeSpec;
  /** Per-port probes (empty with `Local`: the load balancer probes kube-proxy's health check node port). */
  readonly portProbes: readonly AksPortProbeSpec[];
}

/**
 * Resolves AKS's part. The Azure Load Balancer probes the nodes: with `externalTrafficPolicy: Cluster` through
 * each port's node port (to the pods, so the probe is derived from the readiness probe: protocol, path,
 * interval, failures, and the port that serves it); with `Local` through kube-proxy's health check node port,
 * which counts the node's ready pods (cloud-provider-azure ignores probe paths then, so none is written).
 */
export function resolveAksService(
  problems: Problems,
  field: string,
  o: AksServiceProps,
  w: WorkloadSpec,
  ctx: CloudServiceContext,
): AksServiceSpec {
  const f = (n: string) => `${field}.${n}`;
  const scheme = o.scheme ?? 'internal';
  if (scheme !== 'internal' && scheme !== 'public')
    problems.add(
      f('scheme'),
      o.scheme,
      "must be 'internal' or 'public'",
      "use 'public' for a load balancer reachable from the internet",
    );
  const internal = scheme !== 'public';
  checkAzureNames(problems, f, o, internal);
  if (ctx.allocateLoadBalancerNodePorts === false) {
    problems.add(
      f('allocateLoadBalancerNodePorts'),
      false,
      "the Azure Load Balancer sends to and probes the nodes' node ports",
      'leave `allocateLoadBalancerNodePorts` out',
    );
  }
  const notes: { id: string; field: string; message: string }[] = [];
  const tcpIdleTimeoutMinutes = aksIdleTimeout(problems, f, o, w, notes);
  ctx.ports.forEach((p, i) => {
    if (p.protocol === 'SCTP' && !internal)
      problems.add(
        `${ctx.portsField}[${i}]`,
        p.port,
        'SCTP Services are supported on internal load balancers only',
        "use scheme 'internal' or expose TCP/UDP ports",
      );
  });

  const { probe, portProbes, fronts } = aksProbes(problems, field, o, w, ctx, notes);
  return {
    cloud: 'aks',
    internal,
    ...(o.internalSubnet !== undefined ? { internalSubnet: o.internalSubnet } : {}),
    ...(o.publicIpName !== undefined ? { publicIpName: o.publicIpName } : {}),
    tcpIdleTimeoutMinutes,
    ...(probe ? { probe } : {}),
    portProbes,
    label: `Azure ${internal ? 'internal' : 'public'} Load Balancer`,
    reach: internal ? 'internal' : 'internet',
    fronts,
    settings: ctx.ports.some((p) => p.protocol === 'TCP')
      ? [{ field: `${field}.idleTimeout`, name: 'idleTimeoutSeconds', value: tcpIdleTimeoutMinutes * 60 }]
      : [],
    notes,
  };
}

/** The internal subnet and public IP names, each on its scheme only. */
function checkAzureNames(problems: Problems, f: (n: string) => string, o: AksServiceProps, internal: boolean): void {
  if (o.internalSubnet !== undefined) {
    if (!internal)
      problems.add(
        f('internalSubnet'),
        o.internalSubnet,
        'applies to internal load balancers only',
        "remove `internalSubnet` or use scheme 'internal'",
      );
    if (!/^[A-Za-z0-9]([A-Za-z0-9._-]{0,78}[A-Za-z0-9_])?$/.test(o.internalSubnet))
      problems.add(
        f('internalSubnet'),
        o.internalSubnet,
        'is not an Azure subnet name (1-80 letters, digits, ".", "-", "_")',
        'use the subnet name, e.g. "aks-ilb"',
      );
  }
  if (o.publicIpName !== undefined) {
    if (internal)
      problems.add(
        f('publicIpName'),
        o.publicIpName,
        'applies to public load balancers only',
        "remove `publicIpName` or use scheme 'public'",
      );
    if (!/^[A-Za-z0-9]([A-Za-z0-9._-]{0,78}[A-Za-z0-9_])?$/.test(o.publicIpName))
      problems.add(
        f('publicIpName'),
        o.publicIpName,
        'is not an Azure public IP name (1-80 letters, digits, ".", "-", "_")',
        'use the public IP resource name, e.g. "web-pip"',
      );
  }
}

/** The TCP idle timeout in whole minutes: given, or from the traffic policy (a note when it differs). */
function aksIdleTimeout(
  problems: Problems,
  f: (n: string) => string,
  o: AksServiceProps,
  w: WorkloadSpec,
  notes: { id: string; field: string; message: string }[],
): number {
  const r = AZURE_TCP_IDLE_TIMEOUT_MINUTES;
  let tcpIdleTimeoutMinutes: number;
  if (o.idleTimeout !== undefined) {
    let seconds: number | undefined;
    try {
      seconds = o.idleTimeout.toSeconds();
    } catch {
      seconds = undefined;
    }
    const minutes = seconds === undefined ? undefined : seconds / 60;
    if (minutes === undefined || !Number.isInteger(minutes) || minutes < r.min || minutes > r.max) {
      problems.add(
        f('idleTimeout'),
        o.idleTimeout,
        `must be a whole number of minutes from ${r.min} to ${r.max} (the Azure Load Balancer range)`,
        `use Duration.minutes(n) with n from ${r.min} to ${r.max}`,
      );
      tcpIdleTimeoutMinutes = r.min;
    } else tcpIdleTimeoutMinutes = minutes;
  } else {
    const wanted = Math.ceil(w.traffic.idleTimeoutSeconds / 60);
    tcpIdleTimeoutMinutes = Math.min(Math.max(wanted, r.min), r.max);
    if (wanted * 60 !== w.traffic.idleTimeoutSeconds || wanted < r.min) {
      notes.push({
        id: 'CT-AZURE-105',
        field: 'traffic.idleTimeout',
        message: `the Azure Load Balancer TCP idle timeout is ${tcpIdleTimeoutMinutes} min (whole minutes, at least ${r.min}), not the policy's ${w.traffic.idleTimeoutSeconds}s`,
      });
    }
  }
  return tcpIdleTimeoutMinutes;
}

/** The probes of the Service's ports, derived from the readiness probe with `externalTrafficPolicy: Cluster`. */
function aksProbes(
  problems: Problems,
  field: string,
  o: AksServiceProps,
  w: WorkloadSpec,
  ctx: CloudServiceContext,
  notes: { id: string; field: string; message: string }[],
): { probe?: AzureProbeSpec; portProbes: AksPortProbeSpec[]; fronts: FrontTrait[] } {
  const f = (n: string) => `${field}.${n}`;
  const derive = o.healthProbeFromReadiness !== false;
  const fronts: FrontTrait[] = [];
  const portProbes: AksPortProbeSpec[] = [];
  let probe: AzureProbeSpec | undefined;
  if (derive && ctx.externalTrafficPolicy === 'Cluster') {
    probe = azureProbeFromReadiness(problems, f('healthProbeFromReadiness'), w, 'load-balancer');
    notes.push(...probe.notes);
    const behind = servicePortsTargeting(ctx.ports, { port: probe.port, protocol: 'TCP' })[0];
    const tcpPorts = ctx.ports.filter((sp) => sp.protocol === 'TCP');
    if (!behind && tcpPorts.length > 0) {
      problems.add(
        'readiness.port',
        probe.port,
        `the readiness probe's port ${probe.port} is behind none of the exposed Service ports, so the Azure Load Balancer cannot probe it (it probes through node ports)`,
        'probe a port the Service exposes, or set `healthProbeFromReadiness: false`',
      );
    }
    for (const sp of tcpPorts) {
      portProbes.push({
        servicePort: sp.port,
        protocol: probe.protocol === 'Grpc' ? 'Tcp' : probe.protocol,
        ...(probe.path !== undefined && probe.protocol !== 'Tcp' ? { requestPath: probe.path } : {}),
        ...(behind && behind.port !== sp.port ? { probePort: behind.port } : {}),
        intervalSeconds: probe.intervalSeconds,
        numOfProbe: probe.unhealthyThreshold,
      });
    }
    fronts.push(azureProbeFront(ctx.why, probe));
  } else if (o.healthProbeFromReadiness === true) {
    notes.push({
      id: 'CT-AZURE-106',
      field: `${field}.healthProbeFromReadiness`,
      message:
        "with externalTrafficPolicy Local the Azure Load Balancer probes kube-proxy's health check node port (HTTP /healthz: the node's ready pods), not the readiness path",
    });
  }
  return { probe, portProbes, fronts };
}
