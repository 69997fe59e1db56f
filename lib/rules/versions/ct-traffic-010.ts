import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TRAFFIC-010: A canary header routes to a canary version, so the app needs one. */
export const CT_TRAFFIC_010: Rule = {
  id: 'CT-TRAFFIC-010',
  severity: 'error',
  description: 'A canary header routes to a canary version, so the app needs one.',
  check(app) {
    const h = app.traffic.canaryHeader;
    if (!h) return NOT_APPLICABLE;
    return outcome(
      app.versions.length > 1
        ? []
        : [
            {
              field: 'traffic.canaryHeader',
              value: h,
              message: 'routes testers to a canary, but the app has no second version',
              fix: 'add the canary under `versions`, e.g. `versions: { v2: { image: "...:2.0.0", weight: 1 } }`, or remove `canaryHeader`',
            },
          ],
    );
  },
};
