import type { WorkloadSpec } from '../app-spec';
import type { BackendProtocol } from './policy';

const H2 = ['kubernetes.io/h2c', 'h2c', 'http2', 'kubernetes.io/h2'];

/** What `backendProtocolOf` reads of an app (a `WorkloadSpec`, or only the Service port a layer sends to). */
export interface BackendProtocolSource {
  readonly traffic: Pick<WorkloadSpec['traffic'], 'backendProtocol'>;
  readonly service?: { readonly ports: readonly { readonly appProtocol?: string }[] };
  readonly container: { readonly ports: readonly { readonly appProtocol?: string }[] };
}

/**
 * The protocol from load balancers and proxies to the pods: `traffic.backendProtocol` when set, else
 * derived from the first Service port's appProtocol (`grpc` -> 'grpc'; h2c/http2 -> 'http2'), else 'http1'.
 * Renderers map it: ALB target group `protocol_version` HTTP1/HTTP2/GRPC, Istio `h2UpgradePolicy`.
 */
export function backendProtocolOf(app: BackendProtocolSource): BackendProtocol {
  return backendProtocolFor(app.traffic, app.service?.ports[0]?.appProtocol ?? app.container.ports[0]?.appProtocol);
}

/**
 * The same derivation for one port a layer sends to: `traffic.backendProtocol` when set, else from that port's
 * appProtocol (the Service port's, else its target's). A layer that knows its port passes it here instead of
 * building a one-port copy of the app for `backendProtocolOf` (once per app).
 */
export function backendProtocolFor(
  traffic: BackendProtocolSource['traffic'],
  portAppProtocol: string | undefined,
): BackendProtocol {
  if (traffic.backendProtocol) return traffic.backendProtocol;
  const appProtocol = portAppProtocol?.toLowerCase();
  if (appProtocol === 'grpc' || appProtocol?.endsWith('/grpc')) return 'grpc';
  if (appProtocol && H2.includes(appProtocol)) return 'http2';
  return 'http1';
}
