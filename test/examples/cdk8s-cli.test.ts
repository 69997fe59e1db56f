import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

test('`cdk8s synth` works offline through cdk8s.yaml and writes the same files as the library program', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-cli-'));
  try {
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/cdk8s-cli/bin/cdk8s'), 'synth', '--no-check-upgrade', '--output', out],
      { cwd: ROOT, stdio: 'pipe', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } },
    );
    const files = fs
      .readdirSync(out)
      .filter((f) => f.endsWith('.k8s.yaml'))
      .sort();
    expect(files).toEqual(expect.arrayContaining(['nginx.k8s.yaml', 'readiness-probe.k8s.yaml']));
    expect(fs.readFileSync(path.join(out, 'nginx.k8s.yaml'), 'utf8')).toContain('name: nginx-deployment');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 60_000);
