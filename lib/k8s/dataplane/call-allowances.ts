import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { NetworkPolicySpec } from '../../model/dataplane/dataplane-spec';
import type { CallSpec } from '../../model/workload/calls';
import { policyPods } from '../../model/delivery/primary-pods';
import { AuthorizationPolicy, MeshTlsAuthentication } from '../imports/linkerd';
import {
  AuthorizationPolicy as IstioAuthorizationPolicy,
  AuthorizationPolicySpecAction,
} from '../imports/istio-security';
import { AppCiliumNetworkPolicy } from './cilium-network-policy';
import { AppKubernetesNetworkPolicy } from './kubernetes-network-policy';

/** Props of `CallAllowances`. */
export interface CallAllowancesProps {
  /** The calling app, whose `calls` are written. */
  readonly app: AppSpec;
}

/**
 * The callee side of each declared call, written with the caller (so it holds whichever chart the callee is in):
 * a network policy of the callee's kind that selects the callee's pods and admits the caller's pods on the called
 * ports (with the callee's HTTP allow-list there), and, when the callee's Linkerd Server admits listed clients
 * only, a `MeshTLSAuthentication` of the caller's ServiceAccount with the `AuthorizationPolicy` that grants it
 * (Linkerd), or an ALLOW `AuthorizationPolicy` of the caller's principal on the called ports (Istio).
 * Network policies and Linkerd authorizations are additive: these add the one call and open nothing else.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * @see https://linkerd.io/2-edge/reference/authorization-policy/
 */
export class CallAllowances extends Construct {
  /** The allowance policies, by callee name. */
  readonly policies = new Map<string, AppCiliumNetworkPolicy | AppKubernetesNetworkPolicy>();

  constructor(scope: Construct, id: string, props: CallAllowancesProps) {
    super(scope, id);
    const app = props.app;
    for (const c of app.calls ?? []) {
      const suffix = c.namespace === app.namespace ? app.name : `${app.namespace}-${app.name}`;
      if (c.calleePolicy) {
        const policy = allowance(app, c, `${c.calleePolicy.name}-from-${suffix}`);
        this.policies.set(
          c.app,
          c.calleePolicy.kind === 'cilium'
            ? new AppCiliumNetworkPolicy(this, `policy-${c.namespace}-${c.app}`, { policy })
            : new AppKubernetesNetworkPolicy(this, `policy-${c.namespace}-${c.app}`, { policy }),
        );
      }
      const g = c.meshGrant;
      if (g?.grantBy === 'principal') this.principalGrant(app, c, g, `${g.name}-from-${suffix}`);
      else if (g) this.grant(app, c, g, `${g.name}-from-${suffix}`);
    }
  }

  /**
   * The Istio grant: an ALLOW AuthorizationPolicy of the caller's ServiceAccount (its mTLS principal, trust domain
   * `cluster.local`) on the called ports, bound like the callee's own policy (the Service through its waypoint, or the
   * pods' sidecars). ALLOW policies add up: it admits this caller and nothing else.
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
   */
  private principalGrant(app: AppSpec, c: CallSpec, g: NonNullable<CallSpec['meshGrant']>, name: string): void {
    new IstioAuthorizationPolicy(this, `istio-authorization-${c.namespace}-${c.app}`, {
      metadata: { name, namespace: c.namespace, labels: { ...app.labels } },
      spec: {
        action: AuthorizationPolicySpecAction.ALLOW,
        ...(g.selector
          ? { selector: { matchLabels: { ...g.selector } } }
          : { targetRefs: [{ group: g.group, kind: g.kind, name: g.name }] }),
        rules: [
          {
            from: [{ source: { principals: [`cluster.local/ns/${app.namespace}/sa/${app.serviceAccountName}`] } }],
            to: [{ operation: { ports: g.ports.map(String) } }],
          },
        ],
      },
    });
  }

  /** The Linkerd grant of the caller's ServiceAccount on the callee's Server. */
  private grant(app: AppSpec, c: CallSpec, g: NonNullable<CallSpec['meshGrant']>, name: string): void {
    const metadata = { name, namespace: c.namespace, labels: { ...app.labels } };
    new MeshTlsAuthentication(this, `authentication-${c.namespace}-${c.app}`, {
      metadata,
      spec: {
        identityRefs: [
          {
            kind: 'ServiceAccount',
            name: app.serviceAccountName,
            ...(app.namespace !== c.namespace ? { namespace: app.namespace } : {}),
          },
        ],
      },
    });
    new AuthorizationPolicy(this, `authorization-${c.namespace}-${c.app}`, {
      metadata,
      spec: {
        targetRef: { group: g.group, kind: g.kind, name: g.name },
        requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name }],
      },
    });
  }
}

/**
 * The callee-side policy of one call: the callee's pods admit the caller's pods on the called ports (either side
 * delivered by Flagger: its primary pods too).
 */
function allowance(app: AppSpec, c: CallSpec, name: string): NetworkPolicySpec {
  const callers = policyPods(app);
  return {
    name,
    namespace: c.namespace,
    selector: { ...c.selector },
    ...(c.selectorExpressions ? { selectorExpressions: c.selectorExpressions } : {}),
    labels: { ...app.labels },
    annotations: { ...app.annotations },
    ingress: [
      {
        why: `calls from app "${app.name}" in ${app.namespace} (${c.field})`,
        from: { kind: 'pods', namespace: app.namespace, ...callers },
        ports: c.podPorts,
        http: c.http,
      },
    ],
  };
}
