import { planFolders } from './plan';
import { PLAN_FORMATS, renderPlan, type PlanFormat } from './render';
import { PlanInputError, SEVERITIES, type Severity } from './types';

export const USAGE = `Usage: cdk-traffic plan <base> <head> [--format text|markdown|json] [--fail-on info|caution|disruptive]

Compares two synth outputs (each a cdk8s output folder such as dist/, a cdktf output folder such as cdktf.out/,
or a folder holding both) and reports what changed in the traffic path, per app and layer, with a severity.

Exit codes (as terraform plan -detailed-exitcode):
  0  no traffic change (or none at or above --fail-on)
  2  traffic changes at or above --fail-on (default: info, any change)
  1  error (a folder or file that cannot be read)
`;

/** Where the command writes (the process's streams, or a test's buffers). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

interface PlanArgs {
  readonly base: string;
  readonly head: string;
  readonly format: PlanFormat;
  readonly failOn: Severity;
}

/** Reads `plan <base> <head> [options]`; a usage mistake is a PlanInputError naming it. */
export function parseArgs(argv: readonly string[]): PlanArgs | 'help' {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return 'help';
  const [command, ...rest] = argv;
  if (command !== 'plan') throw new PlanInputError(`unknown command "${command}" (the command is \`plan\`)`);
  const positional: string[] = [];
  let format: PlanFormat = 'text';
  let failOn: Severity = 'info';
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = rest[i].split(/=(.*)/s, 2);
    if (flag !== '--format' && flag !== '--fail-on') {
      if (flag.startsWith('-')) throw new PlanInputError(`unknown option ${flag} (options: --format, --fail-on)`);
      positional.push(rest[i]);
      continue;
    }
    const value = inline ?? rest[++i];
    if (flag === '--format') format = oneOf(flag, value, PLAN_FORMATS);
    else failOn = oneOf(flag, value, SEVERITIES);
  }
  if (positional.length !== 2) {
    throw new PlanInputError(
      `expected two folders, <base> and <head> (received ${positional.length}: ${positional.join(' ') || 'none'})`,
    );
  }
  return { base: positional[0], head: positional[1], format, failOn };
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
  throw new PlanInputError(`${flag} must be one of ${allowed.join(', ')} (received ${value ?? 'nothing'})`);
}

/**
 * Runs the command; returns the exit code (0 no traffic change, 2 changes, 1 error).
 * @see https://developer.hashicorp.com/terraform/cli/commands/plan#detailed-exitcode (the exit codes it follows)
 */
export function runCli(argv: readonly string[], io: CliIo): number {
  try {
    const args = parseArgs(argv);
    if (args === 'help') {
      io.out(USAGE);
      return 0;
    }
    const plan = planFolders(args.base, args.head);
    io.out(renderPlan(plan, args.format));
    const threshold = SEVERITIES.indexOf(args.failOn);
    return plan.changes.some((c) => SEVERITIES.indexOf(c.severity) >= threshold) ? 2 : 0;
  } catch (e) {
    if (!(e instanceof PlanInputError)) throw e;
    io.err(`cdk-traffic plan: ${e.message}\n`);
    return 1;
  }
}
