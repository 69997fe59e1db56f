import type { AppSpec } from '../model/app-spec';
import type { Problem } from '../model/problems';
import type { PolicyPeerSpec } from '../model/dataplane/dataplane-spec';
import { checkExposureConflicts } from './exposure-conflicts';
import { findPort, resolvePort } from '../model/workload/port-resolution';
import { checkRouteClaims } from './route-claims';
import { flaggerRenamedLabel, selectsLabels } from '../model/delivery/primary-pods';
import { LabelIndex } from '../model/label-index';

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
 * The pod templates of an app: its versions', and with Flagger the primary's it makes from the first (its selector
 * label renamed `<value>-primary`, every other label kept).
 */
function podTemplatesOf(app: AppSpec): { labels: Readonly<Record<string, string>>; deployment: string }[] {
  const own = app.versions.map((v) => ({ labels: v.podLabels, deployment: v.deploymentName }));
  const renamed = flaggerRenamedLabel(app);
  if (!renamed) return own;
  const v = app.versions[0];
  return [
    ...own,
    {
      labels: { ...v.podLabels, [renamed.key]: `${renamed.value}-primary` },
      deployment: `${v.deploymentName}-primary`,
    },
  ];
}

/**
 * The selectors of an app's pods: its own, and with Flagger the primary Deployment's, which Flagger writes with the
 * renamed label alone (`createPrimaryDeployment` in fluxcd/flagger `pkg/canary/deployment_controller.go`).
 */
function selectorsOf(app: AppSpec): Readonly<Record<string, string>>[] {
  const renamed = flaggerRenamedLabel(app);
  return renamed ? [app.selector, { [renamed.key]: `${renamed.value}-primary` }] : [app.selector];
}

/** A pod template of an app, as the selector check indexes it. */
interface Template {
  readonly app: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly deployment: string;
}

/** The inner map of `map` at `key`, created on first use. */
function inner<K, V>(map: Map<string, Map<K, V>>, key: string): Map<K, V> {
  let m = map.get(key);
  if (!m) map.set(key, (m = new Map()));
  return m;
}

/**
 * The first pod template of another app that the selector selects, from the shortest list of the templates carrying
 * one of its labels (the first of equal lengths).
 */
function otherTemplateSelected(
  byLabel: LabelIndex<Template>,
  namespace: string,
  app: number,
  selector: Readonly<Record<string, string>>,
): Template | undefined {
  let shortest: readonly Template[] | undefined;
  for (const k in selector) {
    const list = byLabel.get(namespace, k, selector[k]);
    if (shortest === undefined || list.length < shortest.length) shortest = list;
  }
  if (shortest === undefined) return undefined;
  for (const t of shortest) if (t.app !== app && selects(selector, t.labels)) return t;
  return undefined;
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
  const byLabel = new LabelIndex<Template>();
  // Index loops, not `forEach` closures: checkApps runs once per chart, cold (docs/development.md, Benchmark).
  for (let j = 0; j < apps.length; j++) {
    const b = apps[j];
    for (const v of podTemplatesOf(b)) {
      const template = { app: j, labels: v.labels, deployment: v.deployment }; // one per template, in each list
      byLabel.add(b.namespace, v.labels, template);
    }
  }
  for (let i = 0; i < apps.length; i++) {
    const a = apps[i];
    let other: Template | undefined;
    for (const selector of selectorsOf(a)) {
      other = otherTemplateSelected(byLabel, a.namespace, i, selector);
      if (other) break;
    }
    if (other) {
      const b = apps[other.app];
      const primary = selectorsOf(a).length > 1 ? ' (with the pods Flagger runs as its primary)' : '';
      out.push({
        app: i,
        problem: {
          field: 'selectorLabels',
          value: a.selector,
          message: `also selects${primary} the pods of app "${b.name}" (${other.deployment}) in namespace ${a.namespace}: its Service and disruption budget would include them`,
          fix: `give "${a.name}" selector labels that identify it alone, e.g. { "app.kubernetes.io/name": "${a.name}" }`,
          ruleId: 'CT-K8S-001',
        },
      });
    }
  }
  out.push(...checkObjectNames(apps));
  out.push(...checkMeshNamespaces(apps));
  out.push(...checkOneMesh(apps));
  out.push(...checkExposureConflicts(apps));
  out.push(...checkRouteClaims(apps));
  out.push(...checkPolicyAgreement(apps));
  return out;
}

/** Two apps writing an object of the same kind and name into the same namespace (CT-K8S-002). */
function checkObjectNames(apps: readonly AppSpec[]): ChartProblem[] {
  const out: ChartProblem[] = [];
  // The app writing each object, by namespace, kind and name.
  const owners = new Map<string, Map<string, Map<string, number>>>();
  // Called for each object an app writes, in the order of its objects (no list of [kind, name] pairs per app).
  const claim = (i: number, a: AppSpec, kind: string, name: string): void => {
    const byName = inner(inner(owners, a.namespace), kind);
    const prev = byName.get(name);
    if (prev !== undefined && prev !== i) {
      out.push({
        app: i,
        problem: {
          field: 'names',
          value: name,
          message: `the ${kind} "${name}" in namespace ${a.namespace} is also written by app "${apps[prev].name}"`,
          fix: 'rename one app, or set `names` so every object has its own name',
          ruleId: 'CT-K8S-002',
        },
      });
    } else byName.set(name, i);
  };
  apps.forEach((a, i) => {
    for (const v of a.versions) if (!v.external) claim(i, a, a.workloadKind, v.deploymentName);
    if (a.serviceAccount.create) claim(i, a, 'ServiceAccount', a.serviceAccountName);
    if (a.stateful?.writesGoverningService) claim(i, a, 'Service', a.stateful.serviceName);
    if (a.service) claim(i, a, 'Service', a.service.name);
    for (const v of a.volumes)
      if (v.kind === 'persistentVolumeClaim' && v.claim) claim(i, a, 'PersistentVolumeClaim', v.claimName);
    if (a.versions.length > 1) for (const v of a.versions) claim(i, a, 'Service', v.serviceName!);
  });
  return out;
}

/** Display names of the meshes (`traits.mesh.mesh`). */
const MESH_NAMES: Readonly<Record<string, string>> = { istio: 'Istio', linkerd: 'Linkerd' };

/**
 * Apps (or one app) that put one namespace into two meshes, whether or not the namespace is labelled: an Istio and a
 * Linkerd proxy cannot both intercept a pod's traffic.
 */
function checkOneMesh(apps: readonly AppSpec[]): ChartProblem[] {
  const out: ChartProblem[] = [];
  const first = new Map<string, { app: number; mesh: string }>();
  apps.forEach((a, i) =>
    a.exposures.forEach((e, j) => {
      const id = e.traits.mesh?.mesh;
      if (!id) return;
      const mesh = MESH_NAMES[id] ?? id;
      const prev = first.get(a.namespace);
      if (!prev) first.set(a.namespace, { app: i, mesh });
      else if (prev.mesh !== mesh) {
        const who =
          prev.app === i ? 'this app also uses' : `app "${apps[prev.app].name}" of namespace ${a.namespace} uses`;
        out.push({
          app: i,
          problem: {
            field: `expose[${j}]`,
            value: e.kind,
            message: `puts the app in the ${mesh} mesh, but ${who} the ${prev.mesh} mesh: one namespace (and one app) is in one mesh`,
            fix: `use one mesh for every app of namespace ${a.namespace}, or move the apps of the other mesh to their own namespace`,
          },
        });
      }
    }),
  );
  return out;
}

/** Apps of one namespace that would label it into a mesh differently (sidecar, ambient, another revision, another mesh). */
function checkMeshNamespaces(apps: readonly AppSpec[]): ChartProblem[] {
  const out: ChartProblem[] = [];
  const first = new Map<string, { app: number; label: string }>();
  apps.forEach((a, i) =>
    a.exposures.forEach((e) => {
      const m = e.traits.mesh;
      if (!m?.namespaceLabel) return;
      const label = `${m.namespaceLabel.key}=${m.namespaceLabel.value}`;
      const prev = first.get(a.namespace);
      if (!prev) first.set(a.namespace, { app: i, label });
      else if (prev.label !== label) {
        out.push({
          app: i,
          problem: {
            field: m.field,
            value: label,
            message: `app "${apps[prev.app].name}" labels namespace ${a.namespace} with ${prev.label}: a namespace joins one mesh, one way`,
            fix: 'give every app of the namespace the same mesh and `injection`, or set `injection: false` on all but one',
          },
        });
      }
    }),
  );
  return out;
}

/**
 * Network policies that contradict each other: app A's egress to app B's pods on a port where B's own policy
 * admits no ingress from A (in-cluster calls would be dropped with no error at synth otherwise).
 */
function checkPolicyAgreement(apps: readonly AppSpec[]): ChartProblem[] {
  const out: ChartProblem[] = [];
  apps.forEach((a, i) => {
    (a.dataplane?.policy?.egress ?? []).forEach((rule) => {
      // A declared call (`calls`) writes the callee's allowance with it.
      if (rule.to.kind !== 'pods' || rule.call !== undefined) return;
      const to = rule.to;
      apps.forEach((b, j) => {
        if (j === i || b.namespace !== to.namespace || !b.dataplane?.policy) return;
        if (!b.versions.some((v) => selectsLabels(to.labels, to.expressions, v.podLabels))) return;
        const ports = rule.ports.length > 0 ? rule.ports.map((p) => p.port) : b.container.ports.map((p) => p.port);
        const admitted = (port: number) =>
          b.dataplane!.policy!.ingress.some((ing) => findPort(ing.ports, port) !== undefined && admits(ing.from, a));
        const denied = ports.filter((port) => !admitted(port));
        if (denied.length === 0) return;
        out.push({ app: i, problem: disagreement(a, b, rule.ports.length > 0, denied) });
      });
    });
  });
  return out;
}

/**
 * The fix names the real mismatch: the source (the callee admits the caller nowhere), or the port (the callee admits
 * the caller on other ports; a Service port in the egress rule where the pods listen on its target port).
 */
function disagreement(a: AppSpec, b: AppSpec, portsGiven: boolean, denied: readonly number[]): Problem {
  const field = a.dataplane?.kind === 'kubernetes' ? 'dataplane.egress' : 'dataplane.policy.egress';
  const ports = `port${denied.length > 1 ? 's' : ''} ${denied.join(', ')}`;
  const admittedPorts = [
    ...new Set(
      b.dataplane!.policy!.ingress.filter((ing) => admits(ing.from, a)).flatMap((ing) => ing.ports.map((p) => p.port)),
    ),
  ];
  const call = `or declare the call instead: \`calls: [${b.name}]\` on "${a.name}" writes both sides`;
  if (portsGiven && admittedPorts.length > 0) {
    const servicePorts = denied.map((d) => resolvePort(b, d, 'service')?.service).filter((sp) => sp !== undefined);
    const hint =
      servicePorts.length > 0
        ? ` (${servicePorts.map((sp) => `${sp.port} is a port of the Service "${b.service!.name}", whose pods listen on ${sp.target.port}`).join('; ')}: network policies see the pods' ports)`
        : '';
    return {
      field,
      value: denied,
      message: `allows calls to app "${b.name}" on ${ports}, but "${b.name}" admits "${a.name}" only on port${admittedPorts.length > 1 ? 's' : ''} ${admittedPorts.join(', ')}${hint}: the calls would be dropped`,
      fix: `use the pods' port${admittedPorts.length > 1 ? 's' : ''} ${admittedPorts.join(', ')} in the egress rule, ${call}`,
    };
  }
  return {
    field,
    value: denied,
    message: `allows calls to app "${b.name}" on ${ports}, but its network policy admits no ingress from "${a.name}" there: the calls would be dropped`,
    fix: `add \`allowFrom: [{ namespace: '${a.namespace}', labels: ${JSON.stringify(a.selector)} }]\` to the policy of "${b.name}", ${call}`,
  };
}

/** Whether an ingress peer admits the pods of an app (every version). */
function admits(from: PolicyPeerSpec, app: AppSpec): boolean {
  if (from.kind === 'entities') return from.entities.includes('cluster');
  if (from.kind !== 'pods') return false;
  return (
    from.namespace === app.namespace &&
    app.versions.every((v) => selectsLabels(from.labels, from.expressions, v.podLabels))
  );
}
