import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * `npm run bench`: synth time and peak memory of the library against raw cdk8s (and raw cdktf for the
 * Terraform side), at N = 100, 1000 and 3000 (`BENCH_SIZES=100,1000,3000,10000` adds 10000: about 15 s of CPU
 * per sample), each measurement in a fresh process, median of RUNS. Figures, not assertions: nothing here fails
 * on a slow machine. The load average before and after is printed: on a shared machine the CPU ratios are the
 * figures to read.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,3000').split(',').map(Number);
const ROOT = path.resolve(__dirname, '..');
/**
 * Node flags for every measured process, e.g. `BENCH_NODE_FLAGS=--single-threaded`: V8 then compiles and collects
 * garbage on the main thread, so the CPU times of one case move by 1-2% between runs instead of 10-20% on a 2-core
 * machine; the figures to compare two trees by (the ratios of the default run are the ones the target is about).
 */
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter((f) => f.length > 0);

interface Sample {
  ms: number;
  cpuMs: number;
  peakMiB: number;
}

function runCase(module: string, fn: string, n: number, keep?: string): Sample {
  const out = execFileSync(
    process.execPath,
    [...NODE_FLAGS, path.join(ROOT, 'scripts/run.js'), path.join(ROOT, 'bench/case.ts'), module, fn, String(n)],
    {
      cwd: ROOT,
      // Warnings (e.g. more listener rules than the default ALB quota at large N) are not what is measured.
      env: { ...process.env, CDK_TRAFFIC_SILENCE_WARNINGS: '1', ...(keep ? { BENCH_KEEP: keep } : {}) },
      encoding: 'utf8',
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as Sample;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Library and raw samples taken in alternation, so a change in the machine's load during the run weighs on
 * both sides alike, and in turns of which goes first (library then raw, raw then library, ...), so neither
 * side always runs right after the other's output was written; the median of each side.
 */
function measurePair(module: string, n: number): { lib: Sample; raw: Sample } {
  const lib: Sample[] = [];
  const raw: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      lib.push(runCase(module, 'runLibrary', n));
      raw.push(runCase(module, 'runRaw', n));
    } else {
      raw.push(runCase(module, 'runRaw', n));
      lib.push(runCase(module, 'runLibrary', n));
    }
  }
  const med = (xs: Sample[]): Sample => ({
    ms: median(xs.map((s) => s.ms)),
    cpuMs: median(xs.map((s) => s.cpuMs)),
    peakMiB: median(xs.map((s) => s.peakMiB)),
  });
  return { lib: med(lib), raw: med(raw) };
}

/** Checks that the library and the raw program write the same files, so the comparison is fair. */
function sameOutput(module: string): boolean {
  const dirs = ['runLibrary', 'runRaw'].map((fn) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-traffic-same-'));
    runCase(module, fn, 3, dir);
    return dir;
  });
  const read = (dir: string) => {
    const files: Record<string, string> = {};
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (!e.name.endsWith('manifest.json')) files[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
      }
    };
    walk(dir);
    return JSON.stringify(files);
  };
  const same = read(dirs[0]) === read(dirs[1]);
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  return same;
}

function table(title: string, module: string, what: string): void {
  console.log(`\n## ${title}: ${what}`);
  console.log(`same output as raw (N=3): ${sameOutput(module) ? 'yes' : 'NO - the comparison is not like for like'}`);
  console.log(
    '| N | library ms | raw ms | time ratio | library CPU ms | raw CPU ms | CPU ratio | library peak MiB | raw peak MiB | memory ratio |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of SIZES) {
    const { lib, raw } = measurePair(module, n);
    console.log(
      `| ${n} | ${lib.ms.toFixed(0)} | ${raw.ms.toFixed(0)} | ${(lib.ms / raw.ms).toFixed(2)} | ${lib.cpuMs.toFixed(0)} | ${raw.cpuMs.toFixed(0)} | ${(lib.cpuMs / raw.cpuMs).toFixed(2)} | ${lib.peakMiB.toFixed(0)} | ${raw.peakMiB.toFixed(0)} | ${(lib.peakMiB / raw.peakMiB).toFixed(2)} |`,
    );
  }
}

function examples(): void {
  console.log(
    '\n## Example apps as one node process each (median of the runs; TypeScript transpiled once and cached by scripts/run.js)',
  );
  console.log('| entry | writes | median ms |');
  console.log('|---|---|---:|');
  const entries: [string, string][] = [
    ['apps/main-k8s.ts', 'dist/ (Kubernetes manifests, Cilium values)'],
    ['apps/main-aws.ts', 'cdktf.out/ (Terraform)'],
    ['apps/main.ts', 'both (`npm run synth`)'],
  ];
  for (const [entry, writes] of entries) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-traffic-examples-'));
      const t0 = process.hrtime.bigint();
      execFileSync(process.execPath, [path.join(ROOT, 'scripts/run.js'), path.join(ROOT, entry)], {
        cwd: ROOT,
        env: { ...process.env, CDK8S_OUTDIR: path.join(outdir, 'dist'), CDKTF_OUTDIR: path.join(outdir, 'cdktf.out') },
        stdio: 'ignore',
      });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      fs.rmSync(outdir, { recursive: true, force: true });
    }
    console.log(`| \`${entry}\` | ${writes} | ${median(times).toFixed(0)} |`);
  }
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(
  `# cdk-traffic benchmark (node ${process.version}${NODE_FLAGS.length > 0 ? ` ${NODE_FLAGS.join(' ')}` : ''}, ${os.cpus().length} cores, ${RUNS} runs each, median)`,
);
console.log(`load average at start: ${load()}`);
table(
  'Kubernetes (cdk8s)',
  'bench/k8s.ts',
  'N services = ServiceAccount + Deployment + Service + PodDisruptionBudget each; raw = cdk8s ApiObjects',
);
if (fs.existsSync(path.join(ROOT, 'bench/aws.ts')))
  table('Terraform (cdktf)', 'bench/aws.ts', 'N target groups with listener rules; raw = cdktf provider resources');
examples();
console.log(`\nload average at end: ${load()}`);
