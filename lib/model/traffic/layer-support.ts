import type { AppSpec } from '../app-spec';
import type { ExposureTraits, ImplementationDefaults } from '../exposure/traits';
import { dataplaneLayer, DataplaneLayer } from '../dataplane/dataplane-layer';
import { balancingAlgorithms, BalancingAlgorithm, TrafficSpec } from './policy';

/**
 * The traffic settings a definition declares for every layer at once (`traffic` and `versions`), in the order of
 * the settings table (docs/traffic-settings.md).
 * - `retries`: `traffic.retry`; `requestTimeout`, `idleTimeout`: `traffic.requestTimeout`, `traffic.idleTimeout`;
 * - `streamIdleTimeout`: the streaming profile's longest stream (`traffic.maxStreamDuration`), which no layer's stream
 *   idle timeout (HTTP/2 and gRPC streams, one request of HTTP/1) may cut;
 * - `canarySplit`: a version with a weight; `canaryPrecision`: a weight with decimals (the layer's finest step);
 * - `canaryHeader`: `traffic.canaryHeader`;
 * - `healthCheck`: the readiness probe; `deregistration`: `traffic.deregistrationDelay` (draining);
 * - `connectionLimits`: `traffic.connectionPool` and `traffic.outlierDetection`;
 * - `loadBalancing`: `traffic.loadBalancing` and `traffic.localityPreference`;
 * - `stickiness`: the app Service's `sessionAffinity: 'ClientIP'` (clients stick to one pod).
 */
export const TRAFFIC_SETTINGS = [
  'retries',
  'requestTimeout',
  'idleTimeout',
  'streamIdleTimeout',
  'canarySplit',
  'canaryPrecision',
  'canaryHeader',
  'healthCheck',
  'deregistration',
  'connectionLimits',
  'loadBalancing',
  'stickiness',
] as const;

/** One traffic setting of the table. */
export type TrafficSetting = (typeof TRAFFIC_SETTINGS)[number];

/** The definition field that declares each setting. */
export const SETTING_FIELDS: Readonly<Record<TrafficSetting, string>> = {
  retries: 'traffic.retry',
  requestTimeout: 'traffic.requestTimeout',
  idleTimeout: 'traffic.idleTimeout',
  streamIdleTimeout: 'traffic.maxStreamDuration',
  canarySplit: 'versions.*.weight',
  canaryPrecision: 'versions.*.weight (decimals)',
  canaryHeader: 'traffic.canaryHeader',
  healthCheck: 'readiness',
  deregistration: 'traffic.deregistrationDelay',
  connectionLimits: 'traffic.connectionPool, traffic.outlierDetection',
  loadBalancing: 'traffic.loadBalancing, traffic.localityPreference',
  stickiness: 'service.sessionAffinity',
};

/**
 * What one layer does with one declared setting: applies it (`where`: the object and field that carry it; `by:
 * 'pods'` when the pods carry it, not an object of the layer: the readiness probe, the preStop drain; `by: 'front'`
 * when the layers in front of this one carry it and this one passes it through unchanged: the dataplane), refuses it
 * (an error with its id, and the fix), or warns (a warning with its id, acknowledgeable with a reason).
 */
export type SettingCell =
  | { readonly state: 'applied'; readonly where: string; readonly by?: 'pods' | 'front' }
  | { readonly state: 'refused'; readonly id: string; readonly why: string; readonly fix: string }
  | { readonly state: 'warned'; readonly id: string; readonly why: string };

/** A layer's cells, one per setting. */
export type SettingRow = Readonly<Record<TrafficSetting, SettingCell>>;

/** The rule that warns of a declared setting a layer does not carry out (lib/rules/declared-settings.ts). */
export const NOT_CARRIED_OUT = 'CT-TRAFFIC-032';

/**
 * The stickiness cell of a LoadBalancer Service of the app: the nodes forward through it (kube-proxy or Cilium), and
 * it carries the app Service's ClientIP affinity (`loadBalancerServiceSpec` copies it).
 */
export function serviceAffinityCell(label: string): SettingCell {
  return {
    state: 'applied',
    where: `${label}: sessionAffinity ClientIP (kept by each node's kube-proxy or Cilium, for the clients arriving there)`,
  };
}

/** The error of a declared setting a layer cannot carry out as written (refused at resolution). */
export const REFUSED_SETTING = 'CT-TRAFFIC-033';

const warned = (why: string, id = NOT_CARRIED_OUT): SettingCell => ({ state: 'warned', id, why });
const applied = (where: string, by?: 'pods' | 'front'): SettingCell => ({
  state: 'applied',
  where,
  ...(by ? { by } : {}),
});

/**
 * The cells of one layer, derived from what its kind declares (`traits`): how it splits, whether it routes the
 * canary header, writes retries and the request timeout, which timeouts it owns, what checks the pods, and
 * `traits.support` where a kind says more (a mesh's connection limits, a mode that cannot apply a setting).
 */
export function settingRow(t: ExposureTraits, traffic?: TrafficSpec): SettingRow {
  const row = {} as Record<TrafficSetting, SettingCell>;
  for (const setting of TRAFFIC_SETTINGS) row[setting] = settingCell(t, setting, traffic);
  return row;
}

/**
 * One cell of `settingRow`, built alone: resolution and the rules read the cells of the settings an app declares
 * (usually the health check alone), not the whole row.
 */
export function settingCell(t: ExposureTraits, setting: TrafficSetting, traffic?: TrafficSpec): SettingCell {
  // A layer that does not split by the weights carries out no precision either: the split's own verdict.
  if (setting === 'canaryPrecision') {
    const split = settingCell(t, 'canarySplit', traffic);
    if (split.state !== 'applied') return split;
  }
  const support = t.support;
  if (support !== undefined && Object.prototype.hasOwnProperty.call(support, setting)) return support[setting]!;
  return derivedCell(t, setting, traffic);
}

/** A cell from the traits alone (before `traits.support`). */
function derivedCell(t: ExposureTraits, setting: TrafficSetting, traffic?: TrafficSpec): SettingCell {
  const owns = (name: string) => t.settings.some((s) => s.name === name);
  switch (setting) {
    case 'retries':
      return t.retries?.written
        ? applied(`${t.label}: retries`)
        : t.retries
          ? warned(t.retries.message ?? `${t.label} does not write retries`, 'CT-TRAFFIC-030')
          : warned(`${t.label} does not retry: requests through it are not retried`);
    case 'requestTimeout':
      return t.requestTimeout?.written || owns('requestTimeoutSeconds')
        ? applied(`${t.label}: request timeout`)
        : t.requestTimeout
          ? warned(t.requestTimeout.message ?? `${t.label} does not write the request timeout`, 'CT-TRAFFIC-031')
          : warned(`${t.label} has no request timeout: requests through it are not timed out`);
    case 'idleTimeout':
      return owns('idleTimeoutSeconds')
        ? applied(`${t.label}: idle timeout`)
        : warned(`${t.label} does not set an idle timeout: its implementation's default applies`);
    case 'streamIdleTimeout':
      return streamIdleCell(t.label, t.implementationDefaults, traffic?.maxStreamSeconds);
    case 'canarySplit':
      return t.split.by === 'weight'
        ? applied(`${t.label}: weights, ${t.split.precision}`)
        : warned(`${t.label} sends to the app Service: the split follows the pod counts`, 'CT-TRAFFIC-015');
    case 'canaryPrecision':
      return t.split.by === 'weight'
        ? applied(`${t.label}: ${t.split.precision}; a finer weight is refused (CT-TRAFFIC-013)`)
        : warned(`${t.label} sends to the app Service: the split follows the pod counts`, 'CT-TRAFFIC-015');
    case 'canaryHeader':
      return t.routesCanaryHeader
        ? applied(`${t.label}: a rule on the header first`)
        : warned(`${t.label} does not route the canary header`, 'CT-TRAFFIC-016');
    case 'healthCheck':
      return healthCheckCell(t);
    case 'deregistration':
      return owns('deregistrationDelaySeconds')
        ? applied(`${t.label}: deregistration delay`)
        : t.loadBalancerTargetsPods
          ? warned(`${t.label} registers the pods but writes no deregistration delay`)
          : applied(
              `the pods' preStop drain (${t.label} registers no targets: a terminating pod leaves its endpoints)`,
              'pods',
            );
    case 'connectionLimits':
      return warned(`${t.label} does not limit connections or eject failing pods`);
    case 'loadBalancing':
      return balancingCell(t, traffic && balancingAlgorithms(traffic));
    case 'stickiness':
      // Only a path through the Service's cluster IP (kube-proxy, Cilium) applies its ClientIP affinity; a layer that
      // sends to the pods itself says in `support` how it sticks.
      return warned(
        `${t.label} does not send through the Service's cluster IP, so the Service's ClientIP affinity does not apply to its requests`,
      );
  }
}

/** The health check cell: the layer's own check of the pods, or the ready endpoints. */
function healthCheckCell(t: ExposureTraits): SettingCell {
  for (const f of t.fronts)
    if (f.healthChecks.length > 0) {
      const c = f.healthChecks[0];
      return applied(`${t.label}: health check of port ${c.port}${c.path ? ` ${c.path}` : ''}`);
    }
  return applied(`${t.label}: ready endpoints only (the readiness probe)`, 'pods');
}

/** The rule that refuses a layer left at a default timeout shorter than the longest stream. */
export const DEFAULT_CUTS_STREAM = 'CT-TRAFFIC-070';

/** The rule that warns of a layer whose implementation, and so its default timeouts, is not known. */
export const DEFAULTS_UNKNOWN = 'CT-TRAFFIC-071';

/**
 * The stream idle cell, from the layer's implementation defaults (no layer writes a stream idle timeout): none by
 * default is applied (a silent stream is not cut there); a default is refused by CT-TRAFFIC-070 when the longest
 * stream (`maxStream`: the app's; undefined: the table's row, for any stream longer) outlasts it; an unknown
 * implementation is warned by CT-TRAFFIC-071. Both rules read the streaming chain, which reads the same traits.
 */
function streamIdleCell(label: string, d: ImplementationDefaults | undefined, maxStream?: number): SettingCell {
  if (!d)
    return warned(
      `the implementation behind ${label} is not known, so its stream idle timeout cannot be checked against the longest stream`,
      DEFAULTS_UNKNOWN,
    );
  const s = d.streamIdleTimeoutSeconds;
  if (s === undefined) return applied(`${label}: no stream idle timeout (${d.source})`);
  if (maxStream !== undefined && maxStream <= s)
    return applied(`${label}: ${d.source}'s stream idle timeout of ${s}s covers the longest stream`);
  return {
    state: 'refused',
    id: DEFAULT_CUTS_STREAM,
    why: `${label} is left at the stream idle timeout of ${d.source} (${s}s, ${d.see}): a stream silent for longer is cut`,
    fix: `set the stream idle timeout of ${d.source} to at least the longest stream${d.configuredBy?.['stream idle'] ? ` (${d.configuredBy['stream idle']})` : ''}, or shorten \`traffic.maxStreamDuration\` to ${s}s (or make the server send a heartbeat more often)`,
  };
}

/**
 * The stream idle cell of a timeout the definition declares the cluster sets (`dataplane.proxy.streamIdleTimeout`): a
 * stream longer than it is refused at resolution (CT-TRAFFIC-033).
 */
function declaredStreamIdleCell(label: string, seconds: number, maxStream?: number): SettingCell {
  if (maxStream === undefined || maxStream <= seconds)
    return applied(
      `${label}: the cluster's stream idle timeout, ${seconds}s (declared, \`dataplane.proxy.streamIdleTimeout\`)`,
    );
  return {
    state: 'refused',
    id: REFUSED_SETTING,
    why: `${label} cuts a stream silent for ${seconds}s (\`dataplane.proxy.streamIdleTimeout\`), shorter than the longest stream`,
    fix: `raise the cluster's Envoy stream idle timeout and \`dataplane.proxy.streamIdleTimeout\` to at least the longest stream, or shorten \`traffic.maxStreamDuration\``,
  };
}

/**
 * The cells of the dataplane as a layer (`dataplaneLayer`): without a proxy, Cilium's eBPF datapath forwards each
 * packet to the pod chosen in front, and changes no setting; with L7 rules, Cilium's L7 policy proxy (Envoy) is a hop
 * of its own on the pod's node: it forwards each request to its original destination (the split, the header, the
 * balancing and the affinity are the front's), but it retries every 5xx itself, cuts silent streams after its stream
 * idle timeout and applies none of the app's connection limits.
 */
export function dataplaneRow(l: DataplaneLayer, traffic?: TrafficSpec): SettingRow {
  const p = l.proxy;
  const front = (what: string) => applied(`the layers in front: ${l.label} ${what}`, 'front');
  const forwards = front(
    p
      ? 'forwards each request to the pod it was sent to (its original destination)'
      : 'forwards each packet to the pod chosen in front',
  );
  const request = traffic?.requestTimeoutSeconds;
  const idle = traffic?.idleTimeoutSeconds;
  return {
    retries: p
      ? p.retries.count === 0
        ? front('adds no retry of its own (`http-retry-count` 0, declared in `dataplane.proxy.retries`)')
        : warned(
            `${l.label} retries every 5xx response, reset and refused connection itself, up to ${p.retries.count} more times (retry_on ${p.retries.on}; agent option \`http-retry-count\`, Helm \`envoy.httpRetryCount\`${p.retries.declared ? ', as `dataplane.proxy.retries` declares' : ''}), whatever \`traffic.retry\` says: a request may reach the pods more often than declared, non-idempotent ones included (set the cluster's \`envoy.httpRetryCount\` to 0 and declare \`dataplane.proxy.retries: 0\`)`,
          )
      : front('neither retries nor drops a retry'),
    requestTimeout:
      p && request !== undefined && request > p.defaults.requestTimeoutSeconds!
        ? warned(
            `${l.label} cuts a request after ${p.defaults.requestTimeoutSeconds}s (agent option \`http-request-timeout\`), before the declared ${request}s`,
          )
        : front(
            p
              ? `times a request out only after ${p.defaults.requestTimeoutSeconds}s (agent option \`http-request-timeout\`)`
              : 'has no request timeout',
          ),
    idleTimeout:
      p && idle !== undefined && idle > p.idleTimeoutSeconds
        ? warned(
            `${l.label} closes a connection idle for ${p.idleTimeoutSeconds}s (Envoy's default), before the declared ${idle}s`,
          )
        : front(
            p
              ? `closes a connection only after ${p.idleTimeoutSeconds}s idle (Envoy's default; its 60 s upstream idle timeout closes only connections with no request pending)`
              : 'has no idle timeout of its own',
          ),
    streamIdleTimeout: p
      ? p.streamIdleTimeoutSeconds !== undefined
        ? declaredStreamIdleCell(l.label, p.streamIdleTimeoutSeconds, traffic?.maxStreamSeconds)
        : streamIdleCell(l.label, p.defaults, traffic?.maxStreamSeconds)
      : applied(`${l.label}: no stream idle timeout (eBPF, no proxy)`),
    canarySplit: forwards,
    canaryPrecision: forwards,
    canaryHeader: forwards,
    healthCheck: applied(
      `${l.label}: ready endpoints only (the readiness probe)${p ? "; its HTTP rules keep the GET path of every load balancer's health check in front open" : ''}`,
      'pods',
    ),
    deregistration: applied(`the pods' preStop drain (${l.label} registers no targets)`, 'pods'),
    connectionLimits: p
      ? warned(
          `${l.label} applies none of the app's connection limits (its circuit breakers, \`envoy.clusterMaxConnections\` and \`envoy.clusterMaxRequests\`, 1024 by default, are its node's, for every app)`,
        )
      : front('limits no connection'),
    loadBalancing: forwards,
    stickiness: forwards,
  };
}

/**
 * The balancing cell: applied where the layer writes every algorithm asked (`asked`: the app's; undefined: the
 * table's row, which lists what the layer writes); a consistent hash or locality preference it cannot write is
 * refused (clients would count on the affinity), another algorithm is warned (its implementation's balancing applies).
 */
function balancingCell(t: ExposureTraits, asked?: readonly BalancingAlgorithm[]): SettingCell {
  const lb = t.loadBalancing;
  if (!asked) return lb ? applied(`${t.label}: ${lb.where} (${lb.algorithms.join(', ')})`) : warnedBalancing(t);
  const missing = asked.filter((a) => !lb?.algorithms.includes(a));
  if (missing.length === 0) return applied(`${t.label}: ${lb!.where}`);
  if (missing.some((a) => a.startsWith('hash-') || a === 'locality'))
    return {
      state: 'refused',
      id: REFUSED_SETTING,
      why: `${t.label} cannot balance by ${missing.join(', ')}${lb ? ` (it writes ${lb.algorithms.join(', ')})` : ''}: requests would not keep to the pod or locality the definition asks`,
      fix: 'balance with an algorithm this layer writes, or route through a layer that writes it (e.g. `Mesh.istio()`); for an ALB, `stickiness` keeps a client on one pod',
    };
  return warnedBalancing(t, missing);
}

const warnedBalancing = (t: ExposureTraits, missing?: readonly BalancingAlgorithm[]): SettingCell =>
  warned(
    `${t.label} does not write ${missing ? missing.join(', ') : 'a balancing algorithm'}${t.loadBalancing ? ` (it writes ${t.loadBalancing.algorithms.join(', ')})` : ''}: its implementation's own balancing applies${missing ? '' : ` (a consistent hash or locality preference is refused, ${REFUSED_SETTING})`}`,
  );

/**
 * The settings an app declares: only these reach a layer's cell (a default is no declaration). The split counts
 * when a version other than the first has a weight; the health check (the readiness probe) always.
 */
export function declaredSettings(app: AppSpec): ReadonlySet<TrafficSetting> {
  const split = app.versions.slice(1).some((v) => v.weight > 0);
  const precise = app.versions.slice(1).some((v) => v.weight > 0 && !Number.isInteger(v.weight));
  const sticky = app.service?.sessionAffinity === 'ClientIP';
  return new Set<TrafficSetting>([
    ...(app.traffic.declared ?? []),
    ...(split ? (['canarySplit'] as const) : []),
    ...(precise ? (['canaryPrecision'] as const) : []),
    ...(sticky ? (['stickiness'] as const) : []),
    'healthCheck',
  ]);
}

/** A declared setting a layer refuses or warns of, with the layer's field (`expose[i]`, or `dataplane`). */
export interface SettingFinding {
  /** `expose[i]` for an exposure, `dataplane` for the dataplane's proxy. */
  readonly field: string;
  readonly setting: TrafficSetting;
  readonly cell: Exclude<SettingCell, { state: 'applied' }>;
  readonly layer: string;
}

/**
 * Every declared setting that a layer of the app refuses or warns of, in `expose` order, then the dataplane's
 * (`dataplaneRow`).
 */
export function settingFindings(app: AppSpec): SettingFinding[] {
  const out: SettingFinding[] = [];
  const dp = dataplaneLayer(app);
  if (app.exposures.length === 0 && !dp) return out;
  const declared = declaredSettings(app);
  const settings = TRAFFIC_SETTINGS.filter((s) => declared.has(s));
  // The layer that applies the app's balancing, looked for only when another layer refuses it.
  const balancedBy = () =>
    app.exposures.find((x) => settingCell(x.traits, 'loadBalancing', app.traffic).state === 'applied');
  app.exposures.forEach((e, exposure) => {
    for (const setting of settings) {
      // The precision of a split the layer does not make is the split's finding, raised once.
      if (setting === 'canaryPrecision' && settingCell(e.traits, 'canarySplit', app.traffic).state !== 'applied')
        continue;
      let cell = settingCell(e.traits, setting, app.traffic);
      // A hash another layer of the app applies (the mesh, for its clients) is a warning on this one, not an error.
      if (setting === 'loadBalancing' && cell.state === 'refused' && !e.traits.support?.loadBalancing) {
        const by = balancedBy();
        if (by) cell = warned(`${cell.why}; ${by.traits.label} applies it to the requests it carries`);
      }
      if (cell.state !== 'applied') out.push({ field: `expose[${exposure}]`, setting, cell, layer: e.traits.label });
    }
  });
  if (!dp) return out;
  const row = dataplaneRow(dp, app.traffic);
  for (const setting of settings) {
    const cell = row[setting];
    if (cell.state !== 'applied') out.push({ field: dp.field, setting, cell, layer: dp.label });
  }
  return out;
}
