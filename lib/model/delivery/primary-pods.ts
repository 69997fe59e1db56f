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
