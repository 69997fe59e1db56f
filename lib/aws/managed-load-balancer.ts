import { Annotations, Fn, TerraformIterator, TerraformOutput, Token } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener, LbListenerDefaultAction } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerCertificate } from '@cdktf/provider-aws/lib/lb-listener-certificate';
import {
  LbListenerRule,
  LbListenerRuleCondition,
  LbListenerRuleConfig,
} from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import type { TerraformTargetGroupSpec } from '../model/aws/terraform-load-balancer';
import type { LoadBalancerPlan, PlannedMember, PlannedRule } from '../model/aws/load-balancer-plan';
import { ALB_FORWARD_SPLIT } from '../model/aws/forward-weights';
import { writtenWeights } from '../model/traffic/weights';
import type { NetworkInputs } from './aws-network';

/** Props of `ManagedLoadBalancer`. */
export interface ManagedLoadBalancerProps {
  /** The planned load balancer (from `planLoadBalancers`). */
  readonly plan: LoadBalancerPlan;
  /** VPC, subnets, pod security group and hosted zone. */
  readonly network: NetworkInputs;
  /**
   * Tags of every resource (on top of the provider's default tags).
   * @default none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A Terraform resource address part: letters, digits and '_' (deterministic, from the AWS name). */
export function tfId(...parts: (string | number)[]): string {
  // A loop, no `map`: called for every target group and rule.
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const p = String(parts[i]).replace(/[^A-Za-z0-9_]+/g, '_');
    out = i === 0 ? p : `${out}_${p}`;
  }
  return out;
}

/** The Terraform name of a host's alias record (`dns_www_example_com`, `dns_wildcard_example_com`). */
export function dnsRecordId(host: string): string {
  return tfId('dns', host.replace(/^\*\./, 'wildcard.'));
}

/** What every part of one load balancer's writing reads. */
interface LbContext {
  readonly plan: LoadBalancerPlan;
  readonly network: NetworkInputs;
  readonly alb: boolean;
  readonly lbId: string;
  readonly tags: Record<string, string>;
}

/** Gives a resource its deterministic Terraform address. */
function named<T extends { overrideLogicalId(id: string): void }>(r: T, logicalId: string): T {
  r.overrideLogicalId(logicalId);
  return r;
}

/**
 * One AWS load balancer as Terraform: the `aws_lb`, its security group and rules (clients on the
 * listener ports only, the load balancer to the pods on the target ports only), target groups whose
 * health checks come from the readiness probe, listeners and rules, the certificate, DNS records and
 * outputs. Resource addresses are derived from the AWS names (e.g. `aws_lb_target_group.tg_shop_web_80`).
 */
export class ManagedLoadBalancer extends Construct {
  /** The load balancer. */
  readonly loadBalancer: Lb;
  /** The target groups, by AWS name. */
  readonly targetGroups = new Map<string, LbTargetGroup>();
  /** The plan it was written from (the written resources are checked against it at synth). */
  readonly plan: LoadBalancerPlan;
  /** Each target group's ARN, one token per group, reused by its rules, default action and output. */
  private readonly arns = new Map<string, string>();

  constructor(scope: Construct, id: string, props: ManagedLoadBalancerProps) {
    super(scope, id);
    const { plan, network } = props;
    this.plan = plan;
    const s = plan.settings;
    const c: LbContext = {
      plan,
      network,
      alb: s.type === 'application',
      lbId: tfId('lb', plan.name),
      tags: { ...props.tags, Name: plan.name },
    };
    const sgId = this.securityGroup(c);
    this.loadBalancer = named(
      new Lb(this, 'lb', {
        name: plan.name,
        loadBalancerType: s.type,
        internal: s.internal,
        subnets: network.subnets(s.internal),
        securityGroups: [sgId],
        dropInvalidHeaderFields: c.alb ? true : undefined,
        idleTimeout: c.alb ? s.idleTimeoutSeconds : undefined,
        clientKeepAlive: c.alb ? s.clientKeepAliveSeconds : undefined,
        enableCrossZoneLoadBalancing: c.alb ? undefined : s.crossZone,
        enableDeletionProtection: s.deletionProtection,
        accessLogs: s.accessLogs
          ? { bucket: s.accessLogs.bucket, prefix: s.accessLogs.prefix, enabled: true }
          : undefined,
        tags: c.tags,
      }),
      c.lbId,
    );
    // The resources made once per app (target groups, rules) are made in the loops of this constructor, not in
    // helpers: cdktf captures the whole call stack for each token a resource creates (see `loadBalancersToWrite`).
    for (const { targetGroup: tg } of plan.targetGroups) {
      const config = targetGroupConfig(tg, network.vpcId, c.tags);
      const resource = named(new LbTargetGroup(this, `tg-${tg.name}`, config), tfId('tg', tg.name));
      this.targetGroups.set(tg.name, resource);
      this.arns.set(tg.name, resource.arn);
    }
    const certificateArns = this.certificates(c);
    if (c.alb) {
      const listenerArn = this.albListeners(c, certificateArns);
      for (const rule of plan.rules)
        named(
          new LbListenerRule(this, `rule-${rule.priority}`, this.ruleConfig(rule, listenerArn, c.tags)),
          `${c.lbId}_rule_${rule.priority}`,
        );
    } else this.nlbListeners(c, certificateArns);
    this.dnsAndOutputs(c);
    for (const n of plan.notes)
      Annotations.of(this).addWarning(`${n.app !== undefined ? `${n.app}: ` : ''}${n.field}: ${n.message}`);
  }

  /**
   * Security groups: clients -> LB on the listener ports, LB -> pods on the target (and health check) ports.
   * A name prefix (Terraform appends a unique suffix), so a replacement can create the new group before
   * deleting the old one; AWS refuses group names starting with "sg-". Returns the load balancer's group.
   */
  private securityGroup({ plan, network, alb, lbId, tags }: LbContext): string {
    const s = plan.settings;
    const sgId =
      s.securityGroupId ??
      named(
        new SecurityGroup(this, 'security-group', {
          namePrefix: securityGroupNamePrefix(plan.name),
          description: `Load balancer ${plan.name} (cdk-traffic)`,
          vpcId: network.vpcId,
          tags,
          lifecycle: { createBeforeDestroy: true },
        }),
        `${lbId}_sg`,
      ).id;
    const listenerPorts = alb
      ? s.redirectHttp
        ? [443, 80]
        : [s.listenerPort]
      : [...new Set(plan.members.map((m) => m.exposure.listenerPort))];
    for (const port of listenerPorts) {
      s.allowFrom.forEach((cidr, i) => {
        const v6 = cidr.includes(':');
        named(
          new VpcSecurityGroupIngressRule(this, `in-${port}-${i}`, {
            securityGroupId: sgId,
            ipProtocol: 'tcp',
            fromPort: port,
            toPort: port,
            ...(v6 ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
            description: `clients to listener ${port}`,
            tags,
          }),
          `${lbId}_in_${port}_${i}`,
        );
      });
    }
    this.podRules({ plan, network, alb, lbId, tags }, sgId);
    return sgId;
  }

  /** The load balancer to the pods on the target and health check ports (and the pods' side, with our own group). */
  private podRules({ plan, network, lbId, tags }: LbContext, sgId: string): void {
    // One set, no pair array per target group.
    const ports = new Set<number>();
    for (const { targetGroup: tg } of plan.targetGroups) ports.add(tg.port).add(tg.healthCheck.portNumber);
    const podPorts = [...ports].sort((a, b) => a - b);
    for (const port of podPorts) {
      named(
        new VpcSecurityGroupEgressRule(this, `out-${port}`, {
          securityGroupId: sgId,
          referencedSecurityGroupId: network.podSecurityGroupId,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          description: `load balancer to pods on ${port}`,
          tags,
        }),
        `${lbId}_to_pods_${port}`,
      );
      // With an existing group, the TargetGroupBindings let the controller open the pods' side.
      if (plan.settings.securityGroupId === undefined) {
        named(
          new VpcSecurityGroupIngressRule(this, `pods-in-${port}`, {
            securityGroupId: network.podSecurityGroupId,
            referencedSecurityGroupId: sgId,
            ipProtocol: 'tcp',
            fromPort: port,
            toPort: port,
            description: `pods from load balancer ${plan.name} on ${port}`,
            tags,
          }),
          `${lbId}_pods_from_lb_${port}`,
        );
      }
    }
  }

  /** The forward action of a member: its target groups with the integer weights of their declared shares. */
  private forward(m: PlannedMember): LbListenerDefaultAction {
    // One target group (an app without versions: nearly every rule) forwards to it: no weights, lists or closures.
    const groups = m.exposure.targetGroups;
    const only = groups.length === 1 ? this.arns.get(groups[0].name) : undefined;
    if (only !== undefined) return { type: 'forward', targetGroupArn: only };
    // The forward action's integer weights of the declared shares (at most 999 each: 0.5% -> 995/5).
    const weights = writtenWeights(
      m.exposure.targetGroups.map((tg) => tg.share),
      ALB_FORWARD_SPLIT,
    );
    const tgs = m.exposure.targetGroups
      .map((tg, i) => ({ weight: weights[i], arn: this.arns.get(tg.name) }))
      .filter((x) => x.arn !== undefined);
    if (tgs.length === 1) return { type: 'forward', targetGroupArn: tgs[0].arn };
    // With sticky sessions a client also stays with its version (group stickiness), as long as with its pod.
    const sticky = m.exposure.targetGroups[0].stickiness;
    return {
      type: 'forward',
      forward: {
        targetGroup: tgs.map((x) => ({ arn: x.arn!, weight: x.weight })),
        ...(sticky?.durationSeconds ? { stickiness: { enabled: true, duration: sticky.durationSeconds } } : {}),
      },
    };
  }

  /** The canary header's rule: the first canary's target group (the second version's). */
  private forwardToCanary(m: PlannedMember): LbListenerDefaultAction {
    return { type: 'forward', targetGroupArn: this.arns.get(m.exposure.targetGroups[1].name)! };
  }

  /** The listeners' certificates: a DNS-validated ACM certificate first, when the plan asks for one, then the ARNs given. */
  private certificates({ plan, network, lbId, tags }: LbContext): string[] {
    const certificateArns: string[] = [...plan.certificateArns];
    if (plan.acmNames.length === 0) return certificateArns;
    const cert = named(
      new AcmCertificate(this, 'certificate', {
        domainName: plan.acmNames[0],
        subjectAlternativeNames: plan.acmNames.length > 1 ? plan.acmNames.slice(1) : undefined,
        validationMethod: 'DNS',
        keyAlgorithm: 'EC_prime256v1',
        tags,
        lifecycle: { createBeforeDestroy: true },
      }),
      `${lbId}_cert`,
    );
    // One validation record per name, keyed by the names the definition gives: Terraform needs the
    // for_each keys at plan time, and keys taken from domain_validation_options (a set computed by the
    // provider) are unknown until apply whenever the certificate has two or more names. The record's
    // values are looked up by name in that set (unknown at plan time, which values may be).
    const byName = TerraformIterator.fromList(cert.domainValidationOptions).forExpressionForMap(
      'val.domain_name',
      'val',
    );
    const names = TerraformIterator.fromList([...plan.acmNames]);
    const option = (attribute: string): string => Fn.lookupNested(byName, [names.value, attribute]) as string;
    const records = named(
      new Route53Record(this, 'certificate-validation-records', {
        forEach: names,
        zoneId: network.hostedZoneId(),
        allowOverwrite: true,
        ttl: 60,
        name: option('resource_record_name'),
        type: option('resource_record_type'),
        records: [option('resource_record_value')],
      }),
      `${lbId}_cert_validation`,
    );
    const validation = named(
      new AcmCertificateValidation(this, 'certificate-validation', {
        certificateArn: cert.arn,
        validationRecordFqdns: Token.asList(TerraformIterator.fromResources(records).pluckProperty('fqdn')),
      }),
      `${lbId}_cert_validated`,
    );
    certificateArns.unshift(validation.certificateArn);
    return certificateArns;
  }

  /** An ALB's listener (HTTPS or HTTP), its extra certificates and the HTTP redirect; returns the listener's ARN. */
  private albListeners({ plan, lbId, tags }: LbContext, certificateArns: readonly string[]): string {
    const s = plan.settings;
    const defaultAction: LbListenerDefaultAction = plan.defaultMember
      ? this.forward(plan.defaultMember)
      : {
          type: 'fixed-response',
          fixedResponse: { contentType: 'text/plain', statusCode: '404', messageBody: 'Not Found' },
        };
    const https = s.listenerProtocol === 'HTTPS';
    const listener = named(
      new LbListener(this, https ? 'https' : 'http', {
        loadBalancerArn: this.loadBalancer.arn,
        port: s.listenerPort,
        protocol: s.listenerProtocol,
        sslPolicy: https ? s.sslPolicy : undefined,
        certificateArn: https ? certificateArns[0] : undefined,
        defaultAction: [defaultAction],
        tags,
      }),
      `${lbId}_${https ? 'https' : 'http'}`,
    );
    certificateArns.slice(1).forEach((arn, i) => {
      named(
        new LbListenerCertificate(this, `certificate-${i + 2}`, { listenerArn: listener.arn, certificateArn: arn }),
        `${lbId}_cert_${i + 2}`,
      );
    });
    if (s.redirectHttp) {
      named(
        new LbListener(this, 'http-redirect', {
          loadBalancerArn: this.loadBalancer.arn,
          port: 80,
          protocol: 'HTTP',
          defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
          tags,
        }),
        `${lbId}_http_redirect`,
      );
    }
    // One token for the listener's ARN, shared by its rules.
    return listener.arn;
  }

  /** A host, path or canary header rule of the ALB's listener. */
  private ruleConfig(rule: PlannedRule, listenerArn: string, tags: Record<string, string>): LbListenerRuleConfig {
    const condition: LbListenerRuleCondition[] = [];
    if (rule.hosts.length > 0) condition.push({ hostHeader: { values: [...rule.hosts] } });
    if (rule.paths.length > 0) condition.push({ pathPattern: { values: [...rule.paths] } });
    if (rule.canaryHeader)
      condition.push({ httpHeader: { httpHeaderName: rule.canaryHeader.name, values: [rule.canaryHeader.value] } });
    return {
      listenerArn,
      priority: rule.priority,
      action: [rule.canaryHeader ? this.forwardToCanary(rule.member) : this.forward(rule.member)],
      // A copy of its length: the list grown by push has room for 17 entries, kept by the resource until the synth ends.
      condition: condition.slice(),
      tags,
    };
  }

  /** An NLB's listeners: one per member's listener port (TCP or TLS). */
  private nlbListeners({ plan, lbId, tags }: LbContext, certificateArns: readonly string[]): void {
    for (const m of plan.members) {
      const e = m.exposure;
      const tls = e.listenerProtocol === 'TLS';
      named(
        new LbListener(this, `listener-${e.listenerPort}`, {
          loadBalancerArn: this.loadBalancer.arn,
          port: e.listenerPort,
          protocol: e.listenerProtocol,
          sslPolicy: tls ? e.sslPolicy : undefined,
          certificateArn: tls ? certificateArns[0] : undefined,
          alpnPolicy: tls ? e.alpnPolicy : undefined,
          tcpIdleTimeoutSeconds: e.tcpIdleTimeoutSeconds,
          defaultAction: [this.forward(m)],
          tags,
        }),
        `${lbId}_${e.listenerProtocol.toLowerCase()}_${e.listenerPort}`,
      );
    }
  }

  /** The hosts' alias records and the outputs (DNS name, ARN, zone, each target group's ARN). */
  private dnsAndOutputs({ plan, network, lbId }: LbContext): void {
    const lb = this.loadBalancer;
    for (const host of plan.dnsHosts) {
      named(
        new Route53Record(this, `dns-${host}`, {
          zoneId: network.hostedZoneId(),
          name: host,
          type: 'A',
          alias: { name: lb.dnsName, zoneId: lb.zoneId, evaluateTargetHealth: true },
        }),
        dnsRecordId(host),
      );
    }
    named(
      new TerraformOutput(this, 'dns-name', {
        value: lb.dnsName,
        description: `DNS name of load balancer ${plan.name}`,
      }),
      `${lbId}_dns_name`,
    );
    named(
      new TerraformOutput(this, 'arn', { value: lb.arn, description: `ARN of load balancer ${plan.name}` }),
      `${lbId}_arn`,
    );
    named(
      new TerraformOutput(this, 'zone-id', {
        value: lb.zoneId,
        description: `Route 53 zone of load balancer ${plan.name}`,
      }),
      `${lbId}_zone_id`,
    );
    for (const [name, arn] of this.arns) {
      named(
        new TerraformOutput(this, `tg-arn-${name}`, { value: arn, description: `ARN of target group ${name}` }),
        `${tfId('tg', name)}_arn`,
      );
    }
  }
}

/** The security group's name prefix: `<load balancer>-lb-` (`lb-<load balancer>-` for a name starting with "sg-"). */
export function securityGroupNamePrefix(loadBalancerName: string): string {
  return /^sg-/i.test(loadBalancerName) ? `lb-${loadBalancerName}-` : `${loadBalancerName}-lb-`;
}

/**
 * A target group keeps its fixed name (the TargetGroupBinding names it). `create_before_destroy`: when a
 * change forces a new group, and the name changes with it (`targetGroupName`), the new group is created
 * and the listener moved to it before the old one is deleted; without it Terraform would first delete
 * the old group, which AWS refuses while a listener forwards to it. With an unchanged name the create
 * fails instead, leaving everything as it was (see `targetGroupName`).
 */
function targetGroupConfig(tg: TerraformTargetGroupSpec, vpcId: string, tags: Record<string, string>) {
  const hc = tg.healthCheck;
  return {
    name: tg.name,
    port: tg.port,
    protocol: tg.protocol,
    protocolVersion: tg.protocolVersion,
    targetType: 'ip',
    vpcId,
    lifecycle: { createBeforeDestroy: true },
    deregistrationDelay: String(tg.deregistrationDelaySeconds),
    slowStart: tg.protocol === 'HTTP' ? tg.slowStartSeconds : undefined,
    loadBalancingAlgorithmType: tg.algorithm,
    // NLB. connection_termination is a computed attribute (left out, a change back would not apply): always written.
    // proxy_protocol_v2 defaults to false in the provider: written when on. preserve_client_ip: AWS's default unless given.
    connectionTermination: tg.network?.connectionTermination,
    preserveClientIp: tg.network?.preserveClientIp === undefined ? undefined : String(tg.network.preserveClientIp),
    proxyProtocolV2: tg.network?.proxyProtocolV2 || undefined,
    stickiness: tg.stickiness
      ? {
          enabled: true,
          type: tg.stickiness.type,
          cookieDuration: tg.stickiness.durationSeconds,
          cookieName: tg.stickiness.cookieName,
        }
      : undefined,
    healthCheck: {
      enabled: true,
      protocol: hc.protocol,
      path: hc.path,
      port: hc.port,
      interval: hc.intervalSeconds,
      timeout: hc.timeoutSeconds,
      healthyThreshold: hc.healthyThreshold,
      unhealthyThreshold: hc.unhealthyThreshold,
      matcher: hc.matcher,
    },
    tags: targetGroupTags(tags, tg.name, hc.source.kind === 'readiness' ? 'readiness-probe' : 'override'),
  };
}

/**
 * A target group's tags: the load balancer's, its name, where its health check comes from. Copied key by key, not
 * with a spread-first literal (`{ ...tags, Name }`), which gives every target group's tags a hidden class of its own.
 */
function targetGroupTags(tags: Record<string, string>, name: string, healthCheck: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(tags)) out[k] = tags[k];
  out.Name = name;
  out['cdk-traffic/health-check'] = healthCheck;
  return out;
}
