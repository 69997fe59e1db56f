import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TRAFFIC-015: Every exposure of an app with a weighted canary splits traffic by the declared weights. */
export const CT_TRAFFIC_015: Rule = {
  id: 'CT-TRAFFIC-015',
  severity: 'warning',
  description: 'Every exposure of an app with a weighted canary splits traffic by the declared weights.',
  check(app) {
    if (app.versions.length < 2) return NOT_APPLICABLE; // one version: no canary
    const canaries = app.versions.slice(1).filter((v) => v.weight > 0);
    if (canaries.length === 0 || app.exposures.length === 0) return NOT_APPLICABLE;
    const pods = app.versions.reduce((n, v) => n + v.replicas, 0);
    const share = (v: (typeof canaries)[number]) =>
      v.external
        ? 'unknown, deployed elsewhere'
        : pods > 0
          ? `${Math.round((v.replicas / pods) * 1000) / 10}%`
          : 'none';
    return outcome(
      app.exposures
        .map((e, i) => [e, i] as const)
        .filter(([e]) => e.traits.split.by !== 'weight')
        .map(([e, i]) => ({
          field: `expose[${i}]`,
          value: e.traits.label,
          message: `sends to the app's Service, which selects the pods of every version: the canary gets its share of the pods (${canaries.map((v) => `${v.version}: ${share(v)}`).join(', ')}), not its weight (${canaries.map((v) => `${v.weight}%`).join(', ')})`,
          fix: 'expose the app through a Gateway API route, an ALB (IngressExposure.alb or TerraformLoadBalancer.alb) or the mesh for a weighted split; acknowledge CT-TRAFFIC-015 if a split by pod count is intended',
        })),
    );
  },
};
