import { checkInput } from '../input/check-input';
import { Problems } from '../problems';
import { deepFreeze } from '../freeze';
import {
  TARGET_COMBINATIONS,
  TARGET_FEATURES,
  TARGET_IDS,
  TargetCombination,
  TargetFeature,
  TargetFeatureId,
  TargetId,
  targetEntry,
} from './target-table';
import type { TrafficTargetsProps } from './targets-props';
import { Version, atLeast, compareVersions, minorOf, parseVersion, versionText } from './version';

/** One resolved target: its version, or absent (`'none'`). */
export interface TargetSpec {
  /** Undefined: not installed (`'none'`). */
  readonly version?: Version;
  /** As declared or defaulted: `1.33`, `none`. */
  readonly text: string;
  /** True when declared (on the App, chart or stack), false for the library's default. */
  readonly declared: boolean;
}

/** The resolved targets an app is written for. */
export interface TargetsSpec {
  readonly versions: Readonly<Record<TargetId, TargetSpec>>;
  /** Undefined: each app's own `traffic.gatewayApiChannel`. */
  readonly gatewayApiChannel?: 'standard' | 'experimental';
}

const NONE = 'none';

/** One place targets are declared: the App's declaration or a chart's or stack's `targets`, with its field. */
export interface TargetsLayer {
  /** The field problems are reported at, e.g. `targets` or `TrafficTargets.declare(App)`. */
  readonly field: string;
  readonly props?: TrafficTargetsProps;
}

/**
 * Resolves the declared targets: `layers` from the widest (the App) to the narrowest (a chart or stack), each
 * overriding the targets it names; every problem (not a version, outside the supported range, `'none'` where the
 * target cannot be absent, a combination known to be broken) is added at the field of the layer that declared it.
 *
 * @example
 * const targets = resolveTargets(problems, [{ field: 'targets', props: { kubernetes: '1.33' } }]);
 */
export function resolveTargets(problems: Problems, layers: readonly TargetsLayer[]): TargetsSpec {
  const merged: Record<string, { value: unknown; field: string }> = {};
  for (const layer of layers) {
    if (layer.props === undefined) continue;
    const checked = checkInput<TrafficTargetsProps>(problems, layer.field, layer.props, 'TrafficTargetsProps');
    for (const [k, v] of Object.entries(checked ?? {}))
      if (v !== undefined) merged[k] = { value: v, field: `${layer.field}.${k}` };
  }
  // Nothing declared: the defaults, one frozen spec whose cache key is made once (`targetsKey`), not once per app.
  return Object.keys(merged).length > 0 ? resolveMerged(problems, merged) : DEFAULT_TARGETS;
}

/** The targets of the merged declarations (each value with the field it was declared at). */
function resolveMerged(
  problems: Problems,
  merged: Readonly<Record<string, { readonly value: unknown; readonly field: string }>>,
): TargetsSpec {
  const versions = {} as Record<TargetId, TargetSpec>;
  for (const id of TARGET_IDS)
    // Deeply: the parsed version too (DEFAULT_TARGETS is shared by every app; nothing of it may be changed).
    versions[id] = deepFreeze(resolveOne(problems, merged[id]?.field ?? id, id, merged[id]?.value));
  const channel = merged.gatewayApiChannel?.value as TargetsSpec['gatewayApiChannel'];
  if (channel !== undefined && versions.gatewayApi.declared && !versions.gatewayApi.version)
    problems.add(
      merged.gatewayApiChannel.field,
      channel,
      "names a channel of the Gateway API CRDs, which the targets say are not installed (gatewayApi: 'none')",
      "remove gatewayApiChannel, or declare the installed Gateway API version (e.g. gatewayApi: '1.5')",
    );
  const spec: TargetsSpec = Object.freeze({
    versions: Object.freeze(versions),
    ...(channel !== undefined ? { gatewayApiChannel: channel } : {}),
  });
  for (const c of TARGET_COMBINATIONS) combinationProblem(problems, merged, spec, c);
  return spec;
}

/** One target: the declared version when it is one in the supported range, else the default. */
function resolveOne(problems: Problems, field: string, id: TargetId, given: unknown): TargetSpec {
  const t = targetEntry(id);
  const fallback: TargetSpec = { version: parseVersion(t.default), text: t.default, declared: false };
  if (given === undefined) return fallback;
  if (given === NONE) {
    if (t.mayBeAbsent) return { text: NONE, declared: true };
    problems.add(
      field,
      given,
      `${t.name} cannot be absent: the output runs on it`,
      `declare its version, e.g. '${t.newest}'`,
    );
    return fallback;
  }
  const v = parseVersion(given);
  if (!v) {
    const bare = typeof given === 'string' ? /^v(\d+\.\d+(?:\.\d+)?)$/.exec(given.trim()) : null;
    problems.add(
      field,
      given,
      `is not a version of ${t.name} (major.minor or major.minor.patch)`,
      bare
        ? `write it without the "v": '${bare[1]}'`
        : `write e.g. '${t.newest}'${t.mayBeAbsent ? ", or 'none' when it is not installed" : ''}`,
    );
    return fallback;
  }
  if (compareVersions(minorOf(v), t.oldest) < 0 || compareVersions(minorOf(v), t.newest) > 0) {
    const older = compareVersions(minorOf(v), t.oldest) < 0;
    problems.add(
      field,
      given,
      `is outside the ${t.name} versions cdk-traffic writes for (${t.oldest} to ${t.newest}, docs/targets.md)`,
      older
        ? `upgrade ${t.name} to ${t.oldest} or later and declare that, or use an older cdk-traffic release`
        : `declare '${t.newest}' (the newest cdk-traffic knows) once you have checked the output on ${given}, or upgrade cdk-traffic`,
    );
    return fallback;
  }
  return { version: v, text: versionText(v), declared: true };
}

/** A combination known to be broken, when both targets are declared. */
function combinationProblem(
  problems: Problems,
  fields: Readonly<Record<string, { readonly field: string }>>,
  spec: TargetsSpec,
  c: TargetCombination,
): void {
  const a = spec.versions[c.when.target];
  const b = spec.versions[c.other.target];
  if (!a.declared || !b.declared || !a.version || !b.version) return;
  const inWhen = atLeast(minorOf(a.version), c.when.oldest) && atLeast(c.when.newest, minorOf(a.version));
  if (!inWhen) return;
  const low = c.other.oldest === undefined || atLeast(minorOf(b.version), c.other.oldest);
  const high = c.other.newest === undefined || atLeast(c.other.newest, minorOf(b.version));
  if (low && high) return;
  const range = `${c.other.oldest ?? 'any'} to ${c.other.newest ?? 'any newer'}`;
  problems.add(
    fields[c.other.target]?.field ?? c.other.target,
    b.text,
    `does not work with ${targetEntry(c.when.target).name} ${a.text}: ${c.why} (${c.see})`,
    `declare ${targetEntry(c.other.target).name} ${range} (what the clusters run), or ${targetEntry(c.when.target).name} that reads ${b.text}`,
  );
}

/** The library's defaults, every target undeclared. */
export const DEFAULT_TARGETS: TargetsSpec = resolveMerged(new Problems(), {});

/** `targetsKey(DEFAULT_TARGETS)`, made once. */
const DEFAULT_KEY: string = targetsKeyOf(DEFAULT_TARGETS);

/**
 * True when the target is installed in a version that has the feature.
 *
 * @example
 * targetHas(resolveTargets(problems, [{ field: 'targets', props: { kubernetes: '1.34' } }]), 'preferSameZone') // true
 */
export function targetHas(targets: TargetsSpec, feature: TargetFeatureId): boolean {
  const f = TARGET_FEATURES[feature];
  const v = targets.versions[f.target].version;
  return v !== undefined && atLeast(v, f.since);
}

/** A key of the targets, the same for equal targets (for caching a resolution per targets). */
export function targetsKey(targets: TargetsSpec): string {
  return targets === DEFAULT_TARGETS ? DEFAULT_KEY : targetsKeyOf(targets);
}

function targetsKeyOf(targets: TargetsSpec): string {
  // Built in a loop (once per app resolved): a spread of a mapped list deoptimized the resolution (docs/development.md).
  // Joined, not appended: each app's resolution cache keeps its key, and `+=` would leave it a tree of about 30
  // concatenated strings (about 1 KiB per app) instead of one flat string.
  const parts: string[] = [];
  for (const id of TARGET_IDS) {
    const v = targets.versions[id];
    parts.push(`${id}=${v.text}${v.declared ? '!' : ''};`);
  }
  parts.push(`channel=${targets.gatewayApiChannel ?? ''}`);
  return parts.join('');
}

/**
 * The targets as `SUMMARY.md` lists them (the `relevant` ones and every declared one), with what they imply: the
 * features of the table the version does not have yet, e.g. `Kubernetes 1.33 (declared; from 1.34: ...)`.
 */
export function targetsText(targets: TargetsSpec, relevant: readonly TargetId[] = TARGET_IDS): string[] {
  const shown = TARGET_IDS.filter((id) => relevant.includes(id) || targets.versions[id].declared);
  return shown.map((id) => {
    const t = targets.versions[id];
    const channel =
      id === 'gatewayApi' && t.version
        ? `, ${targets.gatewayApiChannel ? `${targets.gatewayApiChannel} channel` : 'channel per app'}`
        : '';
    const later = Object.values(TARGET_FEATURES as Readonly<Record<string, TargetFeature>>)
      .filter((f) => f.target === id && t.version !== undefined && !atLeast(t.version, f.since))
      .map((f) => `from ${f.since}: ${f.what}`);
    const how = [t.declared ? 'declared' : 'default', ...later].join('; ');
    return `${targetEntry(id).name} ${t.version ? t.text : 'not installed'}${channel} (${how})`;
  });
}
