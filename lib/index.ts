/**
 * cdk-traffic: the public API of the Kubernetes side (and of the model shared with `cdk-traffic/aws`).
 *
 * Curated: what users write (definitions, exposure factories, probes, policies), what they read (the
 * resolved specs, problems, warnings, rule reports) and what they extend (exposure and rule types).
 * Internal helpers (formatters, parsers, tables) stay importable from their modules inside this
 * repository only; the package's `exports` map does not reach them. Explicit names, no `export *`, so
 * a new helper does not become public by accident.
 */

// --- The definition of an app -------------------------------------------------------------------------
export { TrafficApp } from './model/app';
export type { Resolution } from './model/app';
export type {
  TrafficAppProps,
  VersionProps,
  ExternalVersionProps,
  ServiceOptions,
  AvailabilityOptions,
  RolloutOptions,
  ObjectNames,
} from './model/app-props';
export { Probe, ReadinessWaiver } from './model/workload/probe';
export type {
  PortRef,
  ProbeTiming,
  HttpGetProbeOptions,
  TcpSocketProbeOptions,
  GrpcProbeOptions,
  PortLike,
} from './model/workload/probe';
export { PodSecurity } from './model/workload/security';
export { ServerShutdown } from './model/workload/server';
export type { ServerOptions, ServerSpec } from './model/workload/server';
export type { RestrictedOptions, BaselineOptions } from './model/workload/security';
export { EnvFrom } from './model/workload/env';
export type { EnvValue } from './model/workload/env';
export type { AutoscalingOptions } from './model/workload/autoscaling';
export type { ResourcesProps } from './model/workload/resources';
export type { AppRuntime } from './model/workload/runtime';
export type { CallProps, CallSpec } from './model/workload/calls';
export type { Protocol, ContainerPortProps, ServicePortProps } from './model/workload/ports';
export type { ContainerBaseProps, InitContainerProps, SidecarProps } from './model/workload/container';
export { Volume, ProjectedSource } from './model/workload/volumes';
export type {
  KeyToPath,
  ConfigVolumeOptions,
  EmptyDirOptions,
  ClaimVolumeOptions,
  PersistentVolumeClaimProps,
  ClaimSpec,
  ServiceAccountTokenOptions,
  VolumeMountProps,
} from './model/workload/volumes';
export { ServiceAccount, WorkloadIdentity } from './model/workload/service-account';
export type { CreateServiceAccountOptions } from './model/workload/service-account';
export type {
  TolerationProps,
  LabelRequirement,
  NodeAffinityProps,
  PodAffinityTermProps,
  TopologySpreadProps,
  SchedulingOptions,
} from './model/workload/scheduling';
export type { VolumeClaimTemplateProps, StatefulOptions, AccessMode } from './model/workload/stateful';

// --- Traffic policy -----------------------------------------------------------------------------------
export { TrafficProfile } from './model/traffic/policy';
export type {
  TrafficPolicyProps,
  ConsistentHashProps,
  RetryProps,
  RetryCondition,
  OutlierDetectionProps,
  ConnectionPoolProps,
  BackendProtocol,
} from './model/traffic/policy';

// --- Exposure kinds (factories and their props) -------------------------------------------------------
export type { IExposure, ExposureSpec } from './model/exposure/exposure';
export { IngressExposure, ALB_CLASS } from './model/exposure/ingress';
export type {
  IngressProps,
  AlbIngressProps,
  IngressPathProps,
  IngressRoutingProps,
  IngressTlsProps,
} from './model/exposure/ingress';
export type { AlbOptions, AlbListenPort, AlbAccessLogs } from './model/aws/alb-ingress-options';
export { GatewayRouteExposure, HttpFilter } from './model/exposure/gateway-route';
export type {
  HttpRouteProps,
  GrpcRouteProps,
  GatewayRouteCommonProps,
  HttpRouteRuleProps,
  GrpcRouteRuleProps,
  HttpRouteMatchProps,
  GrpcRouteMatchProps,
  HttpMethod,
  ValueMatch,
  PathMatch,
  PathModifier,
  HeaderModifierProps,
} from './model/exposure/gateway-route';
export type { GatewayProps, GatewayParentProps, GatewayListenerProps } from './model/exposure/gateway';
export type { IngressSwitchProps, IngressLeftovers } from './model/exposure/gateway-route';
export { GATEWAY_IMPLEMENTATIONS, GATEWAY_IMPLEMENTATION_NAMES } from './model/exposure/gateway-implementations';
export type { GatewayImplementation } from './model/exposure/gateway-implementations';
export { INGRESS_NGINX_RETIRED } from './model/exposure/ingress';
export { EnvoyGatewayPolicies, envoyBackendTrafficPolicySpec } from './k8s/expose/envoy-gateway-policies';
export type { EnvoyGatewayPoliciesProps } from './k8s/expose/envoy-gateway-policies';
export { LoadBalancerServiceExposure } from './model/aws/nlb-service';
export type { NlbServiceProps, NlbTlsProps } from './model/aws/nlb-service';
export { LbIpamService } from './model/exposure/lb-ipam-service';
export type { LbIpamServiceProps } from './model/exposure/lb-ipam-service';
export { IstioMesh, Mesh } from './model/exposure/istio-mesh';
export type { IstioMeshProps } from './model/exposure/istio-mesh';
export type { IstioWaypointProps, IstioClientProps } from './model/exposure/istio-ambient';
export { IstioIngress } from './model/exposure/istio-ingress';
export type {
  IstioIngressProps,
  IstioGatewayProps,
  IstioGatewayTlsProps,
  IstioUriMatchProps,
} from './model/exposure/istio-ingress';
export { LinkerdMesh } from './model/exposure/linkerd-mesh';
export type { LinkerdMeshProps, LinkerdClientProps } from './model/exposure/linkerd-mesh';
// Extension point: a kind of your own declares what it does (its resolved spec's traits).
export { traits } from './model/exposure/traits';
// ... with the helpers every kind needs (weights, Service ports, per-version backends, pod ports, props checks).
export { ExposureKit } from './extension/exposure-kit';
export { InputShape } from './extension/input-shape';
export type { WeightLimits } from './model/traffic/weights';
export { ALB_FORWARD_SPLIT } from './model/aws/forward-weights';
export { TerraformLoadBalancer } from './model/aws/terraform-load-balancer';
export type {
  TerraformLoadBalancerCommonProps,
  TerraformAlbProps,
  TerraformNlbProps,
  AlpnPolicy,
} from './model/aws/terraform-load-balancer';
export { Certificate } from './model/aws/certificate';
export { HealthCheck } from './model/aws/health-check';
export type { HealthCheckOverrideProps } from './model/aws/health-check';

// --- Observability (objective, PodMonitor, PrometheusRule, Telemetry; CloudWatch alarms in cdk-traffic/aws) -----
export type {
  AlarmProps,
  AppMetricsProps,
  AppRequestMetricsProps,
  LatencyObjectiveProps,
  ObjectiveProps,
  ObserveProps,
  ScrapeProps,
  TracingProps,
} from './model/observe/observe-props';
export type {
  AppRequestMetricsSpec,
  BurnRateAlertSpec,
  ObjectiveSpec,
  ObserveSpec,
  ScrapedLayerSpec,
} from './model/observe/observe-spec';
export { AppPodMonitor } from './k8s/observe/app-pod-monitor';
export type { AppPodMonitorProps } from './k8s/observe/app-pod-monitor';
export { AppPrometheusRule } from './k8s/observe/app-prometheus-rule';
export type { AppPrometheusRuleProps } from './k8s/observe/app-prometheus-rule';
export { AppTelemetry } from './k8s/observe/app-telemetry';
export type { AppTelemetryProps } from './k8s/observe/app-telemetry';

// --- Progressive delivery (Argo Rollouts, Flagger) ----------------------------------------------------
export type {
  DeliveryAnalysisProps,
  DeliveryComparisonProps,
  DeliveryProps,
  DeliveryStepProps,
} from './model/delivery/delivery-props';
export type {
  DeliveryAnalysisSpec,
  DeliveryObject,
  DeliverySpec,
  DeliveryStepSpec,
  FlaggerRouteSpec,
} from './model/delivery/delivery-spec';
export { DEFAULT_PROMETHEUS_ADDRESS } from './model/delivery/resolve-delivery';
export { DELIVERED_PODS_LABEL } from './model/delivery/primary-pods';
export type { LabelIn } from './model/delivery/primary-pods';
export { ArgoRollout, GATEWAY_API_PLUGIN } from './k8s/delivery/argo-rollout';
export type { ArgoRolloutProps } from './k8s/delivery/argo-rollout';
export { ArgoAnalysisTemplate } from './k8s/delivery/argo-analysis-template';
export type { ArgoAnalysisTemplateProps } from './k8s/delivery/argo-analysis-template';
export { FlaggerCanary } from './k8s/delivery/flagger-canary';
export type { FlaggerCanaryProps } from './k8s/delivery/flagger-canary';
export { FlaggerMetricTemplate } from './k8s/delivery/flagger-metric-template';
export type { FlaggerMetricTemplateProps } from './k8s/delivery/flagger-metric-template';
export { DELIVERY_DRIVEN_ANNOTATION } from './k8s/delivery/delivery-metadata';
export { analysisQueries } from './k8s/delivery/analysis-queries';
export type { AnalysisQuery } from './k8s/delivery/analysis-queries';

// --- Network policy (the per-app dataplane) -----------------------------------------------------------
export { Dataplane } from './model/dataplane/dataplane';
export type { DataplaneInput, IDataplane } from './model/dataplane/dataplane';
export type {
  PolicyEntity,
  PodPeerProps,
  AllowFromProps,
  ControllerPodsProps,
  EgressPortProps,
  EgressRuleProps,
  DnsEgressProps,
  HttpRuleProps,
  NetworkPolicyProps,
  CiliumServiceProps,
  KubernetesDataplaneProps,
  CiliumDataplaneProps,
  CiliumProxyProps,
} from './model/dataplane/dataplane-props';

// --- Cilium cluster-wide setup ------------------------------------------------------------------------
export type {
  CiliumClusterProps,
  CiliumLoadBalancerProps,
  CiliumRoutingProps,
  CiliumIpamProps,
  CiliumIngressControllerProps,
  CiliumL2AnnouncementsProps,
  CiliumEnvoyProps,
  CiliumHubbleProps,
  LoadBalancerAlgorithm,
  LoadBalancerMode,
  DsrDispatch,
  LoadBalancerAcceleration,
  RoutingMode,
  TunnelProtocol,
  IpamMode,
  IngressLoadBalancerMode,
} from './model/cilium/cluster-props';
export type {
  BgpPeerProps,
  BgpInstanceProps,
  BgpPeerConfigProps,
  BgpAdvertisementItem,
  BgpAdvertisementProps,
  CiliumBgpProps,
} from './model/cilium/bgp';
export type { L2AnnouncementPolicyProps } from './model/cilium/l2-announcement';
export type { LoadBalancerIpPoolProps, IpPoolBlock } from './model/cilium/lb-ipam';
export type { LabelSelector, LabelSelectorRequirement } from './model/cilium/selector';
export type { CiliumHelmValues } from './model/cilium/helm-values';
export { SUPPORTED_CILIUM_CHARTS, DEFAULT_CILIUM_CHART } from './model/cilium/chart-versions';
export type { CiliumChartVersion } from './model/cilium/chart-versions';

// --- kube-proxy (clusters without a kube-proxy replacement) -------------------------------------------
export type {
  KubeProxyMode,
  KubeProxyDistribution,
  IpvsScheduler,
  KubeProxyIpvsProps,
  KubeProxyConntrackProps,
  KubeProxyClusterProps,
} from './model/kube-proxy/kube-proxy-props';

// --- What users read: the resolved specs --------------------------------------------------------------
export type {
  AppSpec,
  WorkloadSpec,
  ContainerSpec,
  VersionSpec,
  ServiceSpec,
  AvailabilitySpec,
  RolloutSpec,
  EnvValueSpec,
  ExposureSpecOf,
} from './model/app-spec';
export type { ProbeSpec, ProbeTimingSpec, ProbeAction } from './model/workload/probe';
export type { SecuritySpec } from './model/workload/security';
export type { AutoscalingSpec } from './model/workload/autoscaling';
export type { ResourcesSpec } from './model/workload/resources';
export type { ContainerPortSpec, ServicePortSpec } from './model/workload/ports';
export type {
  TrafficSpec,
  OutlierDetectionSpec,
  ConnectionPoolSpec,
  ConsistentHashSpec,
  BalancingAlgorithm,
} from './model/traffic/policy';
export type { IngressExposureSpec, IngressPathSpec, AlbWeightedActionSpec } from './model/exposure/ingress';
export type {
  GatewayRouteSpec,
  RouteRuleSpec,
  RouteMatchSpec,
  RouteBackendSpec,
  HttpFilterSpec,
} from './model/exposure/gateway-route';
export type { GatewaySpec, ParentRefSpec } from './model/exposure/gateway';
export type { NlbServiceSpec, LoadBalancerServiceSpec, NlbTlsSpec, NlbAlpnPolicy } from './model/aws/nlb-service';
export type {
  NlbTargetGroupAttributeProps,
  NlbTargetGroupAttributesSpec,
  TargetGroupAlgorithm,
  TargetGroupAttributesSpec,
} from './model/aws/target-group-attributes';
export type { StickinessProps, StickinessSpec } from './model/aws/stickiness';
export type { CiliumServiceSpec } from './model/dataplane/cilium-service';
export type { LbIpamServiceSpec } from './model/exposure/lb-ipam-service';
export type { IstioMeshSpec } from './model/exposure/istio-mesh';
export type { IstioWaypointSpec, IstioMeshRouteSpec, IstioAuthorizationSpec } from './model/exposure/istio-ambient';
export type { IstioIngressSpec, IstioGatewaySpec, IstioUriMatchSpec } from './model/exposure/istio-ingress';
export type { VersionBackendSpec } from './model/exposure/service-backend';
export type { TerraformLoadBalancerSpec, TerraformTargetGroupSpec } from './model/aws/terraform-load-balancer';
export type { CertificateSpec } from './model/aws/certificate';
export type { HealthCheckSpec } from './model/aws/health-check';
export type { AlbSpec } from './model/aws/alb-ingress-options';
export type { ServiceBackendSpec, WeightedBackendSpec } from './model/exposure/service-backend';
export type {
  DataplaneSpec,
  NetworkPolicySpec,
  IngressRuleSpec,
  EgressRuleSpec,
  PolicyPeerSpec,
  PolicyPortSpec,
  HttpRuleSpec,
} from './model/dataplane/dataplane-spec';
export type { CiliumClusterSpec, CiliumClusterDefinition } from './model/cilium/cluster-spec';
export type { CiliumBgpSpec } from './model/cilium/bgp';
export type { L2AnnouncementPolicySpec } from './model/cilium/l2-announcement';
export type { LoadBalancerIpPoolSpec } from './model/cilium/lb-ipam';
export type { LoadBalancerPlan, PlannedMember, PlannedRule, PlanNote } from './model/aws/load-balancer-plan';

// --- Problems, errors and warnings --------------------------------------------------------------------
export { DefinitionError, Problems } from './model/problems';
export { SynthProblems, collectProblems, synthAll, problemsOf } from './synth/synth-problems';
export type { ProblemAt, SynthStep, SynthChecks } from './synth/synth-problems';
// Target versions, declared once (docs/targets.md).
export { TrafficTargets, TARGETS_CONTEXT } from './synth/traffic-targets';
export type { TrafficTargetsProps } from './model/targets/targets-props';
export { TARGET_TABLE, TARGET_IDS, TARGET_FEATURES, TARGET_COMBINATIONS } from './model/targets/target-table';
export type {
  TargetId,
  TargetEntry,
  TargetFeature,
  TargetFeatureId,
  TargetCombination,
} from './model/targets/target-table';
export { DEFAULT_TARGETS, resolveTargets, targetHas } from './model/targets/targets-spec';
export type { TargetsSpec, TargetSpec, TargetsLayer } from './model/targets/targets-spec';
export { targetNeeds } from './model/targets/target-needs';
export type { TargetNeed } from './model/targets/target-needs';
export { parseVersion, compareVersions, atLeast } from './model/targets/version';
export type { Version } from './model/targets/version';
export type { Problem, Warning } from './model/problems';
export type {
  ExposureTraits,
  HttpRouteTrait,
  SplitTrait,
  WeightSplit,
  FrontTrait,
  FrontSource,
  ProbedEndpoint,
  LayerSetting,
  PolicySupport,
  WrittenObject,
  MeshTrait,
  MeshConnectionTrait,
  MeshDeliveryTrait,
  Reach,
  ServedHost,
  ImplementationDefaults,
  RouteClaim,
} from './model/exposure/traits';
export type { LinkerdMeshSpec, LinkerdBackendSpec } from './model/exposure/linkerd-mesh';
export type { SidecarSpec } from './model/workload/container';
export type { VolumeSpec, VolumeMountSpec, ProjectedSourceSpec } from './model/workload/volumes';
export type { ServiceAccountSpec, WorkloadIdentitySpec } from './model/workload/service-account';
export type { SchedulingSpec, PodAffinityTermSpec } from './model/workload/scheduling';
export type { StatefulSpec } from './model/workload/stateful';
export type { KubeProxySpec } from './model/kube-proxy/kube-proxy-spec';

// --- Rules (checks with stable ids; user rules implement `Rule`) --------------------------------------
export type { Rule, RuleFinding, RuleOutcome, RuleSeverity } from './rules/rule';
export { outcome, COMPLIANT, NOT_APPLICABLE } from './rules/rule';
export type { RuleReport } from './rules/run-rules';
export { runRules } from './rules/run-rules';
export { TRAFFIC_RULES } from './rules/traffic-rules';
export { PROXY_RULES } from './rules/proxy-rules';
export type { ProxyRule } from './rules/proxy-rules';

// --- Constructs (cdk8s) -------------------------------------------------------------------------------
export { TrafficChart } from './k8s/traffic-chart';
export type { TrafficChartProps } from './k8s/traffic-chart';
export { AppWorkload } from './k8s/workload/app-workload';
export type { AppWorkloadProps } from './k8s/workload/app-workload';
export { AppIngress } from './k8s/expose/app-ingress';
export type { AppIngressProps } from './k8s/expose/app-ingress';
export { AppGatewayRoute } from './k8s/expose/app-gateway-route';
export type { AppGatewayRouteProps } from './k8s/expose/app-gateway-route';
export { AppNlbService, AppLoadBalancerService } from './k8s/aws/nlb-service';
export type { AppNlbServiceProps, AppLoadBalancerServiceProps } from './k8s/aws/nlb-service';
export { AppLbIpamService } from './k8s/expose/lb-ipam-service';
export type { AppLbIpamServiceProps } from './k8s/expose/lb-ipam-service';
export { IstioRouting } from './k8s/expose/istio-routing';
export type { IstioRoutingProps } from './k8s/expose/istio-routing';
export { IstioIngressRouting } from './k8s/expose/istio-ingress';
export type { IstioIngressRoutingProps } from './k8s/expose/istio-ingress';
export { IstioWaypointRouting } from './k8s/expose/istio-waypoint';
export type { IstioWaypointRoutingProps } from './k8s/expose/istio-waypoint';
export { IstioAuthorization } from './k8s/expose/istio-authorization';
export type { IstioAuthorizationProps } from './k8s/expose/istio-authorization';
export { TargetGroupBindings } from './k8s/aws/target-group-bindings';
export type { TargetGroupBindingsProps } from './k8s/aws/target-group-bindings';
export { AppCiliumNetworkPolicy } from './k8s/dataplane/cilium-network-policy';
export type { AppCiliumNetworkPolicyProps } from './k8s/dataplane/cilium-network-policy';
export { AppKubernetesNetworkPolicy } from './k8s/dataplane/kubernetes-network-policy';
export type { AppKubernetesNetworkPolicyProps } from './k8s/dataplane/kubernetes-network-policy';
export { CiliumCluster } from './k8s/cilium/cilium-cluster';
export type { CiliumClusterConstructProps } from './k8s/cilium/cilium-cluster';
export { CiliumValues } from './k8s/cilium/cilium-values';
export type { CiliumValuesProps } from './k8s/cilium/cilium-values';
export { CiliumBgp } from './k8s/cilium/cilium-bgp';
export type { CiliumBgpRendererProps } from './k8s/cilium/cilium-bgp';
export { L2AnnouncementPolicy } from './k8s/cilium/l2-announcement-policy';
export type { L2AnnouncementPolicyRendererProps } from './k8s/cilium/l2-announcement-policy';
export { LoadBalancerIpPool } from './k8s/cilium/load-balancer-ip-pool';
export type { LoadBalancerIpPoolRendererProps } from './k8s/cilium/load-balancer-ip-pool';
export { writeCiliumValues } from './k8s/cilium/write-cilium-values';
export { LinkerdMeshObjects } from './k8s/expose/linkerd-mesh';
export type { LinkerdMeshObjectsProps } from './k8s/expose/linkerd-mesh';
export { BUILT_IN_EXPOSURE_RENDERERS } from './k8s/expose/exposure-renderers';
export type { ExposureCheck, ExposureRenderer, ExposureRendererEntry } from './k8s/expose/exposure-renderers';
export { AppObjects } from './k8s/app-objects';
export { KubeProxyCluster } from './k8s/kube-proxy/kube-proxy-cluster';
export type { KubeProxyClusterConstructProps } from './k8s/kube-proxy/kube-proxy-cluster';
export { writeKubeProxyConfigs } from './k8s/kube-proxy/write-kube-proxy-configs';

// --- One resolution of a set of apps (what TrafficChart and LoadBalancerStack build from) -------------
export { resolveApps } from './resolve/resolve-apps';
export type { AppsResolution, ResolveAppsOptions, TrafficWarning } from './resolve/resolve-apps';

// --- Other clouds: a cloud-neutral LoadBalancer Service, GKE, AKS ---------------------------------------
export { LoadBalancerService, CLOUD_LB_SERVICE_KIND } from './model/exposure/cloud-load-balancer-service';
export type {
  CloudLoadBalancerServiceProps,
  CloudLoadBalancerServiceSpec,
} from './model/exposure/cloud-load-balancer-service';
export { Cloud } from './model/exposure/cloud';
export type { CloudLoadBalancerProps, CloudHealthCheckOverride, CloudServicePart } from './model/exposure/cloud';
export type { GkeServiceProps, GkeServiceSpec } from './model/gcp/l4-service';
export type { AksServiceProps, AksServiceSpec, AksPortProbeSpec } from './model/azure/l4-service';
export { GkeIngress, GKE_INGRESS_KIND } from './model/gcp/gke-ingress';
export type { GkeIngressProps, GkeIngressTlsProps, GkeIngressSpec } from './model/gcp/gke-ingress';
export { GkeGatewayRoute, GKE_ROUTE_KIND, GKE_GATEWAY_CLASSES } from './model/gcp/gke-gateway-route';
export type { GkeRouteProps, GkeRouteSpec } from './model/gcp/gke-gateway-route';
export { InferencePoolRoute, INFERENCE_POOL_KIND, MODEL_NAME_HEADER } from './model/exposure/inference-pool';
export type {
  InferencePoolRouteProps,
  InferencePoolProps,
  EndpointPickerProps,
  EndpointPickerTlsProps,
  InferenceGatewayImplementation,
  InferencePoolRouteSpec,
  InferencePoolSpec,
} from './model/exposure/inference-pool';
export type { GcpBackendProps, GcpSessionAffinityProps, GcpBackendSpec } from './model/gcp/backend-options';
export { GCP_L7_HEALTH_CHECK_RANGES } from './model/gcp/health-check';
export type { GcpHealthCheckSpec } from './model/gcp/health-check';
export { AwsGatewayRoute, AWS_GATEWAY_ROUTE_KIND } from './model/aws/aws-gateway-route';
export type {
  AwsHttpRouteProps,
  AwsGrpcRouteProps,
  AwsL4RouteProps,
  AwsRouteCommonProps,
  AwsTargetGroupProps,
  AwsGatewayRouteSpec,
  AwsL4RouteSpec,
  AwsTargetGroupSpec,
  AwsGatewayRouteProtocol,
} from './model/aws/aws-gateway-route';
export { AWS_GATEWAY_CONTROLLERS } from './model/aws/aws-gateway';
export type {
  AwsGatewayProps,
  AwsGatewayListenerProps,
  AwsGatewaySpec,
  AwsListenerConfigurationSpec,
} from './model/aws/aws-gateway';
export { AppAwsGatewayRoute } from './k8s/aws/aws-gateway-route';
export type { AppAwsGatewayRouteProps } from './k8s/aws/aws-gateway-route';
export { AgcRoute, AGC_ROUTE_KIND, AGC_GATEWAY_CLASS } from './model/azure/agc-route';
export type { AgcRouteProps, AgcSessionAffinityProps, AgcRouteSpec } from './model/azure/agc-route';
export { AZURE_PROBE_SOURCE } from './model/azure/health-probe';
export type { AzureProbeSpec } from './model/azure/health-probe';
export { AppCloudLoadBalancerService } from './k8s/expose/cloud-load-balancer-service';
export type { AppCloudLoadBalancerServiceProps } from './k8s/expose/cloud-load-balancer-service';
export { AppGkeIngress } from './k8s/gcp/gke-ingress';
export type { AppGkeIngressProps } from './k8s/gcp/gke-ingress';
export type { BackendConfig, FrontendConfig } from './k8s/gcp/ingress-config-types';
export { AppGkeGatewayRoute } from './k8s/gcp/gke-gateway-route';
export type { AppGkeGatewayRouteProps } from './k8s/gcp/gke-gateway-route';
export { AppAgcRoute } from './k8s/azure/agc-route';
export type { AppAgcRouteProps } from './k8s/azure/agc-route';
export type { AlbHealthCheckPolicy, AlbRoutePolicy } from './k8s/azure/agc-policy-types';
// Types the public API refers to (the API reference, npm run docs, checks that each is exported).
export type { HealthCheckNote } from './model/aws/health-check';
export type { IpFamily, IpRange } from './model/ip';
export type {
  EksKubeProxyAddonValues,
  KubeProxyConfigurationDocument,
} from './k8s/kube-proxy/kube-proxy-configuration';
export type { LinkerdAuthorization } from './k8s/expose/linkerd-policy';
export type { LinkerdRouting } from './k8s/expose/linkerd-routing';
export type { HttpRouteRuleExtension } from './k8s/expose/route-rules';
export type { AlbTargetRef, AlbHealthCheckPolicyConfig, AlbRoutePolicyConfig } from './k8s/azure/agc-policy-types';
export type { RuleGroupSpec, RuleSpec } from './k8s/observe/rule-groups';
export type { SettingCell } from './model/traffic/layer-support';
