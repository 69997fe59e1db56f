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
  if (app.traffic.backendProtocol) return app.traffic.backendProtocol;
  const appProtocol = (app.service?.ports[0]?.appProtocol ?? app.container.ports[0]?.appProtocol)?.toLowerCase();
  if (appProtocol === 'grpc' || appProtocol?.endsWith('/grpc')) return 'grpc';
  if (appProtocol && H2.includes(appProtocol)) return 'http2';
  return 'http1';
}
