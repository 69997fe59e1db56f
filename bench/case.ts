import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * One measurement, in its own process so peak memory is its own: `node scripts/run.js bench/case.ts <module> <fn> <n>`.
 * Prints one JSON line: { ms, cpuMs, peakMiB } (wall time; CPU time of the process, user and system, all
 * threads; peak resident memory). The module is loaded before the clock starts.
 */
async function main(): Promise<void> {
  const [modulePath, fn, n] = process.argv.slice(2);
  const mod = (await import(path.resolve(modulePath))) as Record<string, (n: number, outdir: string) => void>;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-traffic-bench-'));
  try {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    mod[fn](Number(n), outdir);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    if (process.env.BENCH_KEEP) fs.cpSync(outdir, process.env.BENCH_KEEP, { recursive: true });
    process.stdout.write(`${JSON.stringify({ ms, cpuMs, peakMiB })}\n`);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

void main();
