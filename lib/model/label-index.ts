import { EMPTY_LIST } from './freeze';

/**
 * Items (pod templates) by namespace, label key and label value, so a selector finds the items that carry one of its
 * labels without a scan over every item. Nested maps looked up with the strings the labels hold: a joined key per
 * label would be built, flattened and hashed for every item and selector (docs/development.md, Benchmark). Used by
 * the checks across apps (`lib/resolve/app-checks.ts`) and by the checks of the written objects (`Pods`).
 */
export class LabelIndex<T> {
  private readonly byNamespace = new Map<string, Map<string, Map<string, T[]>>>();

  /** Indexes `item` under each of its own labels in `namespace`. */
  add(namespace: string, labels: Readonly<Record<string, string>>, item: T): void {
    let keys = this.byNamespace.get(namespace);
    if (!keys) this.byNamespace.set(namespace, (keys = new Map()));
    for (const k in labels) {
      if (!Object.prototype.hasOwnProperty.call(labels, k)) continue;
      let values = keys.get(k);
      if (!values) keys.set(k, (values = new Map()));
      const list = values.get(labels[k]);
      if (list) list.push(item);
      else values.set(labels[k], [item]);
    }
  }

  /** The items of `namespace` labelled `key`=`value`, in the order they were added (an empty list when none). */
  get(namespace: string, key: string, value: string): readonly T[] {
    return this.byNamespace.get(namespace)?.get(key)?.get(value) ?? EMPTY_LIST;
  }
}
