import type { TrafficAppProps, VersionProps } from '../app-props';
import type { ContainerSpec, VersionSpec, WorkloadSpec } from '../app-spec';
import { checkInt } from '../integers';
import { checkAnnotationKeys, checkDnsLabel, checkLabels } from '../kubernetes-syntax';
import { Problems, showValue } from '../problems';
import { checkImage, resolveEnv } from './container';
import { mergeResources, resolveResources } from './resources';
import { resolveVolumes, VolumeSpec } from './volumes';

/** The label that carries the version (on the pods, and in the selectors of an app with several versions). */
export const VERSION_LABEL = 'version';

/** What a version's overrides are resolved against: the app's container and volumes. */
export interface VersionBase {
  readonly container: ContainerSpec;
  readonly volumes: readonly VolumeSpec[];
}

/** The fields a version deployed elsewhere cannot set (nothing of its workload is written here). */
const WORKLOAD_FIELDS = [
  'image',
  'replicas',
  'env',
  'command',
  'args',
  'resources',
  'volumes',
  'podLabels',
  'podAnnotations',
] as const;

/**
 * Resolves the stable version and the others, with names, selectors, weights, the overrides of each version's
 * container and volumes, and the versions deployed elsewhere (selected by their labels, no workload written).
 */
export function resolveVersions(
  problems: Problems,
  p: TrafficAppProps,
  selector: Record<string, string>,
  podLabels: Record<string, string>,
  base: VersionBase,
): VersionSpec[] {
  const replicas = checkInt(
    problems,
    'replicas',
    p.replicas,
    2,
    0,
    10000,
    'set `replicas` to a whole number from 0 to 10000 (at least 2 for availability)',
  );
  checkVersionLabels(problems, p, selector);
  const extra = Object.entries(p.versions ?? {});
  if (extra.length === 0) return [singleVersion(problems, p, selector, podLabels, replicas)];
  if (p.versionInSelector === false)
    problems.add(
      'versionInSelector',
      false,
      "an app with `versions` selects each version's pods by the version label: without it the versions' Deployments would select each other's pods",
      'remove `versionInSelector`',
    );
  const stableVersion = p.version ?? 'v1';
  const seen = new Set<string>([stableVersion]);
  checkDnsLabel(problems, 'version', stableVersion, 20);
  const stable = writtenVersion(
    p,
    stableVersion,
    selector,
    podLabels,
    p.names?.deployment ?? `${p.name}-${stableVersion}`,
  );
  checkDnsLabel(problems, 'names.deployment', stable.deploymentName);
  const out: VersionSpec[] = [{ ...stable, replicas }];
  for (const [version, vp] of extra) {
    const f = `versions.${version}`;
    checkDnsLabel(problems, f, version, 20);
    if (seen.has(version))
      problems.add(
        f,
        version,
        'the stable version and a canary have the same name',
        'give each version a distinct label value, e.g. "v1" and "v2"',
      );
    seen.add(version);
    if (vp.external !== undefined) continue;
    const written = writtenVersion(p, version, selector, podLabels, `${p.name}-${version}`);
    checkDnsLabel(problems, f, written.deploymentName);
    out.push({
      ...written,
      ...versionPodMetadata(problems, f, vp, written),
      stable: false,
      image: vp.image ?? p.image,
      weight: canaryWeightOf(problems, f, vp),
      replicas: checkInt(problems, `${f}.replicas`, vp.replicas, 1, 0, 10000),
      ...versionOverrides(problems, f, vp, base),
    });
  }
  // The versions deployed elsewhere, in their declared place, checked against the pods written here.
  const all = extra.map(([version, vp]) =>
    vp.external === undefined
      ? out.find((v) => v.version === version)!
      : externalVersion(problems, p, version, vp, selector, out),
  );
  return weighStable(problems, [out[0], ...all]);
}

/** An app with one version: the `version` label on the pods, in the Deployment's selector only when asked. */
function singleVersion(
  problems: Problems,
  p: TrafficAppProps,
  selector: Record<string, string>,
  podLabels: Record<string, string>,
  replicas: number,
): VersionSpec {
  const version = p.version;
  if (version !== undefined) checkDnsLabel(problems, 'version', version, 20);
  else if (p.versionInSelector === true)
    problems.add(
      'versionInSelector',
      true,
      'there is no version label to select: the app declares no `version`',
      'set `version` (e.g. "v1"), or remove `versionInSelector`',
    );
  const label: Record<string, string> = version !== undefined ? { [VERSION_LABEL]: version } : {};
  const vSelector = p.versionInSelector === true ? { ...selector, ...label } : selector;
  return {
    ...(version !== undefined ? { version } : {}),
    stable: true,
    deploymentName: p.names?.deployment ?? p.name,
    image: p.image,
    replicas,
    weight: 100,
    selector: vSelector,
    // Object.assign: a hidden class shared between apps (see `labels` in resolveApp).
    podLabels: Object.assign({}, podLabels, selector, label),
  };
}

/** A version whose Deployment this app writes: its name, Service, selector and pod labels. */
function writtenVersion(
  p: TrafficAppProps,
  version: string,
  selector: Record<string, string>,
  podLabels: Record<string, string>,
  deploymentName: string,
): VersionSpec {
  const vSelector = { ...selector, [VERSION_LABEL]: version };
  return {
    version,
    stable: true,
    deploymentName,
    serviceName: `${p.name}-${version}`,
    image: p.image,
    replicas: 0,
    weight: 0,
    selector: vSelector,
    podLabels: { ...podLabels, ...vSelector },
  };
}

/** A `version` label given elsewhere (selector, labels, pod labels) that the version label would contradict. */
function checkVersionLabels(problems: Problems, p: TrafficAppProps, selector: Record<string, string>): void {
  const written = p.versions && Object.keys(p.versions).length > 0 ? (p.version ?? 'v1') : p.version;
  if (written === undefined) return;
  if (p.versions && Object.keys(p.versions).length > 0 && VERSION_LABEL in selector)
    problems.add(
      `selectorLabels.${VERSION_LABEL}`,
      selector[VERSION_LABEL],
      "the app's Service selects the pods of every version: with the version label in `selectorLabels` it would select one version only",
      "remove `version` from `selectorLabels` (each version adds its own; `names.deployment` keeps a Deployment's name)",
    );
  for (const k of ['selectorLabels', 'labels', 'podLabels'] as const) {
    const v = p[k]?.[VERSION_LABEL];
    if (v !== undefined && v !== written)
      problems.add(
        `${k}.${VERSION_LABEL}`,
        v,
        `contradicts the version label the pods get from \`version\` (${showValue(written)})`,
        'remove the label: `version` writes it',
      );
  }
}

/**
 * A version's own pod labels and annotations, over the app's: checked like the app's, and a label may not change what
 * the version is selected by (its Deployment's selector: the app's selector labels and the version label).
 */
function versionPodMetadata(
  problems: Problems,
  f: string,
  vp: VersionProps,
  written: VersionSpec,
): Pick<VersionSpec, 'podLabels' | 'podAnnotations'> {
  checkLabels(problems, `${f}.podLabels`, vp.podLabels);
  checkAnnotationKeys(problems, `${f}.podAnnotations`, vp.podAnnotations);
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(vp.podLabels ?? {})) {
    const selected = written.selector[k];
    if (selected !== undefined && selected !== v)
      problems.add(
        `${f}.podLabels.${k}`,
        v,
        `changes the selector label ${k}=${selected}: the version's Deployment and Services select its pods by it, and would stop selecting them`,
        k === VERSION_LABEL
          ? 'remove the label: the key of `versions` is the version label'
          : 'remove the label, or change it on the app (`selectorLabels`) for every version',
      );
    else labels[k] = v;
  }
  return {
    podLabels: { ...written.podLabels, ...labels, ...written.selector },
    ...(vp.podAnnotations !== undefined && Object.keys(vp.podAnnotations).length > 0
      ? { podAnnotations: { ...vp.podAnnotations } }
      : {}),
  };
}

/** A version's container and volumes, where it overrides the app's; checked like the app's own fields. */
function versionOverrides(
  problems: Problems,
  f: string,
  vp: VersionProps,
  base: VersionBase,
): Pick<VersionSpec, 'container' | 'volumes'> {
  const out: { container?: ContainerSpec; volumes?: VolumeSpec[] } = {};
  if (vp.env !== undefined || vp.command !== undefined || vp.args !== undefined || vp.resources !== undefined) {
    const c = base.container;
    const env = resolveEnv(problems, (s) => `${f}.${s}`, vp.env);
    const replaced = new Map(env.map((e) => [e.name, e]));
    out.container = {
      ...c,
      command: vp.command ?? c.command,
      args: vp.args ?? c.args,
      env: [
        ...c.env.map((e) => replaced.get(e.name) ?? e),
        ...env.filter((e) => !c.env.some((x) => x.name === e.name)),
      ],
      resources:
        vp.resources !== undefined
          ? resolveResources(problems, `${f}.resources`, mergeResources(c.resources, vp.resources))
          : c.resources,
    };
  }
  if (vp.volumes !== undefined) {
    const given = resolveVolumes(problems, `${f}.volumes`, vp.volumes);
    const names = new Set(base.volumes.map((v) => v.name));
    for (const v of given)
      if (v.kind === 'persistentVolumeClaim' && v.claim)
        problems.add(
          `${f}.volumes.${v.name}`,
          v.claimName,
          "a claim written with Volume.claim belongs to the app, not to one version (it is written once, with the app's name)",
          "declare the claim in the app's `volumes`, or use an existing claim here: Volume.persistentVolumeClaim(name)",
        );
      else if (!names.has(v.name))
        problems.add(
          `${f}.volumes.${v.name}`,
          v.name,
          `is not a volume of the app (its volumes: ${[...names].join(', ') || 'none'}): a version replaces the app's volumes by name, the app's \`volumeMounts\` mount them`,
          "declare the volume in the app's `volumes` and mount it with `volumeMounts`, then replace it here",
        );
    out.volumes = base.volumes.map((v) => given.find((g) => g.name === v.name) ?? v);
  }
  return out;
}

/**
 * A version deployed elsewhere: selected by its labels (which must include the app's selector, so its Service and
 * mesh subsets reach the pods, and tell its pods apart from every pod written here); no workload, no overrides.
 */
function externalVersion(
  problems: Problems,
  p: TrafficAppProps,
  version: string,
  vp: VersionProps,
  selector: Record<string, string>,
  written: readonly VersionSpec[],
): VersionSpec {
  const f = `versions.${version}`;
  const labels = { ...(vp.external?.labels ?? {}) };
  checkLabels(problems, `${f}.external.labels`, labels);
  for (const k of WORKLOAD_FIELDS)
    if (vp[k] !== undefined)
      problems.add(
        `${f}.${k}`,
        vp[k],
        "is a field of the version's workload, but the version is deployed elsewhere (`external`): nothing of it is written here",
        `remove \`${k}\` (set it where the version is deployed), or remove \`external\` to deploy the version from here`,
      );
  if (Object.keys(labels).length === 0)
    problems.add(
      `${f}.external.labels`,
      vp.external?.labels,
      'selects no pods: a version deployed elsewhere is known by its labels only',
      `give the labels of its pods, e.g. ${showValue({ ...selector, [VERSION_LABEL]: version })}`,
    );
  else checkExternalLabels(problems, f, labels, selector, written, version);
  return {
    version,
    stable: false,
    external: true,
    deploymentName: `${p.name}-${version}`,
    serviceName: `${p.name}-${version}`,
    image: p.image,
    replicas: 0,
    weight: canaryWeightOf(problems, f, { weight: vp.weight }),
    selector: labels,
    podLabels: labels,
  };
}

/** An external version's labels include the app's selector and tell its pods apart from every pod written here. */
function checkExternalLabels(
  problems: Problems,
  f: string,
  labels: Record<string, string>,
  selector: Record<string, string>,
  written: readonly VersionSpec[],
  version: string,
): void {
  const missing = Object.entries(selector).filter(([k, v]) => labels[k] !== v);
  if (missing.length > 0)
    problems.add(
      `${f}.external.labels`,
      labels,
      `lacks the app's selector labels (${missing.map(([k, v]) => `${k}=${v}`).join(', ')}): the app's Service and the mesh subsets would not reach the version's pods`,
      `add them: ${showValue({ ...selector, ...labels })}, and make sure the version's pods carry them`,
    );
  const apart = Object.entries(labels).some(([k, v]) => !(k in selector) && written.every((w) => w.podLabels[k] !== v));
  if (!apart)
    problems.add(
      `${f}.external.labels`,
      labels,
      `also select the pods this app writes (${written.map((w) => w.version).join(', ')}): the version's Service and subset would send its share to them`,
      `add a label only the version's pods carry, e.g. ${showValue({ ...labels, [VERSION_LABEL]: version })}`,
    );
}

/** The stable version gets the share the others leave; weights above 100% together are a problem. */
function weighStable(problems: Problems, versions: VersionSpec[]): VersionSpec[] {
  const canaryWeight = versions.slice(1).reduce((s, v) => s + v.weight, 0);
  if (canaryWeight > 100)
    problems.add(
      'versions',
      canaryWeight,
      'the canary weights add up to more than 100%',
      'lower the weights so the stable version keeps the rest',
    );
  versions[0] = { ...versions[0], weight: Math.max(0, Math.round((100 - canaryWeight) * 1e6) / 1e6) };
  return versions;
}

/** A canary's weight (0 to 100 percent, 0 when wrong), its image checked. */
function canaryWeightOf(problems: Problems, f: string, vp: { image?: string; weight?: number }): number {
  if (vp.image !== undefined) checkImage(problems, `${f}.image`, vp.image);
  const weight = vp.weight ?? 0;
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > 100) {
    problems.add(`${f}.weight`, vp.weight, 'must be a percentage from 0 to 100', 'use e.g. 1 for a 1% canary');
    return 0;
  }
  return weight;
}

/**
 * Label requirements that leave out the pods of the versions deployed elsewhere (`NotIn` on a label only their pods
 * carry), for the objects that count the app's own pods: its disruption budget (a pod under two budgets cannot be
 * evicted at all). Empty when every version is written here.
 */
export function withoutExternalPods(
  app: Pick<WorkloadSpec, 'selector' | 'versions'>,
): { key: string; operator: 'NotIn'; values: string[] }[] {
  // A loop, not `some`: this runs once per app, cold, and most apps deploy every version here.
  let external = false;
  for (const v of app.versions) if (v.external) external = true;
  if (!external) return [];
  const written = app.versions.filter((v) => !v.external);
  const byKey = new Map<string, string[]>();
  for (const v of app.versions.filter((x) => x.external)) {
    const own = Object.entries(v.selector).find(
      ([k, x]) => !(k in app.selector) && written.every((w) => w.podLabels[k] !== x),
    );
    if (own) byKey.set(own[0], [...(byKey.get(own[0]) ?? []), own[1]]);
  }
  return [...byKey].map(([key, values]) => ({ key, operator: 'NotIn' as const, values }));
}
