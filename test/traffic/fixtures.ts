import { Duration } from 'cdk8s';
import { Mesh, Probe, TrafficAppProps, TrafficProfile } from '../../lib';

/** A streaming app with a 1% canary, retries on 502 and the Istio mesh: the baseline most tests vary. */
export const streaming: TrafficAppProps = {
  name: 'llm',
  namespace: 'ai',
  image: 'ghcr.io/acme/llm-server:1.4.0',
  replicas: 4,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/health', { port: 'http', period: Duration.seconds(5) }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  versions: { v2: { image: 'ghcr.io/acme/llm-server:1.5.0', weight: 1 } },
  traffic: {
    profile: TrafficProfile.STREAMING,
    retry: { attempts: 2, on: [502] },
    canaryHeader: { name: 'X-Canary', value: 'true' },
    outlierDetection: {},
  },
  // Injection managed outside the chart: no sidecar label, so the restricted namespace needs no Istio CNI (rule CT-TRAFFIC-050).
  expose: [Mesh.istio({ injection: false })],
};

/** A standard request/response app in the mesh. */
export const standard: TrafficAppProps = {
  name: 'api',
  namespace: 'shop',
  image: 'ghcr.io/acme/api:2.0.0',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/health', { port: 'http' }),
  expose: [Mesh.istio()],
};
