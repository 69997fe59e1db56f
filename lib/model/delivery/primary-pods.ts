/**
 * The labels Flagger looks for in the target Deployment's selector, in its order (its `-selector-labels` default): the
 * first one found is renamed `<value>-primary` on the primary Deployment's pods.
 * @see https://docs.flagger.app/usage/how-it-works#canary-target
 */
export const FLAGGER_SELECTOR_LABELS = ['app', 'name', 'app.kubernetes.io/name'] as const;

/** What the primary-pods selector reads of an app. */
interface SelectedApp {
  readonly selector: Readonly<Record<string, string>>;
  readonly delivery?: { readonly controller: string };
}

/** The selector label Flagger renames on the primary pods, with its value; undefined: not Flagger, or none of its labels. */
export function flaggerRenamedLabel(app: SelectedApp): { readonly key: string; readonly value: string } | undefined {
  if (app.delivery?.controller !== 'flagger') return undefined;
  const key = FLAGGER_SELECTOR_LABELS.find((k) => app.selector[k] !== undefined);
  return key === undefined ? undefined : { key, value: app.selector[key] };
}

/** One `In` requirement of a label selector. */
export interface LabelIn {
  readonly key: string;
  readonly operator: 'In';
  readonly values: string[];
}

/**
 * A label selector of the app's pods that also selects the pods Flagger runs as `<name>-primary` (the stable ones): the
 * renamed label as `In [<value>, <value>-primary]`, the other labels as they are. Without Flagger: the app's labels.
 */
export function podsAndPrimary(app: SelectedApp): { matchLabels: Record<string, string>; matchExpressions: LabelIn[] } {
  const renamed = flaggerRenamedLabel(app);
  const matchLabels = Object.fromEntries(Object.entries(app.selector).filter(([k]) => k !== renamed?.key));
  return {
    matchLabels,
    matchExpressions: renamed
      ? [{ key: renamed.key, operator: 'In', values: [renamed.value, `${renamed.value}-primary`] }]
      : [],
  };
}

/** `podsAndPrimary` without empty parts (the form the written objects take). */
export function primarySelector(app: SelectedApp): {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelIn[];
} {
  // Without Flagger (most apps, once each per rendered selector): the app's labels, with no list built.
  if (app.delivery?.controller !== 'flagger')
    return Object.keys(app.selector).length > 0 ? { matchLabels: { ...app.selector } } : {};
  const s = podsAndPrimary(app);
  return {
    ...(Object.keys(s.matchLabels).length > 0 ? { matchLabels: s.matchLabels } : {}),
    ...(s.matchExpressions.length > 0 ? { matchExpressions: s.matchExpressions } : {}),
  };
}

/**
 * The app's pods (with Flagger's primary pods) as the model's policy selectors hold them: `labels` (matchLabels) and,
 * with Flagger only, `expressions` (the renamed label `In [<value>, <value>-primary]`, which `labels` then leaves out).
 */
export function policyPods(app: SelectedApp): {
  readonly labels: Record<string, string>;
  readonly expressions?: readonly LabelIn[];
} {
  const s = podsAndPrimary(app);
  return s.matchExpressions.length > 0
    ? { labels: s.matchLabels, expressions: s.matchExpressions }
    : { labels: s.matchLabels };
}

/** Whether pods of these labels satisfy matchLabels and `In` requirements (a plain label selector's semantics). */
export function selectsLabels(
  labels: Readonly<Record<string, string>>,
  expressions: readonly LabelIn[] | undefined,
  pod: Readonly<Record<string, string>>,
): boolean {
  return (
    Object.entries(labels).every(([k, v]) => pod[k] === v) &&
    (expressions ?? []).every((e) => pod[e.key] !== undefined && e.values.includes(pod[e.key]))
  );
}

/**
 * A label on the pods of an app Flagger delivers (its value the app's name). Flagger copies every pod label onto the
 * primary pods but the one it renames, so this one is on both: the selectors that take labels only (Istio's workload
 * selector, a Service's selector) select the canary's and the primary's pods by it.
 * @see https://github.com/fluxcd/flagger/blob/main/pkg/canary/util.go (`makePrimaryLabels`)
 */
export const DELIVERED_PODS_LABEL = 'cdk-traffic.io/app';

/**
 * A labels-only selector of the app's pods: with Flagger, `DELIVERED_PODS_LABEL` (so the primary pods are selected
 * too), otherwise the app's selector.
 */
export function labelsOnlySelector(app: SelectedApp & { readonly name: string }): Record<string, string> {
  return flaggerRenamedLabel(app) ? { [DELIVERED_PODS_LABEL]: app.name } : { ...app.selector };
}

/**
 * Labels of a selector of the app's own pods (a version's, a scheduling term's) as a labels-only selector that also
 * selects Flagger's primary pods: the renamed label replaced by `DELIVERED_PODS_LABEL`, the other labels kept (Flagger
 * copies them). Labels that do not name the app's pods, or an app Flagger does not deliver: as they are.
 */
export function withPrimaryPods(
  app: SelectedApp & { readonly name: string },
  labels: Readonly<Record<string, string>>,
): Record<string, string> {
  const renamed = flaggerRenamedLabel(app);
  if (!renamed || labels[renamed.key] !== renamed.value) return { ...labels };
  const others = Object.entries(labels).filter(([k]) => k !== renamed.key);
  return { ...Object.fromEntries(others), [DELIVERED_PODS_LABEL]: app.name };
}
