import { FactSink } from './fact-sink';
import type { OutputIndex } from './output-index';
import type { SynthOutput, TfResource } from './read-output';
import { TerraformOwners, referencesOf } from './tf-graph';
import type { Fact, WrittenBackend } from './types';
import { at, isRecord, list, records, stableJson, text } from './values';

const LAYER = 'AWS (Terraform)';

type TfExtractor = (r: TfResource, sink: FactSink, owners: TerraformOwners, index: OutputIndex) => void;

/** The AWS resources on the traffic path and what the plan reads of each. */
const EXTRACTORS: Readonly<Record<string, TfExtractor>> = {
  aws_lb: loadBalancerFacts,
  aws_lb_listener: listenerFacts,
  aws_lb_listener_rule: listenerRuleFacts,
  aws_lb_target_group: targetGroupFacts,
  aws_vpc_security_group_ingress_rule: securityRuleFacts,
  aws_route53_record: (r, sink) => sink.add('record', 'info', `${text(r.body.type)} ${text(r.body.name)}`),
  aws_acm_certificate: (r, sink) =>
    sink.reach('domains', [text(r.body.domain_name), ...list(r.body.subject_alternative_names).map(text)]),
  aws_cloudwatch_metric_alarm: alarmFacts,
  aws_wafv2_web_acl_association: (r, sink) => sink.add('web ACL', 'info', r.body.web_acl_arn),
};

/** The facts of every load balancer resource of the cdktf stacks, per app. */
export function terraformFacts(output: SynthOutput, index: OutputIndex): Fact[] {
  const owners = new TerraformOwners(output.resources, index);
  const out: Fact[] = [];
  for (const r of output.resources) {
    const extract = EXTRACTORS[r.type];
    if (!extract) continue;
    const sink = new FactSink(out, owners.appOf(r), LAYER, subjectOf(r, owners));
    sink.add('exists', 'info', 'yes');
    extract(r, sink, owners, index);
  }
  return out;
}

/** How the report names a resource: by its AWS name where it has one, else by what it is on its load balancer. */
function subjectOf(r: TfResource, owners: TerraformOwners): string {
  const lb = owners.loadBalancerOf(r.address);
  const lbName = lb ? owners.nameOf(lb) : '';
  switch (r.type) {
    case 'aws_lb_listener':
      return `aws_lb_listener ${lbName}:${text(r.body.port)}`;
    case 'aws_lb_listener_rule':
      return `aws_lb_listener_rule ${lbName}:${listenerPort(r, owners)} ${conditionText(r.body.condition)}`;
    case 'aws_route53_record':
      return `aws_route53_record ${text(r.body.name)}`;
    default:
      return `${r.type} ${text(r.body.name) || r.address}`;
  }
}

function listenerPort(r: TfResource, owners: TerraformOwners): string {
  const listener = referencesOf(r).find((a) => a.startsWith('aws_lb_listener.'));
  return text(listener && owners.resource(listener)?.body.port) || '?';
}

function conditionText(conditions: unknown): string {
  const parts = records(conditions).flatMap((c) =>
    Object.entries(c).map(([k, v]) =>
      isRecord(v) && v.http_header_name !== undefined
        ? `${k} ${text(v.http_header_name)}=${stableJson(v.values)}`
        : `${k} ${stableJson(isRecord(v) ? (v.values ?? v) : v)}`,
    ),
  );
  return parts.length > 0 ? `when ${parts.sort().join(' and ')}` : 'always';
}

function loadBalancerFacts(r: TfResource, sink: FactSink): void {
  const b = r.body;
  sink.add('scheme', 'replace', b.internal === true ? 'internal' : 'internet-facing');
  sink.add('type', 'replace', b.load_balancer_type ?? 'application');
  sink.add('idle timeout', 'timeout', b.idle_timeout, 's');
  sink.add('client keep-alive', 'timeout', b.client_keep_alive, 's');
  sink.add('ip address type', 'info', b.ip_address_type);
  sink.add('drop invalid header fields', 'info', b.drop_invalid_header_fields);
  sink.add('access logs', 'info', b.access_logs);
  sink.add('cross-zone load balancing', 'info', b.enable_cross_zone_load_balancing);
  sink.add('deletion protection', 'info', b.enable_deletion_protection);
}

function listenerFacts(r: TfResource, sink: FactSink): void {
  sink.add('protocol', 'info', r.body.protocol);
  sink.add('TLS policy', 'info', r.body.ssl_policy);
  sink.add('certificate', 'info', r.body.certificate_arn);
  sink.add('ALPN policy', 'info', r.body.alpn_policy);
  sink.add('default action', 'info', actionText(r.body.default_action));
}

function actionText(actions: unknown): string {
  return records(actions)
    .map(
      (a) => `${text(a.type)} ${stableJson(a.redirect ?? a.fixed_response ?? a.forward ?? a.target_group_arn ?? '')}`,
    )
    .join('; ');
}

function listenerRuleFacts(r: TfResource, sink: FactSink, owners: TerraformOwners, index: OutputIndex): void {
  sink.add('priority', 'info', r.body.priority);
  for (const action of records(r.body.action)) {
    const forward = records(at(action, 'forward.target_group'));
    const targets = forward.length > 0 ? forward : action.target_group_arn ? [{ arn: action.target_group_arn }] : [];
    const backends: WrittenBackend[] = targets.map((t) => {
      const tg = referencesOf({ ...r, body: { arn: t.arn } })[0] ?? text(t.arn);
      const name = owners.nameOf(tg);
      return {
        backend: name,
        version: index.targetGroupOwner(name)?.version,
        weight: typeof t.weight === 'number' ? t.weight : 1,
      };
    });
    if (backends.length > 0) sink.split(`forward`, backends);
    else sink.add(`action ${text(action.type)}`, 'info', actionText([action]));
    sink.add('stickiness', 'info', at(action, 'forward.stickiness'));
  }
}

function targetGroupFacts(r: TfResource, sink: FactSink): void {
  const b = r.body;
  sink.add('name', 'replace', b.name);
  sink.add('port', 'replace', b.port);
  sink.add('protocol', 'replace', b.protocol);
  sink.add('protocol version', 'replace', b.protocol_version);
  sink.add('target type', 'replace', b.target_type ?? 'instance');
  const hc = isRecord(b.health_check) ? b.health_check : {};
  for (const k of [
    'path',
    'port',
    'protocol',
    'matcher',
    'interval',
    'timeout',
    'healthy_threshold',
    'unhealthy_threshold',
  ]) {
    sink.add(`health check ${k.replace(/_/g, ' ')}`, 'info', hc[k], k === 'interval' || k === 'timeout' ? 's' : '');
  }
  sink.add('deregistration delay', 'drain', b.deregistration_delay, 's');
  sink.add('stickiness', 'info', b.stickiness);
  sink.add('load balancing algorithm', 'info', b.load_balancing_algorithm_type);
  sink.add('slow start', 'info', b.slow_start, 's');
  sink.add('connection termination on deregistration', 'info', b.connection_termination);
  sink.add('preserve client IP', 'info', b.preserve_client_ip);
}

function securityRuleFacts(r: TfResource, sink: FactSink, owners: TerraformOwners): void {
  const b = r.body;
  const ref = referencesOf({ ...r, body: { ref: b.referenced_security_group_id } })[0];
  const source =
    b.cidr_ipv4 ??
    b.cidr_ipv6 ??
    b.prefix_list_id ??
    (ref ? `security group ${owners.nameOf(ref)}` : b.referenced_security_group_id);
  const ports = b.from_port === b.to_port ? text(b.from_port) : `${text(b.from_port)}-${text(b.to_port)}`;
  sink.reach('admits', [`${text(source)} on ${ports}/${text(b.ip_protocol)}`]);
}

function alarmFacts(r: TfResource, sink: FactSink): void {
  const b = r.body;
  sink.add(
    'metric',
    'info',
    `${text(b.namespace)} ${text(b.metric_name)} ${text(b.statistic ?? b.extended_statistic)}`.trim(),
  );
  sink.add('condition', 'info', `${text(b.comparison_operator)} ${text(b.threshold)}`);
  sink.add('evaluation', 'info', `${text(b.evaluation_periods)} x ${text(b.period)}s`);
  sink.add('dimensions', 'info', b.dimensions);
}
