import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { exposuresOf } from '../../model/app';
import type { AppSpec } from '../../model/app-spec';
import type { IstioMeshSpec } from '../../model/exposure/istio-mesh';
import { LINKERD_INJECT_ANNOTATION, LINKERD_MESH_KIND, LinkerdMeshSpec } from '../../model/exposure/linkerd-mesh';
import { IstioRouting } from './istio-routing';
import { LinkerdAuthorization } from './linkerd-policy';
import { LinkerdRouting } from './linkerd-routing';
import type { TrafficChart } from '../traffic-chart';

/**
 * The app renderer of the mesh exposures: one `IstioRouting` per `Mesh.istio()` (and the label that puts the
 * namespace in the mesh on the Namespace the chart manages); per `Mesh.linkerd()` a `LinkerdRouting` and a
 * `LinkerdAuthorization`, and `linkerd.io/inject: enabled` on the Namespace or on the pod templates.
 */
export function renderMesh(scope: Construct, app: AppSpec, chart: TrafficChart): void {
  exposuresOf(app, 'istio-mesh').forEach((e, i) => {
    const mesh = e as IstioMeshSpec;
    new IstioRouting(scope, i === 0 ? 'istio' : `istio-${i + 1}`, { app, mesh });
    if (mesh.namespaceLabel) chart.namespaceObject(app)?.metadata.addLabel(mesh.namespaceLabel.key, mesh.namespaceLabel.value);
  });
  exposuresOf(app, LINKERD_MESH_KIND).forEach((e, i) => {
    const mesh = e as LinkerdMeshSpec;
    const id = i === 0 ? 'linkerd' : `linkerd-${i + 1}`;
    new LinkerdRouting(scope, id, { app, mesh });
    new LinkerdAuthorization(scope, `${id}-authorization`, { app, mesh });
    if (mesh.injection === 'namespace') chart.namespaceObject(app)?.metadata.addAnnotation(LINKERD_INJECT_ANNOTATION, 'enabled');
    if (mesh.injection === 'pod') injectPods(scope);
  });
}

/** Adds `linkerd.io/inject: enabled` to the pod template of every Deployment the workload renderer wrote. */
function injectPods(scope: Construct): void {
  for (const d of scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'Deployment')) {
    const annotations = (d.toJson() as { spec?: { template?: { metadata?: { annotations?: Record<string, string> } } } }).spec?.template?.metadata?.annotations;
    d.addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations', { ...annotations, [LINKERD_INJECT_ANNOTATION]: 'enabled' }));
  }
}
