import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/**
 * CT-TRAFFIC-017: A version deployed elsewhere (`versions.<v>.external`) answers the health checks a load balancer
 * derives from this app's readiness probe. Nothing here probes its pods (their readiness probe is the other
 * deployment's), and the rules about pods skip it; a load balancer that registers them still checks them with this
 * app's probe, so the note says which check they must answer.
 */
export const CT_TRAFFIC_017: Rule = {
  id: 'CT-TRAFFIC-017',
  severity: 'warning',
  description:
    "A version deployed elsewhere answers the load balancers' health checks derived from this app's readiness probe.",
  check(app) {
    const external = app.versions.filter((v) => v.external);
    if (external.length === 0) return NOT_APPLICABLE;
    return outcome(
      app.exposures.flatMap((e) => {
        const checks = e.traits.fronts.flatMap((f) => f.healthChecks);
        if (checks.length === 0) return [];
        const what = checks.map((c) => (c.path ? `${c.path} on port ${c.port}` : `a TCP connect to port ${c.port}`));
        return external.map((v) => ({
          field: `versions.${v.version}.external`,
          value: e.traits.label,
          message: `is deployed elsewhere: nothing here probes its pods, but ${e.traits.label} registers them and health-checks them as this app's (${[...new Set(what)].join(', ')}); pods that do not answer are marked unhealthy and get no traffic`,
          fix: `make sure the version's pods answer that check, then acknowledge CT-TRAFFIC-017 saying so`,
        }));
      }),
    );
  },
};
