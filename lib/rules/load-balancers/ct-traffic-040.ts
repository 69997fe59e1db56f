import { layerSettings } from '../exposure-layers';
import { NOT_APPLICABLE, outcome, Rule } from '../rule';
import { streamOf } from '../helpers';

/** CT-TRAFFIC-040: In the streaming profile, no load balancer or route idle timeout is shorter than the longest stream. */
export const CT_TRAFFIC_040: Rule = {
  id: 'CT-TRAFFIC-040',
  severity: 'error',
  description: 'In the streaming profile, no load balancer or route idle timeout is shorter than the longest stream.',
  check(app) {
    const max = streamOf(app);
    if (max === undefined) return NOT_APPLICABLE; // only the streaming profile has a longest stream
    const found = layerSettings(app, 'idleTimeoutSeconds');
    if (found.length === 0) return NOT_APPLICABLE;
    return outcome(
      found
        .filter((s) => typeof s.value === 'number' && s.value < max)
        .map((s) => ({
          field: s.field,
          value: s.value,
          message: `the idle timeout of ${s.layer} (${s.value}s) is shorter than the longest stream (${max}s): a stream that pauses (e.g. a model thinking) would be cut`,
          fix: `leave the exposure's idle timeout to the traffic policy, or set it to at least ${max}s`,
        })),
    );
  },
};
