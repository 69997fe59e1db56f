import { backendProtocolFor, backendProtocolOf } from '../../lib/model/traffic/backend-protocol';
import type { BackendProtocol } from '../../lib/model/traffic/policy';

describe('backendProtocolFor (one port) and backendProtocolOf (an app)', () => {
  const appProtocols = [
    undefined,
    'http',
    'HTTP',
    'grpc',
    'GRPC',
    'example.com/grpc',
    'h2c',
    'kubernetes.io/h2c',
    'http2',
    'kubernetes.io/h2',
    'kubernetes.io/ws',
  ];
  const declared: (BackendProtocol | undefined)[] = [undefined, 'http1', 'http2', 'grpc'];

  test('GIVEN a Service port and its target THEN the port alone gives what a one-port copy of the app gives', () => {
    for (const backendProtocol of declared)
      for (const service of appProtocols)
        for (const target of appProtocols) {
          const traffic = { backendProtocol };
          const copy = {
            traffic,
            service: { ports: [{ appProtocol: service }] },
            container: { ports: [{ appProtocol: target }] },
          };
          expect(backendProtocolFor(traffic, service ?? target)).toBe(backendProtocolOf(copy));
        }
  });
});
