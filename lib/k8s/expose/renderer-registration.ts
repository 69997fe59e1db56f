import type { Problem } from '../../model/problems';
import { BUILT_IN_EXPOSURE_RENDERERS, ExposureRendererEntry } from './exposure-renderers';

const EXAMPLE = "renderers: { 'my-kind': { render: (scope, id, app, exposure) => new ApiObject(scope, id, {...}) } }";

/**
 * The renderers of a chart: the built-in kinds' and the ones given in `renderers` (which add to or replace
 * them), each checked: an entry that is not `{ render, order?, check? }` with functions and a finite order is
 * a problem naming its kind (and is left out), never a TypeError when the chart writes.
 */
export function registeredRenderers(given: unknown): {
  readonly renderers: Readonly<Record<string, ExposureRendererEntry>>;
  readonly problems: readonly Problem[];
} {
  const problems: Problem[] = [];
  const renderers: Record<string, ExposureRendererEntry> = { ...BUILT_IN_EXPOSURE_RENDERERS };
  if (given === undefined) return { renderers, problems };
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    problems.push({
      field: 'renderers',
      value: given,
      message: 'must be an object of renderer entries by exposure kind',
      fix: `write ${EXAMPLE}`,
    });
    return { renderers, problems };
  }
  for (const [kind, entry] of Object.entries(given as Record<string, unknown>)) {
    const field = `renderers['${kind}']`;
    const e = entry as Partial<Record<'render' | 'order' | 'check', unknown>> | null;
    const wrong = (f: string, value: unknown, message: string, fix: string) =>
      problems.push({ field: f, value, message, fix });
    if (typeof e !== 'object' || e === null) {
      wrong(
        field,
        entry,
        `must be the renderer entry of kind '${kind}', { render, order?, check? }`,
        `write ${EXAMPLE}`,
      );
      continue;
    }
    const before = problems.length;
    if (typeof e.render !== 'function')
      wrong(
        `${field}.render`,
        e.render,
        `must be a function writing an exposure of kind '${kind}'`,
        `write ${EXAMPLE}`,
      );
    if (e.order !== undefined && (typeof e.order !== 'number' || !Number.isFinite(e.order)))
      wrong(
        `${field}.order`,
        e.order,
        'must be a finite number',
        'use e.g. 100 (after the built-in kinds), or leave it out',
      );
    if (e.check !== undefined && typeof e.check !== 'function')
      wrong(
        `${field}.check`,
        e.check,
        `must be a function checking an exposure of kind '${kind}'`,
        'write check: (problems, field, app, exposure) => { ... }, or leave it out',
      );
    if (problems.length === before) renderers[kind] = e as ExposureRendererEntry;
  }
  return { renderers, problems };
}
