/**
 * The plan's vocabulary: the facts read from one synth output and the changes between two.
 * A fact is one traffic setting of one app on one layer, with its value as written; a change is a fact whose value
 * differs between the base and the head (or exists on one side only), with a severity.
 */

/** How bad a change is for traffic in flight. */
export type Severity = 'info' | 'caution' | 'disruptive';

/** Severities from the mildest to the worst (`--fail-on` compares by this order). */
export const SEVERITIES: readonly Severity[] = ['info', 'caution', 'disruptive'];

/**
 * What a setting is, for the severity of its change:
 * - `info`: any change is informative;
 * - `timeout`: a shorter value is `caution` (a stream longer than the new timeout is cut);
 * - `drain`: a shorter value is `caution` (connections cut before they finish);
 * - `capacity`: a lower value is `caution` (fewer pods or fewer allowed disruptions);
 * - `capacity-inverse`: a higher value is `caution` (more pods may be down at once);
 * - `reach`: a list of sources, hosts, paths or ports: an item no longer there is `caution`;
 * - `replace`: any change replaces the resource (`disruptive`);
 * - `match`: what requests a rule takes (the canary header): any change is `caution`, a request that matched before
 *   goes elsewhere;
 * - `split`: a weighted backend list, reported together per app as the canary split.
 */
export type SettingKind =
  'info' | 'timeout' | 'drain' | 'capacity' | 'capacity-inverse' | 'reach' | 'replace' | 'match' | 'split';

/** One weighted backend of a route as written. */
export interface WrittenBackend {
  /** The backend as the layer names it (Service, subset, target group). */
  readonly backend: string;
  /** The app version it reaches (the `version` label), when the output says. */
  readonly version?: string;
  readonly weight: number;
}

/** One traffic setting of one app on one layer. */
export interface Fact {
  /** The app: `<namespace>/<name>` from the objects' `app.kubernetes.io/name`, or `load balancer <name>`. */
  readonly app: string;
  /** The layer: the product that applies the setting (Kubernetes, Gateway API, Istio, AWS ALB (Terraform), ...). */
  readonly layer: string;
  /** The object on that layer (`HTTPRoute ai/inference`, `aws_lb ai-inference`). */
  readonly subject: string;
  /** The setting within the object (`replicas`, `rule "default" timeouts.request`). */
  readonly setting: string;
  readonly kind: SettingKind;
  /** The value as a reviewer reads it. */
  readonly value: string;
  /** The value as a number (seconds for times) for the kinds compared by size. */
  readonly num?: number;
  /** The items of a `reach` list. */
  readonly items?: readonly string[];
  /** The weighted backends of a `split`. */
  readonly backends?: readonly WrittenBackend[];
}

/** One changed fact (or, for the canary split, one change per app with the layers' written weights as details). */
export interface Change {
  readonly app: string;
  readonly layer: string;
  readonly subject: string;
  readonly setting: string;
  readonly severity: Severity;
  /** The value before, or undefined when the setting is new. */
  readonly before?: string;
  /** The value after, or undefined when the setting is gone. */
  readonly after?: string;
  /** Why the severity is what it is (for caution and disruptive). */
  readonly reason?: string;
  /** Per-layer detail lines (the canary split as written on each layer). */
  readonly details?: readonly string[];
}

/** The plan between two outputs: the changes, per app, in a stable order. */
export interface Plan {
  /** The format version of the JSON form. */
  readonly version: 1;
  readonly base: string;
  readonly head: string;
  /** Apps present only in the head or only in the base. */
  readonly appsAdded: readonly string[];
  readonly appsRemoved: readonly string[];
  readonly changes: readonly Change[];
}

/** A user error of the input (folder or file): exit 1 with this message. */
export class PlanInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanInputError';
  }
}
