import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import { LINKERD_INJECT_ANNOTATION, LinkerdMeshSpec } from '../../model/exposure/linkerd-mesh';
import { LinkerdAuthorization } from './linkerd-policy';
import { LinkerdRouting } from './linkerd-routing';

/** Props of `LinkerdMeshObjects`. */
export interface LinkerdMeshObjectsProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved mesh exposure. */
  readonly mesh: LinkerdMeshSpec;
}

/**
 * What `Mesh.linkerd()` writes: the routing (`LinkerdRouting`), the authorization (`LinkerdAuthorization`) and
 * `linkerd.io/inject: enabled`, an annotation, on the Namespace the chart manages or on the pod templates of the
 * app's Deployments (written before the exposures).
 */
export class LinkerdMeshObjects extends Construct {
  readonly routing: LinkerdRouting;
  readonly authorization: LinkerdAuthorization;

  constructor(scope: Construct, id: string, props: LinkerdMeshObjectsProps) {
    super(scope, id);
    const { app, mesh } = props;
    this.routing = new LinkerdRouting(this, 'routing', { app, mesh });
    this.authorization = new LinkerdAuthorization(this, 'authorization', { app, mesh });
    if (mesh.injection === 'namespace') {
      const chart = Chart.of(scope) as Chart & { namespaceObject?(a: AppSpec): ApiObject | undefined };
      chart.namespaceObject?.(app)?.metadata.addAnnotation(LINKERD_INJECT_ANNOTATION, 'enabled');
    }
    if (mesh.injection === 'pod') {
      for (const d of scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'Deployment')) {
        const annotations = (d.toJson() as { spec?: { template?: { metadata?: { annotations?: Record<string, string> } } } }).spec?.template?.metadata?.annotations;
        d.addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations', { ...annotations, [LINKERD_INJECT_ANNOTATION]: 'enabled' }));
      }
    }
  }
}
