import { TargetGroupBindings } from './aws/target-group-bindings';
import { Construct } from 'constructs';
import type { AppSpec } from '../model/app-spec';
import type { TrafficChart } from './traffic-chart';
import { AppWorkload } from './workload/app-workload';
import { renderMesh } from './expose/render-mesh';
import { renderExposures } from './expose/render-exposures';
import { renderDataplane } from './dataplane/render-dataplane';
import { labelPodReadinessGate } from './aws/pod-readiness-gate';

/**
 * Renders one part of an app into the chart. Every capability (workload, Ingress, Gateway routes,
 * LoadBalancer Services, TargetGroupBindings, network policies, mesh routing) is one renderer; each
 * reads the resolved spec and adds its objects under the app's construct.
 */
export type AppRenderer = (scope: Construct, app: AppSpec, chart: TrafficChart) => void;

/** The renderers, in the order their objects appear in the output. */
export const APP_RENDERERS: readonly AppRenderer[] = [
  (scope, app) => new AppWorkload(scope, 'workload', { spec: app }),
  renderMesh,
  renderExposures,
  (scope, app) => new TargetGroupBindings(scope, 'target-group-bindings', { spec: app }),
  labelPodReadinessGate,
  renderDataplane,
];
// The rules' warnings and acknowledgements are collected by TrafficChart (`warnings`) and printed once.
