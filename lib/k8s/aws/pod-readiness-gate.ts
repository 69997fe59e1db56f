import type { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import { POD_READINESS_GATE_LABEL, wantsPodReadinessGate } from '../../model/aws/pod-readiness-gate';
import type { TrafficChart } from '../traffic-chart';

/**
 * Labels the app's namespace for the AWS Load Balancer Controller's pod readiness gates when any of its
 * exposures registers pods in a target group (ALB Ingress or NLB Service with `ip` targets, Terraform
 * target groups), so a rolling update waits for new pods to be healthy at the load balancer.
 */
export function labelPodReadinessGate(_scope: Construct, app: AppSpec, chart: TrafficChart): void {
  if (app.exposures.some(wantsPodReadinessGate)) chart.namespaceObject(app)?.metadata.addLabel(POD_READINESS_GATE_LABEL, 'enabled');
}
