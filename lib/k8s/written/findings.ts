import type { AppSpec } from '../../model/app-spec';
import type { Problem } from '../../model/problems';

/* eslint-disable @typescript-eslint/no-explicit-any -- the checks read manifests as written, after any patch */
/** A manifest as written (`ApiObject.toJson()`, after every patch): read field by field, nothing assumed. */
export type Json = any;

/** A problem of one written object: its index in the checked list. */
export interface WrittenProblem extends Problem {
  /** Index of the object in the list the checks read. */
  readonly object: number;
}

/** What the checks of the written objects read besides the objects. */
export interface WrittenContext {
  /** The resolved apps of the chart (their declared health checks and network policies). */
  readonly specs: readonly AppSpec[];
}

/** Collects the problems of the written objects, each naming its object (`Kind/name field`). */
export class Findings {
  readonly items: WrittenProblem[] = [];
  private readonly seen = new Set<string>();

  constructor(readonly objects: readonly Json[]) {}

  /** Adds a problem of object `i` at `field` (a JSON path inside it, e.g. `spec.ports[0].port`). */
  add(i: number, field: string, value: unknown, message: string, fix: string, ruleId: string): void {
    const f = `${ref(this.objects[i])} ${field}`;
    const key = `${i}\u0000${f}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push({ object: i, field: f, value, message, fix, ruleId });
  }
}

/** `Kind/name` of a written object. */
export const ref = (o: Json): string => `${o?.kind}/${o?.metadata?.name}`;
/** A list field, or none when it is absent or not a list. */
export const list = (v: unknown): Json[] => (Array.isArray(v) ? v : []);
/** Whether a label selector (matchLabels form) selects these labels. */
export const selects = (sel: Record<string, string>, labels: Record<string, string>): boolean => {
  for (const k of Object.keys(sel)) if (labels?.[k] !== sel[k]) return false;
  return true;
};
/** The namespace an object is written to (`default` when none). */
export const namespaceOf = (o: Json): string => o?.metadata?.namespace ?? 'default';
/** An object's map field (labels, annotations), or an empty one. */
export const mapOf = (v: unknown): Record<string, string> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};
