import { Construct } from 'constructs';
import { exposuresOf } from '../../model/app';
import type { AppSpec } from '../../model/app-spec';
import type { IstioMeshSpec } from '../../model/mesh';
import { IstioRouting } from './istio-routing';

/** The app renderer of the mesh exposures (`Mesh.istio()`): one `IstioRouting` per mesh exposure. */
export function renderMesh(scope: Construct, app: AppSpec): void {
  exposuresOf(app, 'istio-mesh').forEach((mesh, i) => {
    new IstioRouting(scope, i === 0 ? 'istio' : `istio-${i + 1}`, { app, mesh: mesh as IstioMeshSpec });
  });
}
