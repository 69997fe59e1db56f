import { showValue } from '../problems';

/**
 * A better message for a well-known wrong value of one field: what the user most likely meant, and where that
 * lives. Returns undefined for any other value (the generic mismatch message then applies).
 */
export type MismatchHint = (value: unknown) => { readonly message: string; readonly fix: string } | undefined;

/**
 * Hints by `<PropsType>.<field>`, checked before the shape check of that field: each names the value received
 * and keeps the pointer the generic "must be one of" message would lose.
 */
export const MISMATCH_HINTS: Readonly<Record<string, MismatchHint>> = {
  'ServiceOptions.type': (value) =>
    value === 'LoadBalancer'
      ? {
          message: `must be one of "ClusterIP", "NodePort" (got ${showValue(value)}): a LoadBalancer Service is an exposure, written beside the app's Service`,
          fix: 'remove `service.type` and add `expose: [LoadBalancerServiceExposure.nlb({ ... })]` (AWS), `LoadBalancerService.create({ cloud: Cloud.gke(...) })` (or `Cloud.aks`), or `LbIpamService.create(...)` (Cilium)',
        }
      : undefined,
  'LinkerdMeshProps.allowFrom': (value) =>
    Array.isArray(value) && value.includes('any-meshed')
      ? {
          message: `must be "any-meshed" or a list of client objects (got ${showValue(value)}): "any-meshed" is a value of its own, not an entry of the list`,
          fix: "write `allowFrom: 'any-meshed'` (no list), or list the clients as [{ serviceAccount: 'web', namespace: 'shop' }]",
        }
      : undefined,
};
