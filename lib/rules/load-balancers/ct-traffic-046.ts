import { NOT_APPLICABLE, outcome, Rule } from '../rule';
import { streamOf } from '../helpers';

/** CT-TRAFFIC-046: In the streaming profile, the deregistration delay covers the longest stream. */
export const CT_TRAFFIC_046: Rule = {
  id: 'CT-TRAFFIC-046',
  severity: 'error',
  description: 'In the streaming profile, the deregistration delay covers the longest stream.',
  check(app) {
    const max = streamOf(app);
    if (max === undefined) return NOT_APPLICABLE;
    const d = app.traffic.deregistrationDelaySeconds;
    return outcome(
      d >= max
        ? []
        : [
            {
              field: 'traffic.deregistrationDelay',
              value: d,
              message: `(${d}s) is shorter than the longest stream (${max}s): streams on a pod being replaced would be cut when the load balancer deregisters it`,
              fix: `leave deregistrationDelay out (it follows maxStreamDuration) or set it to at least Duration.seconds(${max})`,
            },
          ],
    );
  },
};
