import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TRAFFIC-030: Declared retries are written on every Gateway API route. */
export const CT_TRAFFIC_030: Rule = {
  id: 'CT-TRAFFIC-030',
  severity: 'warning',
  description: 'Declared retries are written on every Gateway API route.',
  check(app) {
    if (!app.traffic.retry) return NOT_APPLICABLE; // no retries declared
    const missing = app.exposures.map((e, i) => [e, i] as const).filter(([e]) => e.traits.retries !== undefined);
    if (!app.traffic.retry || missing.length === 0) return NOT_APPLICABLE;
    return outcome(
      missing
        .filter(([e]) => !e.traits.retries!.written)
        .map(([e, i]) => ({
          field: `expose[${i}]`,
          value: e.traits.label,
          message: e.traits.retries!.message ?? `retries are declared, but ${e.traits.label} does not write them`,
          fix:
            e.traits.retries!.fix ??
            'configure retries where this layer is served, and acknowledge CT-TRAFFIC-030 saying where',
        })),
    );
  },
};
