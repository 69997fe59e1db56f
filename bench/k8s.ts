import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Duration } from 'cdk8s';
import { Probe, TrafficApp, TrafficChart } from '../lib';

/**
 * The Kubernetes side of the benchmark: N services (ServiceAccount, Deployment with readiness probe,
 * Service, PodDisruptionBudget) through the library, and the same objects written as raw cdk8s ApiObjects.
 * `bench/run.ts` checks that both write the same bytes before it times them.
 */

function define(i: number): TrafficApp {
  return TrafficApp.define({
    name: `svc-${i}`,
    image: 'ghcr.io/acme/svc:1.0.0',
    replicas: 2,
    ports: [{ name: 'http', port: 8080 }],
    readiness: Probe.httpGet('/health', { port: 'http', period: Duration.seconds(5) }),
    service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  });
}

/** N services through the library (traffic map and summary off: the raw side writes no such files, and the outputs must match). */
export function runLibrary(n: number, outdir: string): void {
  const app = new App({ outdir });
  const apps = Array.from({ length: n }, (_, i) => define(i));
  new TrafficChart(app, 'bench', { apps, trafficMap: false });
  app.synth();
}

/** The same objects as raw ApiObjects. */
export function runRaw(n: number, outdir: string): void {
  const app = new App({ outdir });
  const chart = new Chart(app, 'bench');
  for (let i = 0; i < n; i++) {
    const name = `svc-${i}`;
    const scope = new Construct(chart, name);
    const labels = { 'app.kubernetes.io/managed-by': 'cdk-traffic', 'app.kubernetes.io/name': name };
    const selector = { 'app.kubernetes.io/name': name };
    const metadata = { name, namespace: 'default', labels };
    new ApiObject(scope, 'sa', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata,
      automountServiceAccountToken: false,
    } as never);
    new ApiObject(scope, 'deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        replicas: 2,
        selector: { matchLabels: selector },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: 30,
            securityContext: {
              fsGroup: 65532,
              runAsGroup: 65532,
              runAsNonRoot: true,
              runAsUser: 65532,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name,
                image: 'ghcr.io/acme/svc:1.0.0',
                ports: [{ name: 'http', containerPort: 8080 }],
                resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { cpu: '1', memory: '2Gi' } },
                readinessProbe: {
                  httpGet: { path: '/health', port: 'http' },
                  initialDelaySeconds: 0,
                  periodSeconds: 5,
                  timeoutSeconds: 1,
                  successThreshold: 1,
                  failureThreshold: 3,
                },
                lifecycle: { preStop: { sleep: { seconds: 10 } } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    } as never);
    new ApiObject(scope, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata,
      spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }] },
    } as never);
    new ApiObject(scope, 'pdb', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata,
      spec: { selector: { matchLabels: selector }, maxUnavailable: 1 },
    } as never);
  }
  app.synth();
}
