#!/usr/bin/env node
/** The `cdk-traffic` command (package.json `bin`): `cdk-traffic plan <base> <head>`. */
import { runCli } from './cli';

try {
  process.exitCode = runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
} catch (e) {
  process.stderr.write(`cdk-traffic: internal error: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
}
