import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { LinkerdMeshSpec } from '../../model/exposure/linkerd-mesh';
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
  }
}
