import type { ProxyRule } from '../rule';
import { NOT_APPLICABLE, outcome } from '../rule';
import { modeName, l7Fronted } from '../helpers';

/** CT-PROXY-022: Session affinity is not set on a Service that only proxies reach. */
export const CT_PROXY_022: ProxyRule = {
  id: 'CT-PROXY-022',
  severity: 'warning',
  description: 'Session affinity is not set on a Service that only proxies reach.',
  check(app, proxy) {
    if (app.service?.sessionAffinity !== 'ClientIP' || !l7Fronted(app)) return NOT_APPLICABLE;
    return outcome([
      {
        field: 'service.sessionAffinity',
        value: 'ClientIP',
        message: `is applied by ${modeName(proxy)} only to traffic that goes through the Service's ClusterIP, keyed on the source address it sees; the app's L7 exposures (Ingress, Gateway, ALB, mesh) pick pods themselves or connect from their own addresses, so clients coming that way get no affinity`,
        fix: 'configure stickiness in the L7 layer (ALB stickiness, a consistent-hash DestinationRule), or remove sessionAffinity',
      },
    ]);
  },
};
