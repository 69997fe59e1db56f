import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TRAFFIC-042: Pods behind load balancers, and streaming pods, drain (preStop) before they stop. */
export const CT_TRAFFIC_042: Rule = {
  id: 'CT-TRAFFIC-042',
  severity: 'error',
  description: 'Pods behind load balancers, and streaming pods, drain (preStop) before they stop.',
  check(app) {
    const behindLb = app.exposures.some((e) => e.traits.needsDrain);
    if (!behindLb && app.traffic.profile !== 'streaming') return NOT_APPLICABLE;
    return outcome(
      app.availability.drainSeconds > 0
        ? []
        : [
            {
              field: 'availability.drain',
              value: app.availability.drainSeconds,
              message:
                'is zero: the pod gets SIGTERM while load balancers and proxies still send it new requests (deregistration takes seconds)',
              fix: 'leave `availability.drain` out (10 s preStop sleep) or set it to at least Duration.seconds(5)',
            },
          ],
    );
  },
};
