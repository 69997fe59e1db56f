import type { WorkloadSpec } from '../app-spec';
import type { IstioAuthorizationSpec, IstioWaypointSpec } from './istio-ambient';
import type { IstioMeshSpec } from './istio-mesh';
import { ISTIO_HBONE_PORT } from './istio-ambient';
import type { MeshTrait } from './traits';

/** The namespace of Istio's control plane (istiod) in a default install. */
export const ISTIOD_NAMESPACE = 'istio-system';
/** The label of the istiod pods (every revision of a revision-based install carries it too). */
export const ISTIOD_LABELS: Readonly<Record<string, string>> = { app: 'istiod' };
/** istiod's port for xDS configuration and workload certificates over mTLS: every sidecar connects to it. */
export const ISTIOD_XDS_PORT = 15012;

/**
 * The connections Istio's own proxies make from or towards the app's pods, which a default-deny network policy must
 * admit besides the app's traffic:
 * - sidecar: the `istio-proxy` container connects to istiod on 15012 (xDS and certificates). istiod's 15017 is its
 *   webhook port, which the API server calls, not the pods; DNS is admitted with every restricted egress already.
 * - ambient: a caller in the mesh does not connect to the app's pods but to the app's waypoint, on HBONE (15008); the
 *   waypoint then reaches the pods on HBONE (admitted by the waypoint's front, `ambientTraits`). ztunnel, not the
 *   pods, talks to istiod.
 * @see https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio
 * @see https://istio.io/latest/docs/ambient/usage/networkpolicy/
 */
export function istioMeshConnections(
  field: string,
  sidecar: boolean,
  waypoint: IstioWaypointSpec | undefined,
): Pick<MeshTrait, 'egress' | 'reachedThrough'> {
  return {
    ...(sidecar
      ? {
          egress: [
            {
              why: `${field} Istio sidecar to istiod (xDS and certificates)`,
              to: { kind: 'pods' as const, namespace: ISTIOD_NAMESPACE, labels: { ...ISTIOD_LABELS } },
              ports: [{ port: ISTIOD_XDS_PORT, protocol: 'TCP' as const }],
            },
          ],
        }
      : {}),
    ...(waypoint
      ? {
          reachedThrough: {
            why: `Istio waypoint "${waypoint.name}" (HBONE)`,
            to: {
              kind: 'pods' as const,
              namespace: waypoint.namespace,
              labels: { 'gateway.networking.k8s.io/gateway-name': waypoint.name },
            },
            ports: [{ port: ISTIO_HBONE_PORT, protocol: 'TCP' as const }],
          },
        }
      : {}),
  };
}

/**
 * The app's Istio authorization as the mesh trait declares it to callers: it admits listed identities only, and a
 * declared caller is granted by its principal, on the Service through the waypoint (ambient: `targetRefs`) or on the
 * pods (sidecar: `selector`).
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export function istioAuthorizationTrait(
  w: WorkloadSpec,
  spec: IstioAuthorizationSpec,
): NonNullable<MeshTrait['authorization']> {
  const t = spec.target;
  return {
    targetGroup: '',
    targetKind: 'Service',
    targetName: 'service' in t ? t.service : (w.service?.name ?? w.name),
    admits: 'listed',
    grantBy: 'principal',
    ...('selector' in t ? { selector: { ...t.selector } } : {}),
  };
}

/**
 * How the app joins the Istio mesh: its Namespace label, whether its pods get a sidecar (every mode but ambient), the
 * connections the mesh's proxies need (`istioMeshConnections`) and its authorization of callers.
 */
export function istioMeshTrait(
  field: string,
  w: WorkloadSpec,
  namespaceLabel: IstioMeshSpec['namespaceLabel'],
  waypoint: IstioWaypointSpec | undefined,
  authorization: IstioAuthorizationSpec | undefined,
  gateways: readonly string[],
): MeshTrait {
  const sidecar = namespaceLabel !== undefined && namespaceLabel.key !== 'istio.io/dataplane-mode';
  return {
    mesh: 'istio',
    ...(namespaceLabel ? { namespaceLabel } : {}),
    sidecar,
    field: `${field}.injection`,
    ...istioMeshConnections(field, sidecar, waypoint),
    ...(authorization ? { authorization: istioAuthorizationTrait(w, authorization) } : {}),
    // Flagger's Istio provider makes the VirtualService: on these gateways.
    delivered: { gateways },
  };
}
