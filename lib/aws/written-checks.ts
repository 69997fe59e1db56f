import type { IConstruct } from 'constructs';
import type { TerraformTargetGroupSpec } from '../model/aws/terraform-load-balancer';
import type { ProblemAt } from '../synth/synth-problems';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { ManagedLoadBalancer } from './managed-load-balancer';

/** A value as written, unless it is a Terraform token (known only at apply). */
const plain = (v: unknown): unknown => (typeof v === 'string' && v.includes('${') ? undefined : v);

/** A checked field of a target group: its path as written, the definition's value, why it must stay. */
interface CheckedField {
  readonly field: string;
  readonly path: readonly string[];
  want(tg: TerraformTargetGroupSpec): unknown;
  why(tg: TerraformTargetGroupSpec): string;
}

const TGB = 'the TargetGroupBinding names it and registers the pods by it';
const derivedFrom = (tg: TerraformTargetGroupSpec) =>
  `it is derived from the ${tg.healthCheck.source.kind === 'readiness' ? 'readiness probe' : 'health check override'} of the pods`;

/**
 * The fields of a target group the Kubernetes side and the pods rely on: name, port, target type, health check. A
 * constant table: nothing is built per target group unless it differs (the messages only then).
 */
const CHECKED: readonly CheckedField[] = [
  { field: 'name', path: ['name'], want: (tg) => tg.name, why: (tg) => `${TGB} (targetGroupName ${tg.name})` },
  { field: 'port', path: ['port'], want: (tg) => tg.port, why: () => 'it is the pod port the Service targets' },
  {
    field: 'target_type',
    path: ['target_type'],
    want: () => 'ip',
    why: () => 'the TargetGroupBinding registers pod IPs (targetType ip)',
  },
  { field: 'health_check.path', path: ['health_check', 'path'], want: (tg) => tg.healthCheck.path, why: derivedFrom },
  { field: 'health_check.port', path: ['health_check', 'port'], want: (tg) => tg.healthCheck.port, why: derivedFrom },
];

/** The value at a path of a written resource. */
function at(body: Record<string, unknown>, path: readonly string[]): unknown {
  let o: unknown = body;
  for (let i = 0; i < path.length; i++)
    o = o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[path[i]] : undefined;
  return o;
}

/**
 * True when a target group is written as its inputs: an `LbTargetGroup` itself (a subclass may write otherwise) with
 * no `addOverride` (cdktf keeps them in its protected `rawOverrides`) and no move (`moveTo`, `moveToId`, `moveFromId`).
 * Not a subclass of `LbTargetGroup` that says it: the subclass's constructor would add a frame to the stack trace
 * cdktf captures and keeps for each of the target group's tokens (see `loadBalancersToWrite`).
 */
function writtenAsInputs(resource: LbTargetGroup): boolean {
  return (
    Object.getPrototypeOf(resource) === LbTargetGroup.prototype &&
    Object.keys(resource['rawOverrides'] ?? {}).length === 0 &&
    !resource.hasResourceMove()
  );
}

/**
 * The fields of a target group the check reads, as written. Without an override or a move they are the resource's
 * inputs (what `toTerraform()` writes them from), read without serializing the whole resource once more before the
 * synth does; otherwise the resource as `toTerraform()` writes it.
 */
function writtenBody(resource: LbTargetGroup): Record<string, unknown> {
  if (writtenAsInputs(resource)) {
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
      for (const { field, path, want: wanted, why } of CHECKED) {
        const want = wanted(tg);
        const got = plain(at(body, path));
        if (want === undefined || got === undefined || got === want) continue;
        out.push({
          path: lb.node.path,
          field: `aws_lb_target_group.${tg.name}.${field}`,
          value: got,
          message: `is written as ${JSON.stringify(got)} (an override) where the definition gives ${JSON.stringify(want)}: ${why(tg)}, so the two sides would no longer meet`,
          fix: `remove the addOverride('${field}') and change the definition instead (names come from the app and exposure, the health check from the readiness probe or HealthCheck.override({ ..., reason }))`,
          ruleId: 'CT-AWS-020',
        });
      }
    }
  }
  return out;
}
