import { ApiObject } from 'cdk8s';
import type { Construct, IConstruct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import { analysisQueries } from './analysis-queries';
import { ArgoAnalysisTemplate } from './argo-analysis-template';
import { ArgoRollout } from './argo-rollout';
import { FlaggerCanary } from './flagger-canary';
import { FlaggerMetricTemplate } from './flagger-metric-template';
import { DELIVERY_DRIVEN_ANNOTATION } from './delivery-metadata';

/** How many measurements an Argo Rollouts analysis step takes before the rollout goes on. */
export const ANALYSIS_STEP_MEASUREMENTS = 3;

/**
 * The app renderer of `delivery`: Argo Rollouts' Rollout and AnalysisTemplates, or Flagger's Canary and
 * MetricTemplates. The canary and stable Services are the workload's (`AppWorkload`); the routes the controller
 * moves are the exposures' (written at their starting weights and annotated here).
 */
export function renderDelivery(scope: Construct, app: AppSpec): void {
  const d = app.delivery;
  if (!d) return;
  // The objects the library writes and the controller changes at run time: the annotation names the fields.
  for (const c of scope.node.findAll())
    if (c instanceof ApiObject) {
      const o = d.objects.find((x) => x.owner === 'library' && x.driven && x.kind === c.kind && x.name === c.name);
      if (o) c.metadata.addAnnotation(DELIVERY_DRIVEN_ANNOTATION, `${d.controller}: ${o.driven}`);
    }
  const a = d.analysis;
  const queries = a ? analysisQueries(app, a) : [];
  if (d.controller === 'argo-rollouts') {
    const background = a?.background && queries.length > 0 ? d.name : undefined;
    const step = a && queries.length > 0 && d.steps.some((s) => s.analysis) ? `${d.name}-step` : undefined;
    if (background)
      new ArgoAnalysisTemplate(scope, 'analysis-template', { app, analysis: a!, queries, name: background });
    if (step)
      new ArgoAnalysisTemplate(scope, 'analysis-template-step', {
        app,
        analysis: a!,
        queries,
        name: step,
        count: Math.max(ANALYSIS_STEP_MEASUREMENTS, a!.failureLimit + 1),
      });
    new ArgoRollout(scope, 'rollout', { app, delivery: d, backgroundTemplate: background, stepTemplate: step });
    return;
  }
  const metrics = queries.map((q) => ({ name: q.name, template: `${d.name}-${q.name}`, max: q.max }));
  queries.forEach(
    (q, i) =>
      new FlaggerMetricTemplate(scope, `metric-template-${q.name}`, {
        app,
        name: metrics[i].template,
        query: q,
        address: a!.prometheusAddress,
      }),
  );
  new FlaggerCanary(scope, 'canary', { app, delivery: d, metrics });
}

/**
 * After the exposures are written: leaves out the objects the controller makes instead (`delivery.yielded`: Flagger's
 * VirtualService and DestinationRule), and marks the routes whose weights it moves (`delivery.routes`) with the
 * annotation naming the controller and the field.
 */
export function yieldExposureObjects(exposure: IConstruct, app: AppSpec): void {
  const d = app.delivery;
  if (!d) return;
  for (const c of exposure.node.findAll()) {
    if (!(c instanceof ApiObject)) continue;
    if (d.yielded.some((y) => y.kind === c.kind && y.name === c.name)) c.node.scope?.node.tryRemoveChild(c.node.id);
    else {
      const r = d.routes.find((x) => x.kind === c.kind && x.name === c.name);
      if (r) c.metadata.addAnnotation(DELIVERY_DRIVEN_ANNOTATION, `${d.controller}: ${r.driven}`);
    }
  }
}
