import type { IConstruct } from 'constructs';
import type { TerraformTargetGroupSpec } from '../model/aws/terraform-load-balancer';
import type { ProblemAt } from '../synth/synth-problems';
import type { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { ManagedLoadBalancer } from './managed-load-balancer';
import { WrittenTargetGroup } from './written-target-group';

/** A value as written, unless it is a Terraform token (known only at apply). */
const plain = (v: unknown): unknown => (typeof v === 'string' && v.includes('${') ? undefined : v);

/** The fields of a target group the Kubernetes side and the pods rely on: name, port, target type, health check. */
function expected(tg: TerraformTargetGroupSpec): [string, unknown, string][] {
  const hc = tg.healthCheck;
  const tgb = 'the TargetGroupBinding names it and registers the pods by it';
  return [
    ['name', tg.name, `${tgb} (targetGroupName ${tg.name})`],
    ['port', tg.port, 'it is the pod port the Service targets'],
    ['target_type', 'ip', 'the TargetGroupBinding registers pod IPs (targetType ip)'],
    [
      'health_check.path',
      hc.path,
      `it is derived from the ${hc.source.kind === 'readiness' ? 'readiness probe' : 'health check override'} of the pods`,
    ],
    [
      'health_check.port',
      hc.port,
      `it is derived from the ${hc.source.kind === 'readiness' ? 'readiness probe' : 'health check override'} of the pods`,
    ],
  ];
}

/** The value at a dotted path of a written resource. */
function at(body: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      body,
    );
}

/**
 * The fields of a target group the check reads, as written. Without an override or a move they are the resource's
 * inputs (what `toTerraform()` writes them from), read without serializing the whole resource once more before the
 * synth does; otherwise the resource as `toTerraform()` writes it.
 */
function writtenBody(resource: LbTargetGroup): Record<string, unknown> {
  if (resource instanceof WrittenTargetGroup && !resource.overriddenOrMoved) {
    const hc = resource.healthCheck;
    return {
      name: resource.nameInput,
      port: resource.portInput,
      target_type: resource.targetTypeInput,
      health_check: { path: hc.pathInput, port: hc.portInput },
    };
  }
  const written = resource.toTerraform() as {
    resource?: { aws_lb_target_group?: Record<string, Record<string, unknown>> };
  };
  return Object.values(written.resource?.aws_lb_target_group ?? {})[0] ?? {};
}

/**
 * The joins of the Terraform side, checked on the resources as written (after every `addOverride`): each target
 * group keeps the name the TargetGroupBinding names, the port the Service targets, ip targets, and the health
 * check derived from the readiness probe (CT-AWS-020). An override of one of them would leave the Kubernetes side
 * pointing at another group, or the load balancer checking another endpoint than the kubelet.
 */
export function writtenTargetGroupProblems(scope: IConstruct): ProblemAt[] {
  const out: ProblemAt[] = [];
  const lbs = scope.node.findAll().filter((c): c is ManagedLoadBalancer => c instanceof ManagedLoadBalancer);
  for (const lb of lbs) {
    for (const { targetGroup: tg } of lb.plan.targetGroups) {
      const resource = lb.targetGroups.get(tg.name);
      if (!resource) continue;
      const body = writtenBody(resource);
      for (const [field, want, why] of expected(tg)) {
        const got = plain(at(body, field));
        if (want === undefined || got === undefined || got === want) continue;
        out.push({
          path: lb.node.path,
          field: `aws_lb_target_group.${tg.name}.${field}`,
          value: got,
          message: `is written as ${JSON.stringify(got)} (an override) where the definition gives ${JSON.stringify(want)}: ${why}, so the two sides would no longer meet`,
          fix: `remove the addOverride('${field}') and change the definition instead (names come from the app and exposure, the health check from the readiness probe or HealthCheck.override({ ..., reason }))`,
          ruleId: 'CT-AWS-020',
        });
      }
    }
  }
  return out;
}
