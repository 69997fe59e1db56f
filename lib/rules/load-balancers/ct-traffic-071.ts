import { NOT_APPLICABLE, outcome, Rule } from '../rule';
import { streamOf } from '../helpers';
import { streamingChain } from '../../model/traffic/streaming-chain';

/**
 * CT-TRAFFIC-071: In the streaming profile, every layer's timeouts are known: written, or the documented default of a
 * known implementation. A layer whose implementation is not known (a Gateway of an unknown class, a LoadBalancer
 * Service without a cloud) asks which values to declare.
 */
export const CT_TRAFFIC_071: Rule = {
  id: 'CT-TRAFFIC-071',
  severity: 'warning',
  description:
    "In the streaming profile, every layer's timeouts are known (written, or a known implementation's documented default).",
  check(app) {
    const max = streamOf(app);
    if (max === undefined) return NOT_APPLICABLE;
    const unknown = new Map<string, { layer: string; timeouts: string[] }>();
    for (const h of streamingChain(app).hops) {
      if (h.source.kind !== 'unknown') continue;
      const u = unknown.get(h.field) ?? { layer: h.layer, timeouts: [] };
      u.timeouts.push(h.timeout);
      unknown.set(h.field, u);
    }
    return outcome(
      [...unknown.entries()].map(([field, u]) => ({
        field,
        value: u.timeouts,
        message: `the implementation behind ${u.layer} is not known, so its default ${u.timeouts.join(', ')} timeout(s) cannot be checked against the longest stream (${max}s)`,
        fix: `set the ${u.timeouts.join(', ')} timeout(s) of that implementation to at least ${max}s (or none), then acknowledge CT-TRAFFIC-071 naming where they are set`,
      })),
    );
  },
};
