import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TRAFFIC-051: Linkerd proxies in a namespace that enforces Pod Security "restricted" come with the Linkerd CNI plugin. */
export const CT_TRAFFIC_051: Rule = {
  id: 'CT-TRAFFIC-051',
  severity: 'warning',
  description:
    'Linkerd proxies in a namespace that enforces Pod Security "restricted" come with the Linkerd CNI plugin.',
  check(app) {
    const proxies = app.exposures
      .map((e) => e.traits.mesh)
      .filter((m): m is NonNullable<typeof m> => m?.mesh === 'linkerd' && m.sidecar);
    if (proxies.length === 0) return NOT_APPLICABLE;
    if (app.security.level !== 'restricted') return outcome([]);
    return outcome(
      proxies.map((m) => ({
        field: m.field,
        value: 'linkerd.io/inject=enabled',
        message: `injects the Linkerd proxy into pods of namespace ${app.namespace}, which enforces Pod Security "restricted": without the Linkerd CNI plugin the linkerd-init container needs NET_ADMIN and NET_RAW, and the API server rejects the pods`,
        fix: 'install Linkerd with the CNI plugin (linkerd-cni) and acknowledge CT-TRAFFIC-051 saying so',
      })),
    );
  },
};
