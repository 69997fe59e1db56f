import type { WorkloadSpec } from '../app-spec';
import type { ExposureSpec, IExposure } from './exposure';
import { checkDnsLabel, checkLabels } from '../kubernetes-syntax';
import type { PortRef } from '../workload/probe';
import { resolvePort } from '../workload/port-resolution';
import { Problems } from '../problems';
import { GatewayRouteExposure, GatewayRouteSpec, HttpRouteProps } from './gateway-route';
import { podPortsOfServicePorts } from '../dataplane/exposure-sources';
import { resolveServicePort } from './service-backend';
import type { PolicyPortSpec } from '../dataplane/dataplane-spec';
import { FrontTrait, traits, WrittenObject } from './traits';
import { GATEWAY_IMPLEMENTATIONS, GatewayImplementation } from './gateway-implementations';
import { withoutRequestTimeout } from './implementation-defaults';
import { GcpBackendSpec, gcpBackendSettings, resolveGcpBackend } from '../gcp/backend-options';
import {
  GCP_L7_HEALTH_CHECK_RANGES,
  GcpHealthCheckSpec,
  gcpHealthCheck,
  gcpHealthCheckFront,
} from '../gcp/health-check';

/** The `kind` of a resolved InferencePool route. */
export const INFERENCE_POOL_KIND = 'inference-pool-route';

/** The header the body-based router writes the request's model into (Gateway API Inference Extension). */
export const MODEL_NAME_HEADER = 'X-Gateway-Model-Name';

/**
 * The Gateway implementations whose glue the library writes for an InferencePool:
 * - `gke`: a HealthCheckPolicy (from the readiness probe) and a GCPBackendPolicy (timeout, draining) on each pool;
 * - `istio`: a DestinationRule for the TLS the gateway speaks to each endpoint picker;
 * - `envoy-gateway`: no glue (Envoy Gateway reads the InferencePool itself); its defaults are known.
 */
export type InferenceGatewayImplementation = Extract<GatewayImplementation, 'gke' | 'istio' | 'envoy-gateway'>;

/**
 * How the gateway reaches an endpoint picker that serves TLS (Istio's DestinationRule `tls`, mode SIMPLE): verify it
 * with a CA from a Secret, or skip verification for the picker's self-signed certificate, with a reason.
 */
export interface EndpointPickerTlsProps {
  /** A Secret holding `ca.crt` that signed the picker's certificate (DestinationRule `tls.credentialName`). @default none */
  readonly caSecret?: string;
  /**
   * Why the picker's certificate is not verified (its default self-signed certificate); written as an annotation.
   * @default verification on: give `caSecret`
   */
  readonly skipVerifyReason?: string;
}

/**
 * The endpoint picker (EPP) of one pool: an existing Service and its port (the Service port, not the target port).
 * @see https://gateway-api-inference-extension.sigs.k8s.io/api-types/inferencepool/
 */
export interface EndpointPickerProps {
  /** The picker's Service, in the app's namespace. */
  readonly serviceName: string;
  /**
   * The Service port the gateway calls (ext_proc gRPC), e.g. 9002.
   * Range: 1-65535.
   * @see https://gateway-api-inference-extension.sigs.k8s.io/api-types/inferencepool/ (`endpointPickerRef.port`)
   */
  readonly port: number;
  /**
   * What the gateway does while the picker does not answer: `FailClose` refuses the request, `FailOpen` sends it to
   * any pod of the pool. Declared explicitly (upstream's default is FailClose; llm-d's chart sets FailOpen).
   */
  readonly failureMode: 'FailClose' | 'FailOpen';
  /**
   * The picker's pod labels: the network policy admits them to the target ports (the picker scrapes the model
   * servers' metrics there).
   * @default not admitted (note CT-INF-101)
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** With `implementation: 'istio'`: how the gateway verifies the picker's TLS. @default required with Istio */
  readonly tls?: EndpointPickerTlsProps;
}

/** One InferencePool: the pods of one version of the app. */
export interface InferencePoolProps {
  /** The pool's name. @default the route's name, `<name>-<version>` when the app has versions */
  readonly name?: string;
  /** The version whose pods the pool selects. @default the stable version (required when the app has versions) */
  readonly version?: string;
  /** The container ports (names or numbers), at most 8. @default the container port behind the route's Service port */
  readonly targetPorts?: readonly PortRef[];
  /** The protocol of the target ports. @default 'http' (HTTP/1.1) */
  readonly appProtocol?: 'http' | 'kubernetes.io/h2c';
  /** The pool's endpoint picker. */
  readonly endpointPicker: EndpointPickerProps;
}

/** Props of an HTTPRoute whose backends are InferencePools. */
export interface InferencePoolRouteProps extends HttpRouteProps {
  /**
   * The pools, one per version that receives traffic: the route splits across them by the versions' weights (a
   * model rollout is the app's `versions`, through the one traffic policy).
   */
  readonly pools: readonly InferencePoolProps[];
  /** Route only requests for this model (a match on `modelHeader`). @default every model */
  readonly model?: string;
  /** The header carrying the model name. @default 'X-Gateway-Model-Name' (the body-based router's) */
  readonly modelHeader?: string;
  /**
   * The Gateway implementation: its glue is written and its default timeouts are checked against the stream.
   * @default unknown: no glue; a streaming app gets warning CT-TRAFFIC-071 naming the timeouts to declare
   */
  readonly implementation?: InferenceGatewayImplementation;
}

/** A resolved InferencePool. */
export interface InferencePoolSpec {
  readonly name: string;
  readonly version?: string;
  /** The Service of the version, which the route's backends name before they are turned into pools. */
  readonly serviceName: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly targetPorts: readonly number[];
  readonly appProtocol: 'http' | 'kubernetes.io/h2c';
  readonly endpointPicker: {
    readonly serviceName: string;
    readonly port: number;
    readonly failureMode: 'FailClose' | 'FailOpen';
    readonly podLabels?: Readonly<Record<string, string>>;
    readonly tls?: EndpointPickerTlsProps;
  };
}

/** A resolved InferencePool route. */
export interface InferencePoolRouteSpec extends ExposureSpec {
  readonly kind: typeof INFERENCE_POOL_KIND;
  readonly name: string;
  /** The HTTPRoute (its backends are the version Services; the renderer names the pools instead). */
  readonly route: GatewayRouteSpec;
  readonly pools: readonly InferencePoolSpec[];
  readonly implementation?: InferenceGatewayImplementation;
  /** With `gke`: the HealthCheckPolicy and GCPBackendPolicy of every pool. */
  readonly gke?: { readonly healthCheck: GcpHealthCheckSpec; readonly backend: GcpBackendSpec };
}

const MAX_TARGET_PORTS = 8;

/**
 * Exposes a model server through Gateway API Inference Extension: an `InferencePool`
 * (`inference.networking.k8s.io/v1`) per version of the app, selecting that version's pods on its container ports
 * and naming its endpoint picker, and an HTTPRoute whose backends are the pools, weighted by the versions' weights
 * (a model rollout), with the model header match when `model` is given. With `implementation`, the gateway's glue:
 * GKE's HealthCheckPolicy and GCPBackendPolicy on each pool, Istio's DestinationRule for the picker's TLS.
 *
 * @see https://gateway-api-inference-extension.sigs.k8s.io/api-types/inferencepool/
 */
export class InferencePoolRoute implements IExposure {
  /**
   * An HTTPRoute to InferencePools.
   * @example
   * InferencePoolRoute.http({
   *   parents: [{ name: 'inference', namespace: 'gateways', sectionName: 'https' }],
   *   hostnames: ['llm.example.com'],
   *   model: 'llama-3-8b',
   *   implementation: 'gke',
   *   pools: [{ endpointPicker: { serviceName: 'llm-epp', port: 9002, failureMode: 'FailClose' } }],
   * });
   */
  static http(props: InferencePoolRouteProps): InferencePoolRoute {
    return new InferencePoolRoute(props);
  }

  readonly kind = INFERENCE_POOL_KIND;

  private constructor(
    /** The settings. */
    public readonly props: InferencePoolRouteProps,
  ) {}

  resolve(problems: Problems, field: string, w: WorkloadSpec): InferencePoolRouteSpec {
    const o = this.props;
    const f = (n: string) => `${field}.${n}`;
    const rules = withModelMatch(problems, f, o);
    // Only the route's own props go to the route (this kind's options are not route options).
    const { pools: _p, model: _m, modelHeader: _h, implementation: _i, ...routeProps } = o;
    const route = GatewayRouteExposure.http({ ...routeProps, rules }).resolve(problems, field, w);
    const defaultPorts = defaultTargetPorts(problems, f, w, o);
    const pools = resolvePools(problems, f, w, o, route.name, defaultPorts);
    const gke =
      o.implementation === 'gke'
        ? {
            healthCheck: gcpHealthCheck(problems, field, w, 'gateway', undefined),
            backend: resolveGcpBackend(problems, f('backend'), undefined, w, 'gateway'),
          }
        : undefined;
    if (o.implementation === 'istio') checkPickerTls(problems, f, o);
    return {
      kind: INFERENCE_POOL_KIND,
      name: route.name,
      route,
      pools,
      ...(o.implementation ? { implementation: o.implementation } : {}),
      ...(gke ? { gke } : {}),
      traits: poolTraits(field, w, route, pools, o.implementation, gke),
    };
  }
}

/** The rules with the model header match added to each match (or as the one match). */
function withModelMatch(
  problems: Problems,
  f: (n: string) => string,
  o: InferencePoolRouteProps,
): HttpRouteProps['rules'] {
  if (o.modelHeader !== undefined && o.model === undefined)
    problems.add(
      f('modelHeader'),
      o.modelHeader,
      'a model header without a `model` matches nothing',
      'give `model` (the model name the header carries), or remove `modelHeader`',
    );
  if (o.model !== undefined && (typeof o.model !== 'string' || o.model.length === 0))
    problems.add(f('model'), o.model, 'the model name is empty', 'give the model name, e.g. "llama-3-8b"');
  if (o.model === undefined) return o.rules;
  const header = { name: o.modelHeader ?? MODEL_NAME_HEADER, value: o.model };
  return (o.rules ?? [{}]).map((r) => ({
    ...r,
    matches: (r.matches && r.matches.length > 0 ? r.matches : [{}]).map((m) => ({
      ...m,
      headers: [...(m.headers ?? []), header],
    })),
  }));
}

/** The container port behind the route's Service port. */
function defaultTargetPorts(
  problems: Problems,
  f: (n: string) => string,
  w: WorkloadSpec,
  o: InferencePoolRouteProps,
): number[] {
  const sp = resolveServicePort(new Problems(), f('port'), w, o.port);
  if (sp) return podPortsOfServicePorts(w, [sp.port]).map((p) => p.port);
  const first = w.container.ports[0];
  if (!first)
    problems.add(
      f('pools'),
      o.pools,
      'the app declares no container port for the pools to target',
      'declare the model server port in `ports`',
    );
  return first ? [first.port] : [];
}

/** The pools: one per version, each selecting that version's pods on its target ports. */
function resolvePools(
  problems: Problems,
  f: (n: string) => string,
  w: WorkloadSpec,
  o: InferencePoolRouteProps,
  routeName: string,
  defaultPorts: readonly number[],
): InferencePoolSpec[] {
  const list = Array.isArray(o.pools) ? o.pools : [];
  if (list.length === 0)
    problems.add(f('pools'), o.pools, 'an InferencePool route needs a pool', 'give `pools: [{ endpointPicker }]`');
  const byVersion = new Map<string, number>();
  const pools = list.flatMap((p, i): InferencePoolSpec[] => {
    const pf = `${f('pools')}[${i}]`;
    const v = poolVersion(problems, pf, w, p);
    if (!v) return [];
    const key = v.version ?? '';
    const prev = byVersion.get(key);
    if (prev !== undefined)
      problems.add(
        `${pf}.version`,
        p.version ?? v.version,
        `selects the same pods as pools[${prev}] (version ${v.version ?? 'stable'}): the gateway would send to them twice and the rollout weights would not hold`,
        'give each version one pool, e.g. pools for "v1" and "v2"',
      );
    byVersion.set(key, i);
    const name = p.name ?? (w.versions.length > 1 ? `${routeName}-${v.version}` : routeName);
    checkDnsLabel(problems, `${pf}.name`, name, 253);
    return [
      {
        name,
        ...(v.version !== undefined ? { version: v.version } : {}),
        serviceName: v.serviceName ?? w.service?.name ?? w.name,
        selector: { ...v.selector },
        targetPorts: targetPorts(problems, `${pf}.targetPorts`, w, p.targetPorts, defaultPorts),
        appProtocol: p.appProtocol ?? 'http',
        endpointPicker: picker(problems, `${pf}.endpointPicker`, p.endpointPicker),
      },
    ];
  });
  for (const v of w.versions)
    if (list.length > 0 && !byVersion.has(v.version ?? ''))
      problems.add(
        f('pools'),
        list.map((p) => p.version ?? 'stable'),
        `version ${v.version ?? 'stable'} is a backend of the route (${v.weight}% of the traffic) but has no pool`,
        `add a pool for it: { version: "${v.version}", endpointPicker: {...} }`,
      );
  return pools;
}

function poolVersion(problems: Problems, pf: string, w: WorkloadSpec, p: InferencePoolProps) {
  if (p.version === undefined && w.versions.length > 1) {
    problems.add(
      `${pf}.version`,
      undefined,
      'the app has versions: each pool selects the pods of one',
      `name the version, one of ${w.versions.map((v) => v.version).join(', ')}`,
    );
    return undefined;
  }
  const v = p.version === undefined ? w.versions[0] : w.versions.find((x) => x.version === p.version);
  if (!v)
    problems.add(
      `${pf}.version`,
      p.version,
      `is not a version of the app (its versions: ${w.versions.map((x) => x.version ?? 'stable').join(', ')})`,
      'name a version declared in `version` / `versions`',
    );
  return v;
}

/** The target ports: container ports of the app, 1 to 8, distinct. */
function targetPorts(
  problems: Problems,
  field: string,
  w: WorkloadSpec,
  refs: readonly PortRef[] | undefined,
  defaults: readonly number[],
): number[] {
  if (refs === undefined) return [...defaults];
  if (refs.length === 0)
    problems.add(field, refs, 'a pool needs at least one target port', 'name the model server port, e.g. ["http"]');
  if (refs.length > MAX_TARGET_PORTS)
    problems.add(
      field,
      refs,
      `a pool has at most ${MAX_TARGET_PORTS} target ports (it has ${refs.length})`,
      `keep at most ${MAX_TARGET_PORTS}, or split the ports over several pools`,
    );
  const declared = w.container.ports.map((p) => (p.name ? `${p.name} (${p.port})` : String(p.port))).join(', ');
  const out: number[] = [];
  refs.forEach((r, i) => {
    const p = resolvePort(w, r, 'container')?.container;
    if (!p)
      problems.add(
        `${field}[${i}]`,
        r,
        `is not a port the pods serve (container ports: ${declared || 'none'})`,
        'name a container port of `ports` by its name or number',
      );
    else if (out.includes(p.port))
      problems.add(`${field}[${i}]`, r, 'is listed twice (target ports must be unique)', 'list each port once');
    else out.push(p.port);
  });
  return out;
}

function picker(
  problems: Problems,
  field: string,
  p: EndpointPickerProps | undefined,
): InferencePoolSpec['endpointPicker'] {
  if (p === undefined || p === null) {
    problems.add(
      field,
      p,
      'a pool needs its endpoint picker',
      'give { serviceName, port, failureMode } of the picker Service',
    );
    return { serviceName: '', port: 0, failureMode: 'FailClose' };
  }
  checkDnsLabel(problems, `${field}.serviceName`, p.serviceName);
  if (p.port === undefined || !Number.isInteger(p.port) || p.port < 1 || p.port > 65535)
    problems.add(
      `${field}.port`,
      p.port,
      'the picker reference needs the Service port (1-65535)',
      "give the picker Service's port, e.g. 9002",
    );
  if (p.failureMode !== 'FailClose' && p.failureMode !== 'FailOpen')
    problems.add(
      `${field}.failureMode`,
      p.failureMode,
      "must be declared, 'FailClose' or 'FailOpen'",
      "use 'FailClose' (refuse requests while the picker is down) or 'FailOpen' (send them to any pod of the pool)",
    );
  if (p.podLabels !== undefined) checkLabels(problems, `${field}.podLabels`, p.podLabels);
  return {
    serviceName: p.serviceName,
    port: p.port,
    failureMode: p.failureMode === 'FailOpen' ? 'FailOpen' : 'FailClose',
    ...(p.podLabels ? { podLabels: { ...p.podLabels } } : {}),
    ...(p.tls ? { tls: { ...p.tls } } : {}),
  };
}

/** Istio verifies the picker's certificate, or skips it with a reason. */
function checkPickerTls(problems: Problems, f: (n: string) => string, o: InferencePoolRouteProps): void {
  (Array.isArray(o.pools) ? o.pools : []).forEach((p, i) => {
    const tf = `${f('pools')}[${i}].endpointPicker.tls`;
    const t = p.endpointPicker?.tls;
    if (!t || (t.caSecret === undefined && !t.skipVerifyReason))
      problems.add(
        tf,
        t,
        "Istio's gateway speaks TLS to the picker and must verify its certificate",
        'give `caSecret` (a Secret with the ca.crt that signed it), or `skipVerifyReason` for its self-signed certificate',
      );
    else if (t.caSecret !== undefined && t.skipVerifyReason !== undefined)
      problems.add(
        tf,
        t,
        'gives both a CA and a reason to skip verification',
        'keep one of `caSecret` and `skipVerifyReason`',
      );
    if (t?.caSecret !== undefined) checkDnsLabel(problems, `${tf}.caSecret`, t.caSecret, 253);
  });
}

function poolTraits(
  field: string,
  w: WorkloadSpec,
  route: GatewayRouteSpec,
  pools: readonly InferencePoolSpec[],
  implementation: InferenceGatewayImplementation | undefined,
  gke: InferencePoolRouteSpec['gke'],
) {
  const inner = route.traits;
  const ports = (ps: readonly number[]): PolicyPortSpec[] =>
    [...new Set(ps)].map((port) => ({
      port,
      protocol: resolvePort(w, port, 'container')?.protocol ?? 'TCP',
    }));
  const allPorts = ports(pools.flatMap((p) => p.targetPorts));
  const why = `${field} HTTPRoute "${route.name}" to InferencePool(s) ${pools.map((p) => p.name).join(', ')}`;
  // Istio's Gateway API class is `istio`: the parent Gateway's proxies are known even when the route only names it.
  const cls = implementation === 'istio' ? { className: 'istio' } : {};
  // GKE's proxies are Google's front ends (global classes), and its health checkers probe the readiness port.
  const fronts: FrontTrait[] = gke
    ? [
        {
          why,
          from: { kind: 'peer', peer: { kind: 'cidrs', cidrs: [...GCP_L7_HEALTH_CHECK_RANGES] } },
          ports: allPorts,
          healthChecks: [],
        },
        gcpHealthCheckFront(why, gke.healthCheck),
      ]
    : inner.fronts.map((fr) => ({
        ...fr,
        why,
        ports: allPorts,
        ...(fr.from.kind === 'proxy' && fr.from.className === undefined ? { from: { ...fr.from, ...cls } } : {}),
      }));
  for (const p of pools)
    if (p.endpointPicker.podLabels)
      fronts.push({
        why: `${field} endpoint picker "${p.endpointPicker.serviceName}" of InferencePool ${p.name} (metrics)`,
        from: { kind: 'peer', peer: { kind: 'pods', namespace: w.namespace, labels: p.endpointPicker.podLabels } },
        ports: ports(p.targetPorts),
        healthChecks: [],
      });
  const notes = [...inner.notes];
  pools.forEach((p, i) => {
    if (!p.endpointPicker.podLabels)
      notes.push({
        id: 'CT-INF-101',
        field: `${field}.pools[${i}].endpointPicker.podLabels`,
        message: `the endpoint picker "${p.endpointPicker.serviceName}" scrapes the model servers' metrics on the target ports; without its pod labels a network policy does not admit it`,
      });
  });
  return traits({
    ...inner,
    label: `HTTPRoute "${route.name}" (InferencePool)`,
    fronts,
    // GKE's load balancer sends to the pods as network endpoints and drains them on removal.
    loadBalancerTargetsPods: gke !== undefined,
    objects: poolObjects(field, w, inner.objects, pools, implementation),
    settings: [...inner.settings, ...(gke ? gcpBackendSettings(`${field}.backend`, gke.backend) : [])],
    notes,
    ...(implementation
      ? { implementationDefaults: withoutRequestTimeout(GATEWAY_IMPLEMENTATIONS[implementation]) }
      : {}),
    requires: [{ name: 'Gateway API Inference Extension CRDs', minVersion: '1.0.0', why: 'InferencePool v1' }],
  });
}

function poolObjects(
  field: string,
  w: WorkloadSpec,
  routeObjects: readonly WrittenObject[],
  pools: readonly InferencePoolSpec[],
  implementation: InferenceGatewayImplementation | undefined,
): WrittenObject[] {
  const glue =
    implementation === 'gke'
      ? ['HealthCheckPolicy (networking.gke.io)', 'GCPBackendPolicy']
      : implementation === 'istio'
        ? ['DestinationRule']
        : [];
  return [
    ...routeObjects,
    ...pools.flatMap((p, i) =>
      ['InferencePool', ...glue].map((kind) => ({
        kind,
        namespace: w.namespace,
        name: kind === 'DestinationRule' ? `${p.endpointPicker.serviceName}-tls` : p.name,
        field: `${field}.pools[${i}].name`,
        fix: 'give the pool its own `name`',
      })),
    ),
  ];
}
