import { Probe, TrafficAppProps } from '../../lib';
import { base } from '../declared/support';

/** A callee with two named Service ports in front of other pod ports (80 -> 8080 http, 9000 -> 9090 grpc). */
export const apiProps: TrafficAppProps = {
  ...base,
  name: 'api',
  ports: [
    { name: 'http', port: 8080 },
    { name: 'grpc', port: 9090 },
  ],
  readiness: Probe.httpGet('/health', { port: 'http' }),
  service: {
    ports: [
      { name: 'http', port: 80, targetPort: 'http' },
      { name: 'grpc', port: 9000, targetPort: 'grpc' },
    ],
  },
};
