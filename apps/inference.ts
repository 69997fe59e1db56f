import { Duration } from 'cdk8s';
import {
  Certificate,
  Dataplane,
  GatewayRouteExposure,
  InferencePoolRoute,
  Mesh,
  Probe,
  ServerShutdown,
  TerraformLoadBalancer,
  TrafficApp,
  TrafficProfile,
} from 'cdk-traffic';

/**
 * The streaming inference service: minutes-long LLM responses (server-sent events) with a 1% canary.
 *
 * - v1 (`llm-server:1.4.0`, 6 pods) and v2 (`llm-server:1.5.0`, 1 pod) run as two Deployments
 *   (`inference-v1`, `inference-v2`, label `version`), each behind its own Service; routes send
 *   exactly 99/1 to those Services, and testers reach v2 with `x-canary: true`.
 * - The streaming profile makes every layer agree on a 10-minute stream: no request timeout on the
 *   routes and in the mesh, idle timeouts and the deregistration delay of 600 s, least-request
 *   balancing, and pods that get 10 s of preStop drain plus 600 s to finish their streams (grace
 *   period 610 s), with a disruption budget.
 * - A 502 from a pod (e.g. one that is restarting) is retried twice instead of failing the user.
 *   Gateway API v1.6 has HTTPRoute `retry` in its experimental channel only, so the app opts in.
 * - External clients come through an HTTPRoute on a Cilium Gateway (`llm.example.com`) and through an
 *   ALB that Terraform manages (`llm-api.example.com`, `LoadBalancerStack` in main-aws): its listener
 *   rule forwards 99/1 to two target groups, each bound to its version's Service, with a 600 s idle
 *   timeout, a 600 s deregistration delay and least-outstanding-requests. In-cluster callers in the Istio
 *   mesh (the chat frontend) get the same split, retries and timeouts from a VirtualService and
 *   DestinationRule (with outlier detection).
 * - Model-aware routing (Gateway API Inference Extension): an HTTPRoute on the Istio ingress Gateway
 *   (`models.example.com`, requests whose `X-Gateway-Model-Name` is `acme-llm`) sends to two InferencePools, one per
 *   version (the model rollout: 99/1 through the same versions), each selecting its version's pods on the http port
 *   and naming its endpoint picker (FailClose); a DestinationRule per picker lets the gateway reach its self-signed TLS.
 * - The server's own timeouts: a keep-alive longer than every idle timeout in front (the Istio sidecar's 1 h), and a
 *   drain of the longest stream on SIGTERM (vLLM `--shutdown-timeout 600`); SUMMARY.md lists the chain hop by hop.
 * - Cilium is the dataplane: a default-deny CiliumNetworkPolicy admits the Gateway's Envoy and the
 *   chat frontend on the http port only, and lets the sidecars reach istiod. No L7 rules: mesh traffic between sidecars is mTLS, which
 *   Cilium's HTTP parser cannot read.
 */
export const inference = TrafficApp.define({
  name: 'inference',
  namespace: 'ai',
  image: 'ghcr.io/acme/llm-server:1.4.0',
  replicas: 6,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/health', {
    port: 'http',
    initialDelay: Duration.seconds(30),
    period: Duration.seconds(5),
  }),
  resources: { cpuRequest: '2', cpuLimit: '4', memoryRequest: '8Gi', memoryLimit: '8Gi' },
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  availability: { spreadAcrossZones: true },
  versions: { v2: { image: 'ghcr.io/acme/llm-server:1.5.0', weight: 1 } },
  traffic: {
    profile: TrafficProfile.STREAMING,
    maxStreamDuration: Duration.minutes(10),
    retry: { attempts: 2, on: [502] },
    canaryHeader: { name: 'x-canary', value: 'true' },
    outlierDetection: { consecutiveErrors: 5 },
    gatewayApiChannel: 'experimental',
    // The cluster's Istio runs the CNI plugin, so sidecar pods pass Pod Security "restricted".
    acknowledge: {
      'CT-TRAFFIC-050': 'Istio is installed with the CNI plugin (no istio-init)',
      // Retries and outlier detection are the mesh's, for in-cluster callers; the ALB does not retry and the
      // Cilium Gateway does not eject pods: their clients retry themselves and both send only to ready pods.
      'CT-TRAFFIC-032': 'retries and ejection are for mesh callers; ALB and gateway clients retry themselves',
    },
  },
  expose: [
    GatewayRouteExposure.http({
      gateway: {
        name: 'llm',
        className: 'cilium',
        listeners: [
          {
            name: 'https',
            protocol: 'HTTPS',
            port: 443,
            hostname: 'llm.example.com',
            certificateSecrets: ['llm-example-com-tls'],
          },
        ],
      },
      hostnames: ['llm.example.com'],
    }),
    TerraformLoadBalancer.alb({ hosts: ['llm-api.example.com'], certificate: Certificate.dnsValidated() }),
    Mesh.istio(),
    InferencePoolRoute.http({
      name: 'inference-models',
      parents: [{ name: 'inference-gateway', namespace: 'istio-ingress', sectionName: 'https' }],
      hostnames: ['models.example.com'],
      model: 'acme-llm',
      implementation: 'istio',
      pools: ['v1', 'v2'].map((version) => ({
        version,
        endpointPicker: {
          serviceName: `inference-${version}-epp`,
          port: 9002,
          failureMode: 'FailClose' as const,
          podLabels: { 'app.kubernetes.io/name': `inference-${version}-epp` },
          tls: { skipVerifyReason: 'the endpoint picker serves its default self-signed certificate' },
        },
      })),
    }),
  ],
  server: {
    // Longer than every idle timeout in front: the ALB's 600 s and the Istio sidecar's 1 h connection pool.
    keepAlive: Duration.minutes(61),
    shutdown: ServerShutdown.drain(Duration.minutes(10)),
  },
  dataplane: Dataplane.cilium({
    policy: {
      allowFrom: [{ namespace: 'chat', labels: { 'app.kubernetes.io/name': 'chat-frontend' }, ports: ['http'] }],
      // The ALB reaches pod IPs from its addresses in the VPC: admit the VPC only, not `world`.
      awsVpcCidrs: ['10.0.0.0/16'],
      // The Istio ingress gateway's pods, which send the InferencePool route's requests to the pods.
      controllers: { istio: { namespace: 'istio-ingress', labels: { istio: 'ingressgateway' } } },
    },
  }),
});
