import type { WorkloadSpec } from '../app-spec';
import { Problems } from '../problems';
import { checkHealthCheckOverride, CloudHealthCheckOverride } from '../exposure/cloud';
import type { FrontTrait, ProbedEndpoint } from '../exposure/traits';

/** The address Azure's health probes come from (Azure's virtual public IP, the same in every region). */
export const AZURE_PROBE_SOURCE = '168.63.129.16/32';

/** The layer an Azure health probe is derived for. */
export type AzureProbeLayer = 'load-balancer' | 'application-gateway';

/**
 * Azure Load Balancer probes (cloud-provider-azure `loadbalancer.md`): interval at least 5 s (the default), and
 * "total probe should be less than 120 seconds" (interval × number of probes).
 */
export const AZURE_LB_PROBE = { minInterval: 5, maxTotalSeconds: 120 } as const;

/** An Azure health probe, derived from the readiness probe. */
export interface AzureProbeSpec {
  readonly protocol: 'Http' | 'Https' | 'Tcp' | 'Grpc';
  /** The HTTP request path; undefined for TCP and gRPC. */
  readonly path?: string;
  /** The probed pod port. */
  readonly port: number;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  /** Consecutive failures before the endpoint is out (Azure LB `num-of-probe`). */
  readonly unhealthyThreshold: number;
  readonly grpcService?: string;
  readonly notes: readonly { readonly id: string; readonly field: string; readonly message: string }[];
  /** Set when an override replaces the probe's path or port. */
  readonly override?: { readonly reason: string };
}

const LAYER: Record<AzureProbeLayer, string> = {
  'load-balancer': 'the Azure Load Balancer health probe',
  'application-gateway': 'the Application Gateway for Containers HealthCheckPolicy',
};

/**
 * The one derivation of an Azure health probe from the pods' readiness probe, for the Azure Load Balancer
 * (L4 Service annotations) and Application Gateway for Containers (HealthCheckPolicy): same protocol, path,
 * port, interval and failure count. The Load Balancer needs an interval of at least 5 s and interval ×
 * failures below 120 s (problems, with the readiness setting to change); it has no gRPC probe, so a gRPC
 * readiness probe becomes a TCP probe (a note).
 */
export function azureProbeFromReadiness(
  problems: Problems,
  field: string,
  w: WorkloadSpec,
  layer: AzureProbeLayer,
): AzureProbeSpec {
  const probe = w.container.readiness;
  const fallback: AzureProbeSpec = {
    protocol: 'Tcp',
    port: w.service?.ports[0]?.target.port ?? 0,
    intervalSeconds: 5,
    timeoutSeconds: 5,
    healthyThreshold: 1,
    unhealthyThreshold: 2,
    notes: [],
  };
  if (probe === undefined) {
    problems.add(
      field,
      undefined,
      `the app waives its readiness probe, so there is nothing to derive ${LAYER[layer]} from`,
      'add a readiness probe (httpGet)',
    );
    return fallback;
  }
  const a = probe.action;
  const notes: { id: string; field: string; message: string }[] = [];
  let protocol: AzureProbeSpec['protocol'];
  let path: string | undefined;
  let grpcService: string | undefined;
  if (a.kind === 'exec') {
    problems.add(
      'readiness',
      'exec',
      `the readiness probe runs a command, which ${LAYER[layer]} cannot do`,
      'use an httpGet, tcpSocket or grpc readiness probe',
    );
    return fallback;
  } else if (a.kind === 'httpGet') {
    protocol = a.scheme === 'HTTPS' ? 'Https' : 'Http';
    path = a.path;
    if (Object.keys(a.headers).length > 0)
      notes.push({
        id: 'CT-AZURE-101',
        field: 'readiness.headers',
        message: `the probe's headers (${Object.keys(a.headers).join(', ')}) are not sent by ${LAYER[layer]}`,
      });
  } else if (a.kind === 'tcpSocket') {
    if (layer === 'application-gateway') {
      problems.add(
        'readiness',
        'tcpSocket',
        `${LAYER[layer]} checks over HTTP or gRPC, but the readiness probe is a TCP connect`,
        'use an httpGet or grpc readiness probe',
      );
      return fallback;
    }
    protocol = 'Tcp';
  } else if (layer === 'load-balancer') {
    protocol = 'Tcp';
    notes.push({
      id: 'CT-AZURE-102',
      field: 'readiness',
      message: 'the gRPC readiness probe becomes a TCP probe on its port: the Azure Load Balancer has no gRPC probe',
    });
  } else {
    protocol = 'Grpc';
    grpcService = a.service;
  }
  const intervalSeconds = probe.periodSeconds;
  const unhealthyThreshold = probe.failureThreshold;
  if (layer === 'load-balancer') {
    const r = AZURE_LB_PROBE;
    if (intervalSeconds < r.minInterval) {
      problems.add(
        'readiness.period',
        intervalSeconds,
        `${LAYER[layer]} interval is at least ${r.minInterval} s, and it is taken from the readiness period`,
        `set the readiness probe's period to Duration.seconds(${r.minInterval}) or more`,
      );
    } else if (intervalSeconds * unhealthyThreshold >= r.maxTotalSeconds) {
      problems.add(
        'readiness.failureThreshold',
        unhealthyThreshold,
        `interval × failures (${intervalSeconds}s × ${unhealthyThreshold}) must stay below ${r.maxTotalSeconds} s for ${LAYER[layer]}`,
        `lower the readiness period or failureThreshold so that period × failureThreshold < ${r.maxTotalSeconds} s`,
      );
    }
    if (probe.successThreshold > 1)
      notes.push({
        id: 'CT-AZURE-103',
        field: 'readiness.successThreshold',
        message: `the Azure Load Balancer takes a port in after one successful probe, not ${probe.successThreshold}`,
      });
  }
  let timeoutSeconds = probe.timeoutSeconds;
  if (timeoutSeconds > intervalSeconds) {
    notes.push({
      id: 'CT-AZURE-104',
      field: 'readiness.timeout',
      message: `health probe timeout lowered from the probe's ${timeoutSeconds}s to the interval (${intervalSeconds}s)`,
    });
    timeoutSeconds = intervalSeconds;
  }
  const port = probe.portNumber ?? w.service?.ports[0]?.target.port ?? 0;
  return {
    protocol,
    ...(path !== undefined ? { path } : {}),
    port,
    intervalSeconds: Math.max(intervalSeconds, 1),
    timeoutSeconds,
    healthyThreshold: probe.successThreshold,
    unhealthyThreshold,
    ...(grpcService !== undefined ? { grpcService } : {}),
    notes,
  };
}

/** The endpoint an Azure probe checks on the pods. */
export function azureProbedEndpoint(p: AzureProbeSpec): ProbedEndpoint {
  return {
    port: p.port,
    ...(p.path !== undefined ? { path: p.path } : {}),
    source: p.override ? 'override' : 'readiness',
  };
}

/** Azure's prober (168.63.129.16) in front of the pods, on exactly the probed port. */
export function azureProbeFront(why: string, p: AzureProbeSpec): FrontTrait {
  return {
    why: `${why}, Azure health probes`,
    from: { kind: 'peer', peer: { kind: 'cidrs', cidrs: [AZURE_PROBE_SOURCE] } },
    ports: p.port > 0 ? [{ port: p.port, protocol: 'TCP' }] : [],
    healthChecks: [azureProbedEndpoint(p)],
  };
}

/** An Application Gateway for Containers probe: from the readiness probe, or with `override` its path and/or port replaced. */
export function agcProbe(
  problems: Problems,
  field: string,
  w: WorkloadSpec,
  override: CloudHealthCheckOverride | undefined,
): AzureProbeSpec {
  if (override === undefined) return azureProbeFromReadiness(problems, field, w, 'application-gateway');
  const derived = azureProbeFromReadiness(new Problems(), field, w, 'application-gateway');
  const kind = w.container.readiness?.action.kind;
  checkHealthCheckOverride(problems, `${field}.healthCheck`, override, kind !== 'httpGet' && kind !== 'grpc');
  const path = override.path ?? derived.path;
  const protocol = override.path !== undefined && derived.protocol !== 'Https' ? 'Http' : derived.protocol;
  return {
    ...derived,
    protocol,
    ...(path !== undefined && protocol !== 'Grpc' ? { path } : {}),
    port: override.port ?? derived.port,
    notes: [],
    override: { reason: String(override.reason ?? '') },
  };
}
