import { Problems } from './problems';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IANA_SVC_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Checks a DNS-1123 label (names of Services, Deployments, containers, namespaces): at most 63 characters. */
export function checkDnsLabel(problems: Problems, field: string, value: string | undefined, max = 63): boolean {
  if (typeof value !== 'string' || !DNS1123_LABEL.test(value) || value.length > max) {
    problems.add(
      field,
      value,
      `must be a DNS-1123 label of at most ${max} characters (lower-case letters, digits and '-', starting and ending with a letter or digit)`,
      `use a name such as "${suggestName(value, max)}"`,
    );
    return false;
  }
  return true;
}

/** Checks a DNS-1123 subdomain (object names such as ConfigMaps, Secrets, hostnames): at most 253 characters. */
export function checkDnsSubdomain(problems: Problems, field: string, value: string | undefined): boolean {
  if (typeof value !== 'string' || !DNS1123_SUBDOMAIN.test(value) || value.length > 253) {
    problems.add(
      field,
      value,
      'must be a DNS-1123 subdomain of at most 253 characters (lower-case labels separated by dots)',
      `use a name such as "${suggestName(value, 253)}"`,
    );
    return false;
  }
  return true;
}

/** Checks a port name (IANA_SVC_NAME): at most 15 characters, at least one letter, no '--'. */
export function checkPortName(problems: Problems, field: string, value: string): boolean {
  const ok = IANA_SVC_NAME.test(value) && value.length <= 15 && /[a-z]/.test(value) && !value.includes('--');
  if (!ok) {
    problems.add(
      field,
      value,
      "a port name must be at most 15 lower-case letters, digits and '-', contain a letter and no '--'",
      `use a name such as "${suggestName(value, 15) || 'http'}"`,
    );
  }
  return ok;
}

/** Checks a label map: keys are qualified names (optional DNS prefix + '/'), values at most 63 characters. */
export function checkLabels(
  problems: Problems,
  field: string,
  labels: Readonly<Record<string, string>> | undefined,
): void {
  // Left out on most apps: nothing to walk (no empty object, entries list and iterator per call).
  if (labels == null) return;
  for (const [key, value] of Object.entries(labels)) {
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    const prefixOk = prefix === undefined || (DNS1123_SUBDOMAIN.test(prefix) && prefix.length <= 253);
    if (!prefixOk || !LABEL_NAME.test(name) || name.length > 63) {
      problems.add(
        `${field}.${key}`,
        key,
        'is not a valid label key (optional DNS prefix and "/", then at most 63 letters, digits, "-", "_", "." starting and ending alphanumeric)',
        'rename the label key, e.g. "app.kubernetes.io/name"',
      );
    }
    if (typeof value !== 'string' || !LABEL_VALUE.test(value) || value.length > 63) {
      problems.add(
        `${field}.${key}`,
        value,
        'is not a valid label value (at most 63 letters, digits, "-", "_", "." starting and ending alphanumeric)',
        'shorten or rename the value',
      );
    }
  }
}

/** Checks an annotation map: keys like label keys, values any string. */
export function checkAnnotationKeys(
  problems: Problems,
  field: string,
  annotations: Readonly<Record<string, string>> | undefined,
): void {
  if (annotations == null) return; // left out on most apps: see checkLabels
  for (const key of Object.keys(annotations)) {
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if ((prefix !== undefined && !DNS1123_SUBDOMAIN.test(prefix)) || !LABEL_NAME.test(name) || name.length > 63) {
      problems.add(`${field}.${key}`, key, 'is not a valid annotation key', 'use a key such as "example.com/owner"');
    }
  }
}

/** What `suggestName` leaves unchanged: lower-case letters and digits, with single dashes between them. */
const CLEAN_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Lower-cases and cleans a would-be name into a valid DNS-1123 label (for suggestions in messages). */
export function suggestName(value: unknown, max = 63): string {
  // A name that is one already (lower case, single dashes inside, short enough) is kept as it is.
  if (typeof value === 'string' && value.length <= max && CLEAN_NAME.test(value)) return value;
  const s = String(value ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+/, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return s || 'my-app';
}
