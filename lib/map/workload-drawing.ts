import type { AppSpec } from '../model/app-spec';
import { GraphBuilder, mapId } from './graph';
import { observedOnPods } from './observe-facts';
import { deliveryOnPods } from './delivery-facts';
import { IN_CLUSTER, imageTag, nsGroup, peer, podsId, readiness, source, svcId, unique } from './canvas';

// The map's drawing of the workload itself: its Services and the pods of each version (replicas, image, readiness),
// the pods' calls, a StatefulSet's governing Service, a delivery controller's Services. Like the workload's writer
// (lib/k8s/workload/), it reads the app's versions; an exposure's drawing reads the per-version backend list instead
// (`appVersionBackends`, or the list its spec carries) and joins the pods drawn here by `workloadName`.

/**
 * The declared calls (`calls`): an edge from the caller's pods to the callee's Service, labelled with the ports
 * called. A callee of another chart is drawn as its Service alone (after every app, so a callee of this chart
 * keeps its own drawing).
 */
export function addCalls(g: GraphBuilder, app: AppSpec): void {
  for (const c of app.calls ?? []) {
    const callee = { namespace: c.namespace } as AppSpec;
    g.group({ id: nsGroup(callee), label: `namespace ${c.namespace}`, details: [] });
    const to = g.node({
      id: svcId(callee, c.serviceName),
      kind: 'service',
      group: nsGroup(callee),
      title: `Service ${c.serviceName}`,
      details: [`app ${c.app} (another chart)`],
    });
    const label = `calls :${c.servicePorts.map((p) => p.name ?? p.port).join(', :')}`;
    for (const v of app.versions) g.edge({ from: podsId(app, v.deploymentName), to, label });
  }
}

/** The app's Services and pods, inside its namespace and network policy groups. */
export function addApp(g: GraphBuilder, app: AppSpec): void {
  g.group({ id: nsGroup(app), label: `namespace ${app.namespace}`, details: [] });
  const policy = app.dataplane?.policy;
  let podGroup = nsGroup(app);
  if (policy) {
    const kind = app.dataplane?.kind === 'cilium' ? 'CiliumNetworkPolicy' : 'NetworkPolicy';
    const admits = policy.ingress.map((r) => `${peer(r.from)} :${r.ports.map((p) => p.port).join(',')}`);
    podGroup = g.group({
      id: mapId('policy', app.namespace, policy.name),
      parent: nsGroup(app),
      label: `${kind} ${policy.name}: default deny`,
      details: admits.length > 0 ? unique(admits).map((a) => `admits ${a}`) : ['admits nothing'],
    });
  }
  const service = app.service;
  if (service) {
    const ports = service.ports.map((p) => `:${p.port} -> ${p.target.port}`).join(', ');
    g.node({
      id: svcId(app, service.name),
      kind: 'service',
      group: nsGroup(app),
      title: `Service ${service.name}`,
      details: [
        `${service.type}${service.headless ? ' headless' : ''} ${ports}`,
        ...madeBy(app, 'Service', service.name),
      ],
    });
  }
  for (const v of app.versions) {
    g.node({
      id: podsId(app, v.deploymentName),
      kind: 'pods',
      group: podGroup,
      title: `${v.version ? `${v.version}: ` : ''}${v.external ? 'pods deployed elsewhere' : `${app.workloadKind} ${v.deploymentName}`}`,
      details: v.external
        ? [
            `selected by ${Object.entries(v.selector)
              .map(([k, x]) => `${k}=${x}`)
              .join(', ')}`,
            'not written or probed from here',
          ]
        : [
            `${v.replicas} ${v.replicas === 1 ? 'replica' : 'replicas'}${app.autoscaling && v.stable ? ' (autoscaled)' : ''}, ${imageTag(v.image)}`,
            readiness(app.container.readiness, app.container.readinessWaiver),
            ...observedOnPods(app),
            ...deliveryOnPods(app),
          ],
    });
    if (v.serviceName) {
      g.node({
        id: svcId(app, v.serviceName),
        kind: 'service',
        group: nsGroup(app),
        title: `Service ${v.serviceName}`,
        details: [`version ${v.version}`],
      });
      g.edge({ from: svcId(app, v.serviceName), to: podsId(app, v.deploymentName) });
    } else if (service) g.edge({ from: svcId(app, service.name), to: podsId(app, v.deploymentName) });
  }
  addDeliveryServices(g, app);
  // A StatefulSet's governing headless Service (pod DNS names), when it is not the app's own Service.
  const stateful = app.stateful;
  if (stateful?.writesGoverningService) {
    const id = g.node({
      id: svcId(app, stateful.serviceName),
      kind: 'service',
      group: nsGroup(app),
      title: `Service ${stateful.serviceName}`,
      details: [`headless, governs the StatefulSet (pod DNS names)`],
    });
    for (const v of app.versions) g.edge({ from: id, to: podsId(app, v.deploymentName), label: 'pod DNS' });
  }
  // The app Service selects the pods of every version: drawn only when nothing else does.
  if (service && app.versions.length > 1 && app.exposures.length === 0) {
    for (const v of app.versions)
      g.edge({ from: svcId(app, service.name), to: podsId(app, v.deploymentName), label: 'every version' });
  }
  // An app without exposures is reached in the cluster only, through its Service.
  if (service && app.exposures.length === 0) g.edge({ from: source(g, IN_CLUSTER), to: svcId(app, service.name) });
}

/** `made by Flagger` when the delivery's controller makes the object instead of the library. */
function madeBy(app: AppSpec, kind: string, name: string): string[] {
  const d = app.delivery;
  const made = d?.objects.some((o) => o.owner === 'controller' && o.kind === kind && o.name === name);
  return made ? [`made by ${d!.controllerLabel} (not written by the library)`] : [];
}

/** Argo Rollouts' stable and canary Services (their selectors get the pod template hash at run time) -> the pods. */
function addDeliveryServices(g: GraphBuilder, app: AppSpec): void {
  for (const [role, name] of Object.entries(app.delivery?.services ?? {})) {
    g.node({
      id: svcId(app, name),
      kind: 'service',
      group: nsGroup(app),
      title: `Service ${name}`,
      details: [`${role} pods (Argo Rollouts adds rollouts-pod-template-hash)`],
    });
    g.edge({ from: svcId(app, name), to: podsId(app, app.versions[0].deploymentName) });
  }
}
