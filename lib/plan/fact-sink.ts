import type { Fact, SettingKind, WrittenBackend } from './types';
import { count, joinSorted, seconds, text } from './values';

/** Collects the facts of one object (one app, one layer, one subject). */
export class FactSink {
  constructor(
    private readonly out: Fact[],
    readonly app: string,
    readonly layer: string,
    readonly subject: string,
  ) {}

  /**
   * A setting compared as text (an absent or empty value adds nothing); `unit` follows a bare number
   * (`60` seconds of Terraform reads `60s`).
   */
  add(setting: string, kind: SettingKind, value: unknown, unit = ''): void {
    const v = text(value);
    if (v === '') return;
    const num = kind === 'timeout' || kind === 'drain' ? seconds(value) : count(value);
    this.push({ setting, kind, value: unit && /^\d+(\.\d+)?$/.test(v) ? `${v}${unit}` : v, num });
  }

  /** A list whose removed items are a reachability change. */
  reach(setting: string, items: Iterable<string>): void {
    const sorted = [...new Set(items)].sort();
    if (sorted.length === 0) return;
    this.push({ setting, kind: 'reach', value: joinSorted(sorted), items: sorted });
  }

  /** A weighted backend list, as written (an unweighted list counts each backend as weight 1). */
  split(setting: string, backends: readonly WrittenBackend[]): void {
    if (backends.length === 0) return;
    const value = backends.map((b) => `${b.backend} ${b.weight}`).join(', ');
    this.push({ setting, kind: 'split', value, backends });
  }

  private push(f: Omit<Fact, 'app' | 'layer' | 'subject'>): void {
    this.out.push({ app: this.app, layer: this.layer, subject: this.subject, ...f });
  }
}
