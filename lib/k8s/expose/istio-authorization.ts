import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { IstioAuthorizationSpec } from '../../model/exposure/istio-ambient';
import { AuthorizationPolicy, AuthorizationPolicySpecAction } from '../imports/istio-security';
import { nonEmpty } from '../api-object';

/** Props of `IstioAuthorization`. */
export interface IstioAuthorizationProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved authorization (`Mesh.istio({ allowFrom })`). */
  readonly spec: IstioAuthorizationSpec;
}

/**
 * The app's Istio `AuthorizationPolicy` (`security.istio.io/v1`, action ALLOW): the allowed ServiceAccounts as
 * `source.principals` and whole namespaces as `source.namespaces`; every other caller is denied. In ambient mode it is
 * bound to the app's Service (`targetRefs`: the waypoint enforces it at L7), in sidecar mode it selects the app's pods.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 * @see https://istio.io/latest/docs/ambient/usage/l7-features/
 */
export class IstioAuthorization extends Construct {
  readonly policy: AuthorizationPolicy;

  constructor(scope: Construct, id: string, props: IstioAuthorizationProps) {
    super(scope, id);
    const { app, spec } = props;
    const from = [
      ...(spec.principals.length > 0 ? [{ source: { principals: [...spec.principals] } }] : []),
      ...(spec.namespaces.length > 0 ? [{ source: { namespaces: [...spec.namespaces] } }] : []),
    ];
    const t = spec.target;
    this.policy = new AuthorizationPolicy(this, 'policy', {
      metadata: {
        name: spec.name,
        namespace: app.namespace,
        labels: { ...app.labels },
        annotations: nonEmpty({ ...app.annotations }),
      },
      spec: {
        action: AuthorizationPolicySpecAction.ALLOW,
        ...('service' in t
          ? { targetRefs: [{ group: '', kind: 'Service', name: t.service }] }
          : { selector: { matchLabels: { ...t.selector } } }),
        // No rule (`allowFrom: 'callers'`): the policy admits no one by itself; each declared call writes its grant.
        ...(from.length > 0 ? { rules: [{ from }] } : {}),
      },
    });
  }
}
