import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { LinkerdMeshSpec } from '../../model/exposure/linkerd-mesh';
import { HttpRoute } from '../imports/gateway-api';
import { linkerdAnnotations } from '../../model/exposure/linkerd-annotations';
import { unsupportedLinkerdFields } from './linkerd-route-fields';
import { serviceParent, serviceRouteRules } from './service-route-rules';

/** Props of `LinkerdRouting`. */
export interface LinkerdRoutingProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved mesh exposure. */
  readonly mesh: LinkerdMeshSpec;
}

/**
 * The app's Linkerd routing: a `gateway.networking.k8s.io/v1` HTTPRoute (the group Linkerd 2.20 documents) whose
 * parent is the app's Service (`group: core`, `kind: Service`, the port), with the canary header rule first and the
 * weighted rule (the per-version Services with the same integer weights as the other layers, 99/1 for a 1% canary).
 * It holds only fields Linkerd reads (Gateway API 1.2.1); a field beyond them, from a patch too, fails the synth.
 */
export class LinkerdRouting extends Construct {
  readonly route: HttpRoute;

  constructor(scope: Construct, id: string, props: LinkerdRoutingProps) {
    super(scope, id);
    const { app, mesh } = props;
    const rules = serviceRouteRules(app, mesh.backends, mesh.canaryBackend);
    this.route = new HttpRoute(this, 'route', {
      metadata: {
        name: mesh.name,
        namespace: app.namespace,
        labels: { ...app.labels },
        annotations: { ...app.annotations, ...linkerdAnnotations(mesh) },
      },
      spec: {
        parentRefs: [serviceParent(mesh.serviceName, mesh.port)],
        rules,
      },
    });
    const route = this.route;
    // Checked on the final object, so a user patch with a newer Gateway API field fails too.
    this.route.node.addValidation({
      validate: () =>
        unsupportedLinkerdFields(route.toJson()).map(
          (f) =>
            `${f}: is not among the Gateway API 1.2.1 HTTPRoute fields Linkerd reads, and Linkerd 2.20 ignores a route with a newer field (received the route ${app.namespace}/${mesh.name}). Fix: remove the field (or the patch that adds it); retries and timeouts go into the retry.linkerd.io / timeout.linkerd.io annotations`,
        ),
    });
  }
}
