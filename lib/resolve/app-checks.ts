import type { AppSpec } from '../model/app-spec';
import type { Problem } from '../model/problems';
import { checkExposureConflicts } from './exposure-conflicts';

/** A problem found by looking at several apps together; `app` is the index of the app it is reported on. */
export interface ChartProblem {
  readonly app: number;
  readonly problem: Problem;
}

/** True when every label of `selector` is present, with the same value, in `labels`. */
export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * Checks that span apps: a selector that would also select another app's pods in the same namespace
 * (its Service would send traffic to the wrong pods, its PDB count them), and two apps writing an object
 * of the same kind and name into the same namespace; exposures that conflict (`checkExposureConflicts`).
 * `resolveApps` adds the load balancer plan's problems and the rules' errors.
 */
export function checkApps(apps: readonly AppSpec[]): ChartProblem[] {
  const out: ChartProblem[] = [];
  // Index every pod template by namespace and label, so each selector is checked against the few
  // templates that carry its labels rather than against every app (linear in the number of apps).
  const byLabel = new Map<string, { app: number; labels: Readonly<Record<string, string>>; deployment: string }[]>();
  apps.forEach((b, j) => {
    for (const v of b.versions) {
      for (const [k, val] of Object.entries(v.podLabels)) {
        const key = `${b.namespace}\u0000${k}\u0000${val}`;
        let list = byLabel.get(key);
        if (!list) byLabel.set(key, (list = []));
        list.push({ app: j, labels: v.podLabels, deployment: v.deploymentName });
      }
    }
  });
  apps.forEach((a, i) => {
    const lists = Object.entries(a.selector).map(([k, v]) => byLabel.get(`${a.namespace}\u0000${k}\u0000${v}`) ?? []);
    const shortest = lists.reduce((m, l) => (l.length < m.length ? l : m), lists[0] ?? []);
    const other = shortest.find((t) => t.app !== i && selects(a.selector, t.labels));
    if (other) {
      const b = apps[other.app];
      out.push({ app: i, problem: {
        field: 'selectorLabels', value: a.selector,
        message: `also selects the pods of app "${b.name}" (${other.deployment}) in namespace ${a.namespace}: its Service and disruption budget would include them`,
        fix: `give "${a.name}" selector labels that identify it alone, e.g. { "app.kubernetes.io/name": "${a.name}" }`,
        ruleId: 'CT-K8S-001',
      } });
    }
  });
  const owners = new Map<string, number>();
  apps.forEach((a, i) => {
    const names: [string, string][] = [
      ...a.versions.map((v): [string, string] => ['Deployment', v.deploymentName]),
      ['ServiceAccount', a.serviceAccountName],
    ];
    if (a.service) names.push(['Service', a.service.name]);
    if (a.versions.length > 1) for (const v of a.versions) names.push(['Service', v.serviceName!]);
    for (const [kind, name] of names) {
      const key = `${a.namespace}/${kind}/${name}`;
      const prev = owners.get(key);
      if (prev !== undefined && prev !== i) {
        out.push({ app: i, problem: {
          field: 'names', value: name,
          message: `the ${kind} "${name}" in namespace ${a.namespace} is also written by app "${apps[prev].name}"`,
          fix: 'rename one app, or set `names` so every object has its own name', ruleId: 'CT-K8S-002',
        } });
      } else owners.set(key, i);
    }
  });
  out.push(...checkMeshNamespaces(apps));
  out.push(...checkExposureConflicts(apps));
  return out;
}

/** Apps of one namespace that would label it into a mesh differently (sidecar, ambient, another revision, another mesh). */
function checkMeshNamespaces(apps: readonly AppSpec[]): ChartProblem[] {
  const out: ChartProblem[] = [];
  const first = new Map<string, { app: number; label: string }>();
  apps.forEach((a, i) => a.exposures.forEach((e) => {
    const m = e.traits.mesh;
    if (!m?.namespaceLabel) return;
    const label = `${m.namespaceLabel.key}=${m.namespaceLabel.value}`;
    const prev = first.get(a.namespace);
    if (!prev) first.set(a.namespace, { app: i, label });
    else if (prev.label !== label) {
      out.push({ app: i, problem: {
        field: m.field, value: label,
        message: `app "${apps[prev.app].name}" labels namespace ${a.namespace} with ${prev.label}: a namespace joins one mesh, one way`,
        fix: 'give every app of the namespace the same mesh and `injection`, or set `injection: false` on all but one',
      } });
    }
  }));
  return out;
}
