import type { FactSink } from './fact-sink';
import type { Manifest } from './read-output';
import type { OutputIndex } from './output-index';
import type { SettingKind, WrittenBackend } from './types';
import { at, records, stableJson, text } from './values';

/** The AWS Load Balancer Controller's weighted forward action of an Ingress (`actions.<name>`). */
const ALB_ACTION = /^alb\.ingress\.kubernetes\.io\/actions\./;

/**
 * What a controller annotation (or one `key=value` item of a list-valued one) is, by its key: the load balancer's
 * scheme or target type (a change replaces the load balancer or its target groups), a timeout, a drain, a list of
 * admitted sources or ports, the conditions of an ALB Ingress action (the canary header: what requests it takes), or
 * anything else. Health check settings are informative whatever their name.
 */
const CLASSES: readonly [RegExp, SettingKind][] = [
  [/health|probe/, 'info'],
  [/scheme$|load-balancer-internal$|load-balancer-type$|target-type$/, 'replace'],
  [/deregistration|drain/, 'drain'],
  [/idle|timeout/, 'timeout'],
  [/source-ranges$|inbound-cidrs$|listen-ports$|ssl-ports$/, 'reach'],
  [/^alb\.ingress\.kubernetes\.io\/conditions\./, 'match'],
];

export function classOf(key: string): SettingKind {
  return CLASSES.find(([re]) => re.test(key))?.[1] ?? 'info';
}

/** A value such as `idle_timeout.timeout_seconds=60,deregistration_delay.timeout_seconds=30`. */
const PAIRS = /^[\w.\-/]+=[^,]*(,[\w.\-/]+=[^,]*)*$/;

/**
 * The object's annotations, one fact each; a list-valued one (`a=1,b=2`, the AWS Load Balancer Controller's
 * attributes) one fact per item, so that a changed idle timeout reads as that and not as a changed string.
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/ (list-valued
 *   attributes and the `actions.<name>` forward action)
 */
export function annotationFacts(m: Manifest, sink: FactSink, index: OutputIndex): void {
  for (const key of Object.keys(m.annotations).sort()) {
    const value = m.annotations[key];
    if (ALB_ACTION.test(key) && forwardSplit(m, sink, index, key)) continue;
    if (PAIRS.test(value) && value.includes(',')) {
      for (const pair of value.split(',')) {
        const [k, ...rest] = pair.split('=');
        addOne(sink, `${key} ${k}`, rest.join('='));
      }
    } else addOne(sink, key, value);
  }
}

function addOne(sink: FactSink, setting: string, value: string): void {
  const kind = classOf(setting);
  if (kind === 'reach') sink.reach(setting, listItems(value));
  else sink.add(setting, kind, value);
}

/** The items of a list-valued annotation: a JSON list (`[{"HTTPS":443}]`) or comma-separated text. */
function listItems(value: string): string[] {
  if (value.trim().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed.map((v) => stableJson(v));
    } catch {
      // not JSON: read it as comma-separated text
    }
  }
  return value.split(',').map((s) => s.trim());
}

/** A forward action's target groups as a weighted split (the canary on the ALB Ingress layer); false if it is none. */
function forwardSplit(m: Manifest, sink: FactSink, index: OutputIndex, key: string): boolean {
  let action: unknown;
  try {
    action = JSON.parse(m.annotations[key]);
  } catch {
    return false;
  }
  const groups = records(at(action, 'forwardConfig.targetGroups'));
  if (groups.length === 0) return false;
  const backends: WrittenBackend[] = groups.map((g) => ({
    backend: `${text(g.serviceName)}:${text(g.servicePort)}`,
    version: index.serviceVersion(m.namespace, text(g.serviceName)),
    weight: typeof g.weight === 'number' ? g.weight : 1,
  }));
  sink.split(`${key} forward`, backends);
  sink.add(`${key} stickiness`, 'info', at(action, 'forwardConfig.targetGroupStickinessConfig'));
  return true;
}
