import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '../..');

/** Every file under `dir` with a hash of its bytes, sorted. */
function tree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => `${path.relative(dir, f)} ${crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex')}`)
    .sort();
}

function run(work: string, entry: string) {
  return spawnSync(
    'node',
    ['scripts/run.js', '--out', `CDK8S_OUTDIR=${work}/dist`, '--out', `CDKTF_OUTDIR=${work}/cdktf.out`, entry],
    { cwd: ROOT, encoding: 'utf8' },
  );
}

describe('atomic synth (npm run synth)', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-traffic-synth-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('a failed synth leaves dist/ and cdktf.out/ byte-identical; a good one swaps both in', () => {
    // GIVEN a previous output
    fs.mkdirSync(path.join(work, 'dist'), { recursive: true });
    fs.mkdirSync(path.join(work, 'cdktf.out/stacks/old'), { recursive: true });
    fs.writeFileSync(path.join(work, 'dist/old.k8s.yaml'), 'kind: Old\n');
    fs.writeFileSync(path.join(work, 'cdktf.out/stacks/old/cdk.tf.json'), '{}\n');
    const before = [...tree(path.join(work, 'dist')), ...tree(path.join(work, 'cdktf.out'))];

    // WHEN a synth writes everything and then fails
    const failed = run(work, 'test/hardening/fixtures/failing-synth.ts');
    // THEN it exits non-zero, the previous output is as it was and no temporary folder is left
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain('synth failed after writing its output');
    expect([...tree(path.join(work, 'dist')), ...tree(path.join(work, 'cdktf.out'))]).toEqual(before);
    expect(fs.readdirSync(work).sort()).toEqual(['cdktf.out', 'dist']);

    // WHEN the real synth succeeds, THEN both folders are replaced (no stale file survives)
    const ok = run(work, 'apps/main.ts');
    expect(ok.status).toBe(0);
    expect(fs.existsSync(path.join(work, 'dist/old.k8s.yaml'))).toBe(false);
    expect(fs.existsSync(path.join(work, 'dist/nginx.k8s.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(work, 'cdktf.out/stacks/old'))).toBe(false);
    expect(fs.existsSync(path.join(work, 'cdktf.out/stacks/public-web/cdk.tf.json'))).toBe(true);
    expect(fs.readdirSync(work).sort()).toEqual(['cdktf.out', 'dist']);
  });
});
