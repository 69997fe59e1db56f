import { backendProtocolOf } from '../../model/traffic/backend-protocol';
import { layerSettings } from '../exposure-layers';
import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TRAFFIC-044: gRPC backends are reached over HTTP/2 on every layer. */
export const CT_TRAFFIC_044: Rule = {
  id: 'CT-TRAFFIC-044',
  severity: 'error',
  description: 'gRPC backends are reached over HTTP/2 on every layer.',
  check(app) {
    const grpc = backendProtocolOf(app) === 'grpc' || app.exposures.some((e) => e.traits.grpc);
    if (!grpc) return NOT_APPLICABLE; // before collecting the layers' settings (most apps serve no gRPC)
    const versions = layerSettings(app, 'protocolVersion');
    // TLS listeners that terminate the client's TLS (a Terraform NLB, an NLB Service): HTTP/2 is chosen there by ALPN.
    const alpn = layerSettings(app, 'alpnPolicy');
    if (versions.length + alpn.length === 0) return NOT_APPLICABLE;
    return outcome([
      ...versions
        .filter((s) => String(s.value).toUpperCase() === 'HTTP1')
        .map((s) => ({
          field: s.field,
          value: s.value,
          message: `${s.layer} talks HTTP/1.1 to a gRPC backend: gRPC (and its streams) needs HTTP/2 end to end`,
          fix: "use protocol version GRPC (or HTTP2) on this layer, or set `traffic.backendProtocol: 'grpc'` and leave the exposure's protocol to it",
        })),
      ...alpn
        .filter((s) => !['HTTP2Only', 'HTTP2Optional', 'HTTP2Preferred'].includes(String(s.value)))
        .map((s) => ({
          field: s.field,
          value: s.value,
          message: `the TLS listener of ${s.layer} in front of a gRPC backend does not offer HTTP/2 by ALPN: gRPC clients, which require h2, fail the handshake`,
          fix: "use `alpnPolicy: 'HTTP2Only'` (the default for gRPC backends), or 'HTTP2Optional' if HTTP/1.1 clients share the listener",
        })),
    ]);
  },
};
