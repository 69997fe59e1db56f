import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TRAFFIC-014: A canary receives traffic (a weight above 0 or the canary header). */
export const CT_TRAFFIC_014: Rule = {
  id: 'CT-TRAFFIC-014',
  severity: 'warning',
  description: 'A canary receives traffic (a weight above 0 or the canary header).',
  check(app) {
    if (app.versions.length < 2) return NOT_APPLICABLE;
    if (app.traffic.canaryHeader) return outcome([]);
    return outcome(
      app.versions
        .slice(1)
        .filter((v) => v.weight === 0)
        .map((v) => ({
          field: `versions.${v.version}.weight`,
          value: v.weight,
          message: `the canary "${v.version}" gets no traffic: weight 0 and no canary header`,
          fix: `give it a weight (e.g. 1 for 1%) or set \`traffic.canaryHeader\`; acknowledge CT-TRAFFIC-014 for a dark launch`,
        })),
    );
  },
};
