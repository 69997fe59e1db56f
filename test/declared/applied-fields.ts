import type { TrafficSetting } from '../../lib/model/traffic/layer-support';

/**
 * For every applied cell of the settings table (docs/traffic-settings.md) whose declared value shows in the output: the
 * written fields that carry it, `Kind:name/path` (a Terraform resource as `type:name/r/attribute`) to the value the test's
 * declaration gives (`DECLARE` in settings-table.test.ts). Declaring the setting must change exactly these fields to
 * these values: a value written into another field, or into one field too few or too many, fails the cell. Reviewed
 * by hand: a new row or a new applied cell adds its entry here.
 */
export const APPLIED_FIELDS: Readonly<
  Record<string, Partial<Record<TrafficSetting, Readonly<Record<string, string>>>>>
> = {
  'ALB Ingress (AWS Load Balancer Controller)': {
    idleTimeout: {
      'Ingress:shop/metadata/annotations/alb.ingress.kubernetes.io/load-balancer-attributes':
        'idle_timeout.timeout_seconds=420,routing.http.drop_invalid_header_fields.enabled=true',
    },
    canarySplit: {
      'Ingress:shop/metadata/annotations/alb.ingress.kubernetes.io/actions.weighted-80':
        '{"type":"forward","forwardConfig":{"targetGroups":[{"serviceName":"shop-v1","servicePort":"80","weight":87},{"serviceName":"shop-v2","servicePort":"80","weight":13}]}}',
    },
    canaryPrecision: {
      'Ingress:shop/metadata/annotations/alb.ingress.kubernetes.io/actions.weighted-80':
        '{"type":"forward","forwardConfig":{"targetGroups":[{"serviceName":"shop-v1","servicePort":"80","weight":877},{"serviceName":"shop-v2","servicePort":"80","weight":123}]}}',
    },
    canaryHeader: {
      'Ingress:shop/metadata/annotations/alb.ingress.kubernetes.io/conditions.canary-header-80':
        '[{"field":"http-header","httpHeaderConfig":{"httpHeaderName":"x-canary","values":["on-4242"]}}]',
    },
    healthCheck: {
      'Ingress:shop/metadata/annotations/alb.ingress.kubernetes.io/healthcheck-path': '/ready-4242',
    },
    deregistration: {
      'Ingress:shop/metadata/annotations/alb.ingress.kubernetes.io/target-group-attributes':
        'deregistration_delay.timeout_seconds=23,load_balancing.algorithm.type=round_robin',
    },
    loadBalancing: {
      'Ingress:shop/metadata/annotations/alb.ingress.kubernetes.io/target-group-attributes':
        'deregistration_delay.timeout_seconds=30,load_balancing.algorithm.type=least_outstanding_requests',
    },
  },
  'Ingress of another class (e.g. nginx)': {
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
  },
  'NLB Service (AWS Load Balancer Controller)': {
    idleTimeout: {
      'Service:shop-nlb/metadata/annotations/service.beta.kubernetes.io/aws-load-balancer-listener-attributes.TCP-80':
        'tcp.idle_timeout.seconds=420',
    },
    healthCheck: {
      'Service:shop-nlb/metadata/annotations/service.beta.kubernetes.io/aws-load-balancer-healthcheck-path':
        '/ready-4242',
    },
    deregistration: {
      'Service:shop-nlb/metadata/annotations/service.beta.kubernetes.io/aws-load-balancer-target-group-attributes':
        'deregistration_delay.timeout_seconds=23,deregistration_delay.connection_termination.enabled=true,proxy_protocol_v2.enabled=false',
    },
    stickiness: {
      'Service:shop-nlb/metadata/annotations/service.beta.kubernetes.io/aws-load-balancer-target-group-attributes':
        'deregistration_delay.timeout_seconds=30,deregistration_delay.connection_termination.enabled=true,proxy_protocol_v2.enabled=false,stickiness.enabled=true,stickiness.type=source_ip',
      'Service:shop-nlb/spec/sessionAffinity': 'ClientIP',
    },
  },
  'Terraform ALB': {
    idleTimeout: {
      'aws_lb:lb_shop_shop/r/idle_timeout': '420',
    },
    canarySplit: {
      'aws_lb_listener_rule:lb_shop_shop_rule_1/r/action/0/forward/target_group/0/weight': '87',
      'aws_lb_listener_rule:lb_shop_shop_rule_1/r/action/0/forward/target_group/1/weight': '13',
    },
    canaryPrecision: {
      'aws_lb_listener_rule:lb_shop_shop_rule_1/r/action/0/forward/target_group/1/weight': '123',
    },
    canaryHeader: {
      'aws_lb_listener_rule:lb_shop_shop_rule_1/r/condition/1/http_header/values/0': 'on-4242',
    },
    healthCheck: {
      'aws_lb_target_group:tg_shop_shop_80_v1/r/health_check/path': '/ready-4242',
      'aws_lb_target_group:tg_shop_shop_80_v2/r/health_check/path': '/ready-4242',
    },
    deregistration: {
      'aws_lb_target_group:tg_shop_shop_80_v1/r/deregistration_delay': '23',
      'aws_lb_target_group:tg_shop_shop_80_v2/r/deregistration_delay': '23',
    },
    loadBalancing: {
      'aws_lb_target_group:tg_shop_shop_80_v1/r/load_balancing_algorithm_type': 'least_outstanding_requests',
      'aws_lb_target_group:tg_shop_shop_80_v2/r/load_balancing_algorithm_type': 'least_outstanding_requests',
    },
  },
  'Terraform NLB': {
    idleTimeout: {
      'aws_lb_listener:lb_shop_shop_tcp_80/r/tcp_idle_timeout_seconds': '420',
    },
    healthCheck: {
      'aws_lb_target_group:tg_shop_shop_80_v1/r/health_check/path': '/ready-4242',
    },
    deregistration: {
      'aws_lb_target_group:tg_shop_shop_80_v1/r/deregistration_delay': '23',
    },
    stickiness: {
      'aws_lb_target_group:tg_shop_shop_80_v1/r/stickiness/type': 'source_ip',
    },
  },
  'HTTPRoute (Gateway API, standard channel, implementation not named)': {
    requestTimeout: {
      'HTTPRoute:shop/spec/rules/0/timeouts/request': '37s',
    },
    canarySplit: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'HTTPRoute:shop/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
  },
  'HTTPRoute (Gateway API, experimental channel, implementation not named)': {
    retries: {
      'HTTPRoute:shop/spec/rules/0/retry/attempts': '7',
    },
    requestTimeout: {
      'HTTPRoute:shop/spec/rules/0/timeouts/request': '37s',
    },
    canarySplit: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'HTTPRoute:shop/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
  },
  'GRPCRoute (Gateway API, implementation not named)': {
    canarySplit: {
      'GRPCRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'GRPCRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'GRPCRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'GRPCRoute:shop/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/periodSeconds': '17',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/periodSeconds': '17',
    },
  },
  "HTTPRoute served by Envoy Gateway, `implementation: 'envoy-gateway'`": {
    retries: {
      'BackendTrafficPolicy:shop/spec/retry/numRetries': '7',
    },
    requestTimeout: {
      'HTTPRoute:shop/spec/rules/0/timeouts/request': '37s',
    },
    canarySplit: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'HTTPRoute:shop/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
  },
  "GRPCRoute served by Envoy Gateway, `implementation: 'envoy-gateway'`": {
    retries: {
      'BackendTrafficPolicy:shop/spec/retry/numRetries': '7',
    },
    requestTimeout: {
      'BackendTrafficPolicy:shop/spec/timeout/http/requestTimeout': '37s',
    },
    canarySplit: {
      'GRPCRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'GRPCRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'GRPCRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'GRPCRoute:shop/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/periodSeconds': '17',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/periodSeconds': '17',
    },
  },
  "HTTPRoute served by Istio (Envoy), `implementation: 'istio'`": {
    requestTimeout: {
      'HTTPRoute:shop/spec/rules/0/timeouts/request': '37s',
    },
    canarySplit: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'HTTPRoute:shop/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
  },
  "GRPCRoute served by Istio (Envoy), `implementation: 'istio'`": {
    canarySplit: {
      'GRPCRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'GRPCRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'GRPCRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'GRPCRoute:shop/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/periodSeconds': '17',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/periodSeconds': '17',
    },
  },
  "HTTPRoute served by Cilium (Envoy), `implementation: 'cilium'`": {
    requestTimeout: {
      'HTTPRoute:shop/spec/rules/0/timeouts/request': '37s',
    },
    canarySplit: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'HTTPRoute:shop/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
  },
  "GRPCRoute served by Cilium (Envoy), `implementation: 'cilium'`": {
    canarySplit: {
      'GRPCRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'GRPCRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'GRPCRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'GRPCRoute:shop/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/periodSeconds': '17',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/periodSeconds': '17',
    },
  },
  "HTTPRoute served by Google Cloud Application Load Balancer, `implementation: 'gke'`": {
    requestTimeout: {
      'HTTPRoute:shop/spec/rules/0/timeouts/request': '37s',
    },
    canarySplit: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'HTTPRoute:shop/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
  },
  "GRPCRoute served by Google Cloud Application Load Balancer, `implementation: 'gke'`": {
    canarySplit: {
      'GRPCRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'GRPCRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'GRPCRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'GRPCRoute:shop/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/periodSeconds': '17',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/periodSeconds': '17',
    },
  },
  "HTTPRoute served by NGINX Gateway Fabric, `implementation: 'nginx-gateway-fabric'`": {
    requestTimeout: {
      'HTTPRoute:shop/spec/rules/0/timeouts/request': '37s',
    },
    canarySplit: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'HTTPRoute:shop/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
  },
  "GRPCRoute served by NGINX Gateway Fabric, `implementation: 'nginx-gateway-fabric'`": {
    canarySplit: {
      'GRPCRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'GRPCRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'GRPCRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'GRPCRoute:shop/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/periodSeconds': '17',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/periodSeconds': '17',
    },
  },
  'HTTPRoute on an AWS ALB Gateway (AWS Load Balancer Controller)': {
    idleTimeout: {
      'LoadBalancerConfiguration:shop/spec/loadBalancerAttributes/0/value': '420',
    },
    canarySplit: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'HTTPRoute:shop/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'TargetGroupConfiguration:shop-v1/spec/defaultConfiguration/healthCheckConfig/healthCheckPath': '/ready-4242',
      'TargetGroupConfiguration:shop-v2/spec/defaultConfiguration/healthCheckConfig/healthCheckPath': '/ready-4242',
    },
    deregistration: {
      'TargetGroupConfiguration:shop-v1/spec/defaultConfiguration/targetGroupAttributes/0/value': '23',
      'TargetGroupConfiguration:shop-v2/spec/defaultConfiguration/targetGroupAttributes/0/value': '23',
    },
    loadBalancing: {
      'TargetGroupConfiguration:shop-v1/spec/defaultConfiguration/targetGroupAttributes/1/value':
        'least_outstanding_requests',
      'TargetGroupConfiguration:shop-v2/spec/defaultConfiguration/targetGroupAttributes/1/value':
        'least_outstanding_requests',
    },
  },
  'TCPRoute on an AWS NLB Gateway (AWS Load Balancer Controller)': {
    idleTimeout: {
      'LoadBalancerConfiguration:shop/spec/listenerConfigurations/0/listenerAttributes/0/value': '420',
    },
    canarySplit: {
      'TCPRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'TCPRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'TCPRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    healthCheck: {
      'TargetGroupConfiguration:shop-v1/spec/defaultConfiguration/healthCheckConfig/healthCheckPath': '/ready-4242',
      'TargetGroupConfiguration:shop-v2/spec/defaultConfiguration/healthCheckConfig/healthCheckPath': '/ready-4242',
    },
    deregistration: {
      'TargetGroupConfiguration:shop-v1/spec/defaultConfiguration/targetGroupAttributes/0/value': '23',
      'TargetGroupConfiguration:shop-v2/spec/defaultConfiguration/targetGroupAttributes/0/value': '23',
    },
    stickiness: {
      'TargetGroupConfiguration:shop-v1/spec/defaultConfiguration/targetGroupAttributes/4/value': 'source_ip',
      'TargetGroupConfiguration:shop-v2/spec/defaultConfiguration/targetGroupAttributes/4/value': 'source_ip',
    },
  },
  'GKE Gateway HTTPRoute': {
    requestTimeout: {
      'HTTPRoute:shop/spec/rules/0/timeouts/request': '37s',
      'GCPBackendPolicy:shop-v1/spec/default/timeoutSec': '37',
      'GCPBackendPolicy:shop-v2/spec/default/timeoutSec': '37',
    },
    canarySplit: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'HTTPRoute:shop/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'HealthCheckPolicy:shop-v1/spec/default/config/httpHealthCheck/requestPath': '/ready-4242',
      'HealthCheckPolicy:shop-v2/spec/default/config/httpHealthCheck/requestPath': '/ready-4242',
    },
    deregistration: {
      'GCPBackendPolicy:shop-v1/spec/default/connectionDraining/drainingTimeoutSec': '23',
      'GCPBackendPolicy:shop-v2/spec/default/connectionDraining/drainingTimeoutSec': '23',
    },
  },
  'GKE Ingress': {
    requestTimeout: {
      'BackendConfig:shop/spec/timeoutSec': '37',
    },
    healthCheck: {
      'BackendConfig:shop/spec/healthCheck/requestPath': '/ready-4242',
    },
    deregistration: {
      'BackendConfig:shop/spec/connectionDraining/drainingTimeoutSec': '23',
    },
  },
  'HTTPRoute to InferencePools (Gateway API Inference Extension)': {
    requestTimeout: {
      'HTTPRoute:shop/spec/rules/0/timeouts/request': '37s',
    },
    canarySplit: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'HTTPRoute:shop/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
  },
  'Application Gateway for Containers HTTPRoute': {
    requestTimeout: {
      'HTTPRoute:shop/spec/rules/0/timeouts/request': '37s',
      'RoutePolicy:shop/spec/default/timeouts/routeTimeout': '37s',
    },
    canarySplit: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/0/weight': '87',
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'HTTPRoute:shop/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'HTTPRoute:shop/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'HealthCheckPolicy:shop-v1/spec/default/http/path': '/ready-4242',
      'HealthCheckPolicy:shop-v2/spec/default/http/path': '/ready-4242',
    },
  },
  'LoadBalancer Service (GKE)': {
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
    stickiness: {
      'Service:shop-lb/spec/sessionAffinity': 'ClientIP',
    },
  },
  'LoadBalancer Service (AKS)': {
    idleTimeout: {
      'Service:shop-lb/metadata/annotations/service.beta.kubernetes.io/azure-load-balancer-tcp-idle-timeout': '7',
    },
    healthCheck: {
      'Service:shop-lb/metadata/annotations/service.beta.kubernetes.io/port_80_health-probe_request-path':
        '/ready-4242',
    },
    stickiness: {
      'Service:shop-lb/spec/sessionAffinity': 'ClientIP',
    },
  },
  'LoadBalancer Service (Cilium LB IPAM)': {
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
    stickiness: {
      'Service:shop-lb/spec/sessionAffinity': 'ClientIP',
    },
  },
  'Istio (sidecar)': {
    retries: {
      'VirtualService:shop/spec/http/0/retries/attempts': '7',
    },
    requestTimeout: {
      'VirtualService:shop/spec/http/0/timeout': '37s',
    },
    idleTimeout: {
      'DestinationRule:shop/spec/trafficPolicy/connectionPool/http/idleTimeout': '420s',
    },
    canarySplit: {
      'VirtualService:shop/spec/http/0/route/0/weight': '87',
      'VirtualService:shop/spec/http/0/route/1/weight': '13',
    },
    canaryPrecision: {
      'VirtualService:shop/spec/http/0/route/1/weight': '123456',
    },
    canaryHeader: {
      'VirtualService:shop/spec/http/0/match/0/headers/x-canary/exact': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
    connectionLimits: {
      'DestinationRule:shop/spec/trafficPolicy/connectionPool/tcp/maxConnections': '4242',
    },
    loadBalancing: {
      'DestinationRule:shop/spec/trafficPolicy/loadBalancer/simple': 'LEAST_REQUEST',
    },
  },
  'Istio (sidecar, Gateway API routes)': {
    requestTimeout: {
      'HTTPRoute:shop-mesh/spec/rules/0/timeouts/request': '37s',
    },
    canarySplit: {
      'HTTPRoute:shop-mesh/spec/rules/0/backendRefs/0/weight': '87',
      'HTTPRoute:shop-mesh/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'HTTPRoute:shop-mesh/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'HTTPRoute:shop-mesh/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
  },
  'Istio (ambient)': {
    requestTimeout: {
      'HTTPRoute:shop-mesh/spec/rules/0/timeouts/request': '37s',
    },
    canarySplit: {
      'HTTPRoute:shop-mesh/spec/rules/0/backendRefs/0/weight': '87',
      'HTTPRoute:shop-mesh/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'HTTPRoute:shop-mesh/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'HTTPRoute:shop-mesh/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
  },
  'Istio (ambient, experimental channel)': {
    retries: {
      'HTTPRoute:shop-mesh/spec/rules/0/retry/attempts': '7',
    },
    requestTimeout: {
      'HTTPRoute:shop-mesh/spec/rules/0/timeouts/request': '37s',
    },
    canarySplit: {
      'HTTPRoute:shop-mesh/spec/rules/0/backendRefs/0/weight': '87',
      'HTTPRoute:shop-mesh/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'HTTPRoute:shop-mesh/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'HTTPRoute:shop-mesh/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
  },
  'Istio ingress Gateway': {
    retries: {
      'VirtualService:shop-ingress/spec/http/0/retries/attempts': '7',
    },
    requestTimeout: {
      'VirtualService:shop-ingress/spec/http/0/timeout': '37s',
    },
    canarySplit: {
      'VirtualService:shop-ingress/spec/http/0/route/0/weight': '87',
      'VirtualService:shop-ingress/spec/http/0/route/1/weight': '13',
    },
    canaryPrecision: {
      'VirtualService:shop-ingress/spec/http/0/route/1/weight': '123456',
    },
    canaryHeader: {
      'VirtualService:shop-ingress/spec/http/0/match/0/headers/x-canary/exact': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
  },
  Linkerd: {
    retries: {
      'HTTPRoute:shop-mesh/metadata/annotations/retry.linkerd.io/limit': '7',
    },
    requestTimeout: {
      'HTTPRoute:shop-mesh/metadata/annotations/timeout.linkerd.io/request': '37s',
    },
    idleTimeout: {
      'HTTPRoute:shop-mesh/metadata/annotations/timeout.linkerd.io/idle': '420s',
    },
    canarySplit: {
      'HTTPRoute:shop-mesh/spec/rules/0/backendRefs/0/weight': '87',
      'HTTPRoute:shop-mesh/spec/rules/0/backendRefs/1/weight': '13',
    },
    canaryPrecision: {
      'HTTPRoute:shop-mesh/spec/rules/0/backendRefs/1/weight': '123456',
    },
    canaryHeader: {
      'HTTPRoute:shop-mesh/spec/rules/0/matches/0/headers/0/value': 'on-4242',
    },
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
  },
  'Ingress of class cilium (Cilium Ingress controller)': {
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
  },
  'Cilium dataplane, no L7 rules (eBPF datapath)': {
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
  },
  "Cilium dataplane with L7 rules (Cilium's L7 policy proxy, Envoy)": {
    healthCheck: {
      'Deployment:shop-v1/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
      'Deployment:shop-v2/spec/template/spec/containers/0/readinessProbe/httpGet/path': '/ready-4242',
    },
  },
};
