import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TRAFFIC-016: The canary header reaches the canary through every exposure. */
export const CT_TRAFFIC_016: Rule = {
  id: 'CT-TRAFFIC-016',
  severity: 'warning',
  description: 'The canary header reaches the canary through every exposure.',
  check(app) {
    if (!app.traffic.canaryHeader || app.versions.length < 2) return NOT_APPLICABLE;
    const h = app.traffic.canaryHeader;
    return outcome(
      app.exposures
        .map((e, i) => [e, i] as const)
        .filter(([e]) => !e.traits.routesCanaryHeader)
        .map(([e, i]) => ({
          field: `expose[${i}]`,
          value: e.traits.label,
          message: `does not route on the canary header (${h.name}: ${h.value}): testers coming this way get the weighted split`,
          fix: 'send testers through a Gateway API route, an ALB or the mesh, which route on the header; acknowledge CT-TRAFFIC-016 saying which way testers come in',
        })),
    );
  },
};
