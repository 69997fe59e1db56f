import { Duration } from 'cdk8s';
import { AT_LEAST_0, wholeSeconds } from '../durations';
import { checkInt } from '../integers';
import { checkDnsSubdomain, checkLabels } from '../kubernetes-syntax';
import { mapList } from '../lists';
import { Problems } from '../problems';
import { deepFreeze } from '../freeze';

/** A toleration of a node taint. */
export interface TolerationProps {
  /**
   * The taint's key.
   * @default every key (only with operator 'Exists')
   */
  readonly key?: string;
  /**
   * 'Equal' matches the value; 'Exists' any value.
   * @default 'Equal'
   */
  readonly operator?: 'Equal' | 'Exists';
  /**
   * The taint's value (with 'Equal').
   * @default ''
   */
  readonly value?: string;
  /**
   * The taint effect tolerated.
   * @default every effect
   */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /**
   * With NoExecute: how long the pod stays on a node after the taint appears.
   * Range: at least 0 s.
   * @default forever
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions (`tolerationSeconds`)
   */
  readonly tolerationSeconds?: Duration;
}

/** One condition on node (or pod) labels. */
export interface LabelRequirement {
  /** The label key. */
  readonly key: string;
  /** How the label is compared; 'Gt' and 'Lt' only on node labels. */
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  /**
   * The values (none with Exists and DoesNotExist; one integer with Gt and Lt).
   * @default none
   */
  readonly values?: readonly string[];
}

/** Node affinity: nodes the pods must, or should, run on. */
export interface NodeAffinityProps {
  /**
   * Node label conditions that must all hold (one node selector term).
   * @default none
   */
  readonly required?: readonly LabelRequirement[];
  /**
   * Preferred node label conditions, each with a weight from 1 to 100.
   * @default none
   */
  readonly preferred?: readonly { readonly weight: number; readonly match: readonly LabelRequirement[] }[];
}

/** A pod (anti-)affinity term: pods with these labels, counted per topology domain. */
export interface PodAffinityTermProps {
  /** Labels of the other pods (in the app's namespace unless `namespaces` is set). */
  readonly labels: Readonly<Record<string, string>>;
  /** The domain, e.g. `kubernetes.io/hostname` or `topology.kubernetes.io/zone`. */
  readonly topologyKey: string;
  /**
   * Namespaces of the other pods.
   * @default the app's namespace
   */
  readonly namespaces?: readonly string[];
  /**
   * Weight 1-100 for a preferred term; absent for a required one.
   * @default required
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity (`weight`, 1-100)
   */
  readonly weight?: number;
}

/** A topology spread constraint over any label of the nodes. */
export interface TopologySpreadProps {
  /** The node label that defines the domains, e.g. `kubernetes.io/hostname` or a rack label. */
  readonly topologyKey: string;
  /**
   * The largest allowed difference of pod counts between two domains.
   * Range: 1-1000.
   * @default 1
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/#spread-constraint-definition (`maxSkew`, at least 1)
   */
  readonly maxSkew?: number;
  /**
   * 'DoNotSchedule' keeps pods pending rather than break the spread.
   * @default 'ScheduleAnyway'
   */
  readonly whenUnsatisfiable?: 'DoNotSchedule' | 'ScheduleAnyway';
}

/** Where the pods may run, and with what priority. */
export interface SchedulingOptions {
  /**
   * Node labels the node must carry.
   * @default none
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints tolerated.
   * @default none
   */
  readonly tolerations?: readonly TolerationProps[];
  /**
   * Node affinity.
   * @default none
   */
  readonly nodeAffinity?: NodeAffinityProps;
  /**
   * Pods to run near.
   * @default none
   */
  readonly podAffinity?: readonly PodAffinityTermProps[];
  /**
   * Pods to stay away from.
   * @default none
   */
  readonly podAntiAffinity?: readonly PodAffinityTermProps[];
  /**
   * The simple anti-affinity helper: keep the app's own pods on different nodes, 'preferred' (when
   * possible) or 'required' (pods stay pending rather than share a node).
   * @default none
   */
  readonly spreadAcrossNodes?: 'preferred' | 'required';
  /**
   * Topology spread constraints beyond `availability.spreadAcrossZones` (which stays the zone shorthand).
   * @default none
   */
  readonly topologySpread?: readonly TopologySpreadProps[];
  /**
   * The PriorityClass of the pods.
   * @default the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Secrets (of type kubernetes.io/dockerconfigjson) to pull the images with.
   * @default none
   */
  readonly imagePullSecrets?: readonly string[];
}

/** A resolved (anti-)affinity term. */
export interface PodAffinityTermSpec {
  readonly labels: Readonly<Record<string, string>>;
  readonly topologyKey: string;
  readonly namespaces?: readonly string[];
  readonly weight?: number;
}

/** The resolved scheduling options. */
export interface SchedulingSpec {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly {
    readonly key?: string;
    readonly operator: 'Equal' | 'Exists';
    readonly value?: string;
    readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
    readonly tolerationSeconds?: number;
  }[];
  readonly nodeAffinity?: {
    readonly required: readonly LabelRequirement[];
    readonly preferred: readonly { readonly weight: number; readonly match: readonly LabelRequirement[] }[];
  };
  readonly podAffinity: readonly PodAffinityTermSpec[];
  readonly podAntiAffinity: readonly PodAffinityTermSpec[];
  readonly topologySpread: readonly {
    readonly topologyKey: string;
    readonly maxSkew: number;
    readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  }[];
  readonly priorityClassName?: string;
  readonly imagePullSecrets: readonly string[];
}

const OPS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function list<T>(problems: Problems, field: string, v: readonly T[] | undefined, example: string): readonly T[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    problems.add(field, v, 'must be a list', `write e.g. [${example}]`);
    return [];
  }
  return v;
}

function requirements(
  problems: Problems,
  field: string,
  reqs: readonly LabelRequirement[],
  nodes: boolean,
): LabelRequirement[] {
  return list(
    problems,
    field,
    reqs,
    '{ key: "node.kubernetes.io/instance-type", operator: "In", values: ["m7g.large"] }',
  ).map((r, i) => {
    const f = `${field}[${i}]`;
    if (typeof r?.key !== 'string' || r.key === '')
      problems.add(`${f}.key`, r?.key, 'a label key is required', 'name the node label, e.g. "kubernetes.io/arch"');
    else checkKey(problems, `${f}.key`, r.key, 'kubernetes.io/arch');
    if (!OPS.includes(r?.operator) || (!nodes && (r.operator === 'Gt' || r.operator === 'Lt'))) {
      problems.add(
        `${f}.operator`,
        r?.operator,
        `must be one of ${(nodes ? OPS : OPS.slice(0, 4)).join(', ')}`,
        'use In with values, or Exists',
      );
    }
    const values = r?.values ?? [];
    if (r?.operator === 'In' || r?.operator === 'NotIn')
      values.forEach((v, j) => checkValue(problems, `${f}.values[${j}]`, v));
    const none = r?.operator === 'Exists' || r?.operator === 'DoesNotExist';
    if (none && values.length > 0)
      problems.add(`${f}.values`, r.values, `takes no values with ${r.operator}`, 'remove `values`, or use In');
    if ((r?.operator === 'In' || r?.operator === 'NotIn') && values.length === 0)
      problems.add(
        `${f}.values`,
        r.values,
        `needs at least one value with ${r.operator}`,
        'list the values, or use Exists',
      );
    if (
      (r?.operator === 'Gt' || r?.operator === 'Lt') &&
      (values.length !== 1 || !/^-?[0-9]+$/.test(String(values[0])))
    )
      problems.add(`${f}.values`, r.values, `needs exactly one integer with ${r.operator}`, 'write e.g. values: ["4"]');
    return { key: r?.key, operator: r?.operator, values: values.length ? [...values] : undefined };
  });
}

function weight(problems: Problems, field: string, w: number | undefined): number | undefined {
  return w === undefined ? undefined : checkInt(problems, field, w, 1, 1, 100, 'use a weight from 1 to 100');
}

function podTerms(
  problems: Problems,
  field: string,
  terms: readonly PodAffinityTermProps[] | undefined,
): PodAffinityTermSpec[] {
  return mapList(
    list(problems, field, terms, '{ labels: { app: "cache" }, topologyKey: "kubernetes.io/hostname" }'),
    (t, i) => {
      const f = `${field}[${i}]`;
      if (typeof t?.labels !== 'object' || t.labels === null || Object.keys(t.labels).length === 0) {
        problems.add(
          `${f}.labels`,
          t?.labels,
          'needs the labels of the other pods (an empty selector matches every pod)',
          'write e.g. { "app.kubernetes.io/name": "cache" }',
        );
      } else checkLabels(problems, `${f}.labels`, t.labels);
      if (typeof t?.topologyKey !== 'string' || t.topologyKey === '')
        problems.add(
          `${f}.topologyKey`,
          t?.topologyKey,
          'a topology key is required',
          'use "kubernetes.io/hostname" (same node) or "topology.kubernetes.io/zone"',
        );
      else checkKey(problems, `${f}.topologyKey`, t.topologyKey, 'kubernetes.io/hostname');
      (Array.isArray(t?.namespaces) ? t.namespaces : []).forEach((n, j) => {
        if (typeof n !== 'string' || !DNS_LABEL.test(n) || n.length > 63)
          problems.add(
            `${f}.namespaces[${j}]`,
            n,
            'is not a namespace name (a DNS-1123 label)',
            'use a name such as "shop"',
          );
      });
      return {
        labels: { ...(t?.labels ?? {}) },
        topologyKey: t?.topologyKey,
        namespaces: t?.namespaces ? [...t.namespaces] : undefined,
        weight: weight(problems, `${f}.weight`, t?.weight),
      };
    },
  );
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A label key (a taint key, node label, topology key): an optional DNS prefix and "/", then a qualified name. */
function checkKey(problems: Problems, field: string, key: unknown, example: string): void {
  if (typeof key !== 'string') return;
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (
    (prefix !== undefined && (!DNS_SUBDOMAIN.test(prefix) || prefix.length > 253)) ||
    !QUALIFIED_NAME.test(name) ||
    name.length > 63
  )
    problems.add(
      field,
      key,
      'is not a valid label key (an optional DNS prefix and "/", then at most 63 letters, digits, "-", "_", "." starting and ending alphanumeric)',
      `use the key as the nodes carry it, e.g. "${example}"`,
    );
}

/** A label value (a taint value, node label value): at most 63 letters, digits, "-", "_", ".". */
function checkValue(problems: Problems, field: string, value: unknown): void {
  if (typeof value === 'string' && (!LABEL_VALUE.test(value) || value.length > 63))
    problems.add(
      field,
      value,
      'is not a valid label value (at most 63 letters, digits, "-", "_", "." starting and ending alphanumeric)',
      'use the value as the nodes carry it, e.g. "gpu"',
    );
}

/** Resolves `scheduling`; the anti-affinity helper becomes a term on the app's own selector. */
export function resolveScheduling(
  problems: Problems,
  s: SchedulingOptions | undefined,
  selector: Readonly<Record<string, string>>,
  zoneSpread = false,
): SchedulingSpec {
  if (s !== undefined && (typeof s !== 'object' || s === null)) {
    problems.add(
      'scheduling',
      s,
      'must be an object',
      'write e.g. { nodeSelector: { "kubernetes.io/arch": "arm64" } }',
    );
    s = undefined;
  }
  // Most apps declare no scheduling: one frozen spec each way, resolved at load (docs/development.md, Benchmark).
  if (s === undefined) return zoneSpread ? UNDECLARED_ZONE_SPREAD : UNDECLARED;
  return resolveDeclaredScheduling(problems, s, selector, zoneSpread);
}

/** The scheduling of a definition that declares it (an object). */
function resolveDeclaredScheduling(
  problems: Problems,
  o: SchedulingOptions,
  selector: Readonly<Record<string, string>>,
  zoneSpread: boolean,
): SchedulingSpec {
  checkLabels(problems, 'scheduling.nodeSelector', o.nodeSelector);
  const podAffinity = podTerms(problems, 'scheduling.podAffinity', o.podAffinity);
  const podAntiAffinity = podTerms(problems, 'scheduling.podAntiAffinity', o.podAntiAffinity);
  if (o.spreadAcrossNodes !== undefined) {
    if (o.spreadAcrossNodes !== 'preferred' && o.spreadAcrossNodes !== 'required') {
      problems.add(
        'scheduling.spreadAcrossNodes',
        o.spreadAcrossNodes,
        "must be 'preferred' or 'required'",
        "use 'preferred' unless two pods on one node is worse than a pending pod",
      );
    } else {
      podAntiAffinity.push({
        labels: { ...selector },
        topologyKey: 'kubernetes.io/hostname',
        weight: o.spreadAcrossNodes === 'preferred' ? 100 : undefined,
      });
    }
  }
  if (o.priorityClassName !== undefined)
    checkDnsSubdomain(problems, 'scheduling.priorityClassName', o.priorityClassName);
  const imagePullSecrets = list(problems, 'scheduling.imagePullSecrets', o.imagePullSecrets, '"registry-credentials"');
  imagePullSecrets.forEach((n, i) => checkDnsSubdomain(problems, `scheduling.imagePullSecrets[${i}]`, n));
  return {
    nodeSelector: o.nodeSelector ?? {},
    tolerations: resolveTolerations(problems, o.tolerations),
    nodeAffinity: resolveNodeAffinity(problems, o.nodeAffinity),
    podAffinity,
    podAntiAffinity,
    topologySpread: resolveTopologySpread(problems, o.topologySpread, zoneSpread),
    priorityClassName: o.priorityClassName,
    imagePullSecrets: [...imagePullSecrets],
  };
}

/** The tolerations: operators, keys and values the API server takes, effects and seconds. */
function resolveTolerations(problems: Problems, v: SchedulingOptions['tolerations']): SchedulingSpec['tolerations'] {
  return mapList(
    list(problems, 'scheduling.tolerations', v, '{ key: "dedicated", value: "gpu", effect: "NoSchedule" }'),
    (t, i) => {
      const f = `scheduling.tolerations[${i}]`;
      const operator = t?.operator ?? 'Equal';
      if (operator !== 'Equal' && operator !== 'Exists')
        problems.add(`${f}.operator`, t.operator, "must be 'Equal' or 'Exists'", "use 'Exists' to match any value");
      if (operator === 'Exists' && t.value !== undefined)
        problems.add(
          `${f}.value`,
          t.value,
          "takes no value with operator 'Exists'",
          "remove `value`, or use operator 'Equal'",
        );
      if (t?.key === undefined && operator !== 'Exists')
        problems.add(
          `${f}.key`,
          t?.key,
          "a toleration without a key must use operator 'Exists' (it tolerates every taint)",
          'name the taint key',
        );
      checkKey(problems, `${f}.key`, t?.key, 'dedicated');
      checkValue(problems, `${f}.value`, t?.value);
      if (t?.effect !== undefined && !EFFECTS.includes(t.effect))
        problems.add(
          `${f}.effect`,
          t.effect,
          `must be one of ${EFFECTS.join(', ')}`,
          'use the effect of the taint, or leave it out for every effect',
        );
      let seconds: number | undefined;
      if (t?.tolerationSeconds !== undefined) {
        if (t.effect !== 'NoExecute')
          problems.add(
            `${f}.tolerationSeconds`,
            t.tolerationSeconds,
            "applies only with effect 'NoExecute'",
            "set effect: 'NoExecute' or remove it",
          );
        seconds = wholeSeconds(problems, `${f}.tolerationSeconds`, t.tolerationSeconds, 0, AT_LEAST_0);
      }
      return { key: t?.key, operator, value: t?.value, effect: t?.effect, tolerationSeconds: seconds };
    },
  );
}

/** The node affinity's required and preferred conditions. */
function resolveNodeAffinity(problems: Problems, n: SchedulingOptions['nodeAffinity']): SchedulingSpec['nodeAffinity'] {
  if (n === undefined) return undefined;
  const required = requirements(problems, 'scheduling.nodeAffinity.required', n.required ?? [], true);
  const preferred = list(
    problems,
    'scheduling.nodeAffinity.preferred',
    n.preferred,
    '{ weight: 50, match: [...] }',
  ).map((p, i) => ({
    weight: weight(problems, `scheduling.nodeAffinity.preferred[${i}].weight`, p?.weight ?? 0) ?? 1,
    match: requirements(problems, `scheduling.nodeAffinity.preferred[${i}].match`, p?.match ?? [], true),
  }));
  if (required.length === 0 && preferred.length === 0)
    problems.add(
      'scheduling.nodeAffinity',
      n,
      'has no condition',
      'give `required` or `preferred` conditions, or remove it',
    );
  return { required, preferred };
}

/**
 * The spread constraints: topology keys, and no two with one topology key and `whenUnsatisfiable` (the API
 * server's list-map keys), the zone spread of `availability.spreadAcrossZones` included.
 */
function resolveTopologySpread(
  problems: Problems,
  v: SchedulingOptions['topologySpread'],
  zoneSpread: boolean,
): SchedulingSpec['topologySpread'] {
  const seen = new Map<string, string>();
  if (zoneSpread) seen.set('topology.kubernetes.io/zone ScheduleAnyway', 'availability.spreadAcrossZones');
  return mapList(
    list(problems, 'scheduling.topologySpread', v, '{ topologyKey: "kubernetes.io/hostname" }'),
    (t, i) => {
      const f = `scheduling.topologySpread[${i}]`;
      if (typeof t?.topologyKey !== 'string' || t.topologyKey === '')
        problems.add(
          `${f}.topologyKey`,
          t?.topologyKey,
          'a topology key is required',
          'use a node label such as "kubernetes.io/hostname"',
        );
      else checkKey(problems, `${f}.topologyKey`, t.topologyKey, 'topology.kubernetes.io/zone');
      const when = t?.whenUnsatisfiable ?? 'ScheduleAnyway';
      if (when !== 'ScheduleAnyway' && when !== 'DoNotSchedule')
        problems.add(
          `${f}.whenUnsatisfiable`,
          t.whenUnsatisfiable,
          "must be 'ScheduleAnyway' or 'DoNotSchedule'",
          "use 'ScheduleAnyway' unless a pending pod is better than an uneven spread",
        );
      const key = `${t?.topologyKey} ${when}`;
      const prev = seen.get(key);
      if (prev !== undefined)
        problems.add(
          `${f}.topologyKey`,
          t?.topologyKey,
          `is spread with whenUnsatisfiable ${when} already by ${prev}: the API server refuses two such constraints`,
          prev === 'availability.spreadAcrossZones'
            ? 'remove this constraint (`availability.spreadAcrossZones` writes it), or set `spreadAcrossZones: false`'
            : 'remove one of the two, or give them different `whenUnsatisfiable`',
        );
      else seen.set(key, f);
      return {
        topologyKey: t?.topologyKey,
        maxSkew: checkInt(problems, `${f}.maxSkew`, t?.maxSkew, 1, 1, 1000),
        whenUnsatisfiable: when,
      };
    },
  );
}

/** The scheduling of an app that declares none, without and with `availability.spreadAcrossZones` (no problems). */
const UNDECLARED: SchedulingSpec = deepFreeze(resolveDeclaredScheduling(new Problems(), {}, {}, false));
const UNDECLARED_ZONE_SPREAD: SchedulingSpec = deepFreeze(resolveDeclaredScheduling(new Problems(), {}, {}, true));
