import { layerSettings } from '../exposure-layers';
import { NOT_APPLICABLE, outcome, Rule } from '../rule';
import { streamOf } from '../helpers';

/** CT-TRAFFIC-043: In the streaming profile, no exposure has a request timeout shorter than the longest stream. */
export const CT_TRAFFIC_043: Rule = {
  id: 'CT-TRAFFIC-043',
  severity: 'error',
  description: 'In the streaming profile, no exposure has a request timeout shorter than the longest stream.',
  check(app) {
    const max = streamOf(app);
    if (max === undefined) return NOT_APPLICABLE; // only the streaming profile has a longest stream
    const found = layerSettings(app, 'requestTimeoutSeconds');
    if (found.length === 0) return NOT_APPLICABLE;
    return outcome(
      found
        .filter((s) => typeof s.value === 'number' && s.value > 0 && s.value < max)
        .map((s) => ({
          field: s.field,
          value: s.value,
          message: `the request timeout of ${s.layer} (${s.value}s) is shorter than the longest stream (${max}s): streams would be cut`,
          fix: `leave the timeout to the traffic policy (none in the streaming profile) or set it to at least ${max}s`,
        })),
    );
  },
};
