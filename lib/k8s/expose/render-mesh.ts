import { Construct } from 'constructs';
import { exposuresOf } from '../../model/app';
import type { AppSpec } from '../../model/app-spec';
import type { IstioMeshSpec } from '../../model/exposure/istio-mesh';
import { IstioRouting } from './istio-routing';
import type { TrafficChart } from '../traffic-chart';

/**
 * The app renderer of the mesh exposures (`Mesh.istio()`): one `IstioRouting` per mesh exposure, and the
 * label that puts the app's namespace in the mesh on the Namespace the chart manages.
 */
export function renderMesh(scope: Construct, app: AppSpec, chart: TrafficChart): void {
  exposuresOf(app, 'istio-mesh').forEach((e, i) => {
    const mesh = e as IstioMeshSpec;
    new IstioRouting(scope, i === 0 ? 'istio' : `istio-${i + 1}`, { app, mesh });
    if (mesh.namespaceLabel) chart.namespaceObject(app)?.metadata.addLabel(mesh.namespaceLabel.key, mesh.namespaceLabel.value);
  });
}
