import { NOT_APPLICABLE, outcome, Rule } from '../rule';
import { streamOf } from '../helpers';
import { streamingChain } from '../../model/traffic/streaming-chain';

/**
 * CT-TRAFFIC-070: In the streaming profile, no layer left at its implementation's default timeout (an ALB's 60 s
 * idle timeout, Application Gateway for Containers' fixed 5 minutes, GKE's 30 s backend timeout) is shorter than the
 * longest stream.
 */
export const CT_TRAFFIC_070: Rule = {
  id: 'CT-TRAFFIC-070',
  severity: 'error',
  description:
    "In the streaming profile, no layer left at its implementation's default timeout is shorter than the longest stream.",
  check(app) {
    const max = streamOf(app);
    if (max === undefined) return NOT_APPLICABLE;
    return outcome(
      streamingChain(app).hops.flatMap((h) =>
        h.source.kind === 'default' && h.seconds !== undefined && h.seconds < max
          ? [
              {
                field: h.field,
                value: h.seconds,
                message: `${h.layer} is left at the ${h.timeout} timeout of ${h.source.of} (${h.seconds}s, ${h.source.see}), shorter than the longest stream (${max}s): a stream would be cut`,
                fix: `set the ${h.timeout} timeout of this layer to at least ${max}s where it is configured (${h.source.configuredBy ?? h.source.see}); if it cannot be changed, make the server send a heartbeat more often than every ${h.seconds}s and acknowledge CT-TRAFFIC-070 saying so`,
              },
            ]
          : [],
      ),
    );
  },
};
