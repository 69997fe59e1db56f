import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TRAFFIC-012: A version that receives traffic has pods. */
export const CT_TRAFFIC_012: Rule = {
  id: 'CT-TRAFFIC-012',
  severity: 'error',
  description: 'A version that receives traffic has pods.',
  check(app) {
    if (app.versions.length < 2) return NOT_APPLICABLE;
    const headerTarget = app.traffic.canaryHeader ? app.versions[1] : undefined;
    return outcome(
      app.versions
        // A version deployed elsewhere (`external`): its pods are not counted here.
        .filter((v) => !v.external && v.replicas === 0 && (v.weight > 0 || v === headerTarget))
        .map((v) => ({
          field: v.stable ? 'replicas' : `versions.${v.version}.replicas`,
          value: v.replicas,
          message: `version "${v.version}" receives ${v.weight}% of the traffic${v === headerTarget ? ' and the canary header' : ''} but has no pods: its requests would fail with 503`,
          fix: v.stable
            ? 'set `replicas` to at least 1'
            : `set \`versions.${v.version}.replicas\` to at least 1, or its weight to 0`,
        })),
    );
  },
};
