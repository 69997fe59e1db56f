import { RE2JS } from 're2js';

/**
 * True when `pattern` compiles as RE2, the syntax Go's `regexp` (Cilium's agent) and Envoy's safe regex
 * accept: no lookaround, no backreferences. JavaScript's `RegExp` accepts both, so it cannot be the check.
 * `re2js` is a pure JavaScript port of RE2 (no native build).
 */
export function isRe2Pattern(pattern: unknown): boolean {
  if (typeof pattern !== 'string') return false;
  try {
    RE2JS.compile(pattern);
    return true;
  } catch {
    return false;
  }
}
