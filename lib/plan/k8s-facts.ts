import { FactSink } from './fact-sink';
import { annotationFacts } from './k8s-annotations';
import {
  authorizationPolicyFacts,
  destinationRuleFacts,
  linkerdServerFacts,
  meshTlsAuthenticationFacts,
  namespaceMeshText,
  virtualServiceFacts,
} from './k8s-mesh';
import { ciliumPolicyFacts, networkPolicyFacts } from './k8s-policy';
import { gatewayFacts, ingressFacts, routeFacts } from './k8s-routes';
import { specFacts } from './k8s-spec';
import { inferencePoolFacts } from './k8s-inference';
import { hpaFacts, pdbFacts, serviceFacts, workloadFacts } from './k8s-workload';
import { layerOf, OutputIndex, subjectOf } from './output-index';
import type { Manifest, SynthOutput } from './read-output';
import type { Fact } from './types';

type Extractor = (m: Manifest, sink: FactSink, index: OutputIndex) => void;

/** The kinds on the traffic path and what the plan reads of each; other kinds (ServiceAccount, ...) are not read. */
const EXTRACTORS: Readonly<Record<string, Extractor>> = {
  Deployment: workloadFacts,
  StatefulSet: workloadFacts,
  PodDisruptionBudget: pdbFacts,
  HorizontalPodAutoscaler: hpaFacts,
  Service: serviceFacts,
  Ingress: ingressFacts,
  Gateway: gatewayFacts,
  HTTPRoute: routeFacts,
  InferencePool: inferencePoolFacts,
  GRPCRoute: routeFacts,
  TLSRoute: routeFacts,
  TCPRoute: routeFacts,
  VirtualService: virtualServiceFacts,
  DestinationRule: destinationRuleFacts,
  Server: linkerdServerFacts,
  MeshTLSAuthentication: meshTlsAuthenticationFacts,
  AuthorizationPolicy: authorizationPolicyFacts,
  NetworkPolicy: networkPolicyFacts,
  CiliumNetworkPolicy: ciliumPolicyFacts,
  TargetGroupBinding: specFacts,
  BackendConfig: specFacts,
  FrontendConfig: specFacts,
  HealthCheckPolicy: specFacts,
  GCPBackendPolicy: specFacts,
  GCPGatewayPolicy: specFacts,
  RoutePolicy: specFacts,
  BackendTLSPolicy: specFacts,
  BackendTrafficPolicy: specFacts,
  ClientTrafficPolicy: specFacts,
  PeerAuthentication: specFacts,
  ServiceMonitor: specFacts,
  PodMonitor: specFacts,
  PrometheusRule: specFacts,
};

/** The facts of every Kubernetes object of an app on the traffic path, and each app's mesh from its Namespace. */
export function kubernetesFacts(output: SynthOutput, index: OutputIndex): Fact[] {
  const out: Fact[] = [];
  for (const m of output.manifests) {
    if (m.kind === 'Namespace') {
      const mesh = namespaceMeshText(m);
      for (const app of mesh ? index.appsIn(m.name) : []) {
        new FactSink(out, app, 'Mesh', `Namespace ${m.name}`).add('mesh and mode', 'info', mesh);
      }
      continue;
    }
    const app = index.appOf(m);
    const extract = EXTRACTORS[m.kind];
    if (!app || !extract) continue;
    const sink = new FactSink(out, app, layerOf(m), subjectOf(m));
    sink.add('exists', 'info', 'yes');
    annotationFacts(m, sink, index);
    extract(m, sink, index);
  }
  return out;
}
