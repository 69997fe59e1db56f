import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TRAFFIC-031: A declared request timeout is written on every Gateway API route. */
export const CT_TRAFFIC_031: Rule = {
  id: 'CT-TRAFFIC-031',
  severity: 'warning',
  description: 'A declared request timeout is written on every Gateway API route.',
  check(app) {
    if (app.traffic.requestTimeoutSeconds === undefined) return NOT_APPLICABLE; // no request timeout declared
    const layers = app.exposures
      .map((e, i) => [e, i] as const)
      .filter(([e]) => e.traits.requestTimeout !== undefined && !e.traits.requestTimeout.written);
    if (app.traffic.requestTimeoutSeconds === undefined || layers.length === 0) return NOT_APPLICABLE;
    return outcome(
      layers.map(([e, i]) => ({
        field: `expose[${i}]`,
        value: e.traits.label,
        message: `the request timeout (${app.traffic.requestTimeoutSeconds}s) ${e.traits.requestTimeout!.message ?? `is not written by ${e.traits.label}`}`,
        fix:
          e.traits.requestTimeout!.fix ??
          'set the timeout where this layer is served; acknowledge CT-TRAFFIC-031 saying where',
      })),
    );
  },
};
