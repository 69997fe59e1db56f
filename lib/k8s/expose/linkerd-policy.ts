import { primarySelector } from '../../model/delivery/primary-pods';
import { nonEmpty } from '../api-object';
import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { LinkerdMeshSpec } from '../../model/exposure/linkerd-mesh';
import {
  AuthorizationPolicy,
  MeshTlsAuthentication,
  ServerV1Beta3,
  ServerV1Beta3SpecPodSelector,
  ServerV1Beta3SpecPodSelectorMatchExpressionsOperator,
} from '../imports/linkerd';

/** Props of `LinkerdAuthorization`. */
export interface LinkerdAuthorizationProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved mesh exposure. */
  readonly mesh: LinkerdMeshSpec;
}

/**
 * Who may call the app in the Linkerd mesh (`policy.linkerd.io`): a `Server` (v1beta3) on the pods' port of the
 * app's Service port, selecting every version, with `accessPolicy: deny`; a `MeshTLSAuthentication` of the allowed
 * ServiceAccounts (`identityRefs`; a namespace alone: all of its ServiceAccounts; `'any-meshed'`: identity `*`); and
 * an `AuthorizationPolicy` that requires it for the Server.
 */
export class LinkerdAuthorization extends Construct {
  readonly server: ServerV1Beta3;
  readonly authentication: MeshTlsAuthentication;
  readonly policy: AuthorizationPolicy;

  constructor(scope: Construct, id: string, props: LinkerdAuthorizationProps) {
    super(scope, id);
    const { app, mesh } = props;
    const meta = (name: string) => ({
      name,
      namespace: app.namespace,
      labels: { ...app.labels },
      annotations: nonEmpty({ ...app.annotations }),
    });
    const name = mesh.policyName;
    this.server = new ServerV1Beta3(this, 'server', {
      metadata: meta(name),
      spec: {
        // With Flagger, also the pods of `<name>-primary` (the stable ones): the Server guards every pod of the app.
        podSelector: serverPods(app),
        port: mesh.podPort,
        proxyProtocol: mesh.proxyProtocol,
        accessPolicy: 'deny',
      },
    });
    const clients = mesh.clients;
    this.authentication = new MeshTlsAuthentication(this, 'authentication', {
      metadata: meta(`${name}-clients`),
      spec:
        clients === 'any-meshed'
          ? { identities: ['*'] }
          : {
              identityRefs: clients.map((c) => ({
                kind: 'ServiceAccount',
                ...(c.serviceAccount !== undefined ? { name: c.serviceAccount } : {}),
                ...(c.namespace !== app.namespace ? { namespace: c.namespace } : {}),
              })),
            },
    });
    this.policy = new AuthorizationPolicy(this, 'policy', {
      metadata: meta(name),
      spec: {
        targetRef: { group: 'policy.linkerd.io', kind: 'Server', name },
        requiredAuthenticationRefs: [
          { group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: `${name}-clients` },
        ],
      },
    });
  }
}

/** The Server's pods: the app's, and with Flagger its primary's (the typed `In` operator). */
function serverPods(app: AppSpec): ServerV1Beta3SpecPodSelector {
  const s = primarySelector(app);
  const matchExpressions = s.matchExpressions?.map((e) => ({
    ...e,
    operator: ServerV1Beta3SpecPodSelectorMatchExpressionsOperator.IN,
  }));
  return {
    ...(s.matchLabels ? { matchLabels: s.matchLabels } : {}),
    ...(matchExpressions ? { matchExpressions } : {}),
  };
}
