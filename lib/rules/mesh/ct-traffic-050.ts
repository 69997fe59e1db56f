import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TRAFFIC-050: Istio sidecars in a namespace that enforces Pod Security "restricted" come with the Istio CNI plugin. */
export const CT_TRAFFIC_050: Rule = {
  id: 'CT-TRAFFIC-050',
  severity: 'warning',
  description: 'Istio sidecars in a namespace that enforces Pod Security "restricted" come with the Istio CNI plugin.',
  check(app) {
    const sidecars = app.exposures
      .map((e) => e.traits.mesh)
      .filter((m): m is NonNullable<typeof m> => m?.mesh === 'istio' && m.sidecar);
    if (sidecars.length === 0) return NOT_APPLICABLE;
    if (app.security.level !== 'restricted') return outcome([]);
    return outcome(
      sidecars.map((m) => ({
        field: m.field,
        value: m.namespaceLabel ? `${m.namespaceLabel.key}=${m.namespaceLabel.value}` : 'sidecar',
        message: `injects Istio sidecars into namespace ${app.namespace}, which enforces Pod Security "restricted": without the Istio CNI plugin the istio-init container needs NET_ADMIN and NET_RAW, and the API server rejects the pods`,
        fix: "install Istio with the CNI plugin and acknowledge CT-TRAFFIC-050 saying so, or use `injection: 'ambient'` (no sidecar)",
      })),
    );
  },
};
