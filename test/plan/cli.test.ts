import * as os from 'os';
import * as path from 'path';
import { BASE, cli, copyOfBase, editStack, folderWith, removeTemporaryFolders } from './support';

afterAll(removeTemporaryFolders);

describe('cdk-traffic plan: bad input exits 1 naming the folder or file', () => {
  test.each([
    [
      'a folder that does not exist',
      () => path.join(os.tmpdir(), 'no-such-synth-output'),
      /no-such-synth-output: no such folder$/,
    ],
    [
      'a folder without synth output',
      () => folderWith({ 'README.md': '# not output\n', 'dist/x.traffic.md': 'map' }),
      /: no synth output \(no cdk8s manifest \*\.k8s\.yaml and no cdktf stack cdk\.tf\.json at any depth\)$/,
    ],
    [
      'a manifest file that is not YAML',
      () => folderWith({ 'dist/shop.k8s.yaml': 'kind: [Service\n' }),
      /dist\/shop\.k8s\.yaml: not YAML \(document 1: /,
    ],
    [
      'a manifest without kind',
      () =>
        folderWith({
          'dist/shop.k8s.yaml': 'kind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nmetadata:\n  name: b\n',
        }),
      /dist\/shop\.k8s\.yaml: document 2 is not a Kubernetes manifest \(no `kind`\)$/,
    ],
    [
      'a stack that is not JSON',
      () => folderWith({ 'cdktf.out/stacks/web/cdk.tf.json': '{ "resource": ' }),
      /cdktf\.out\/stacks\/web\/cdk\.tf\.json: not JSON \(/,
    ],
    [
      'a stack whose resources are not objects',
      () => folderWith({ 'cdktf.out/stacks/web/cdk.tf.json': '{ "resource": { "aws_lb": [1] } }' }),
      /cdk\.tf\.json: resource\.aws_lb is not an object$/,
    ],
  ])('%s', (_, folder, message) => {
    const head = folder();
    for (const [base, h] of [
      [BASE, head],
      [head, BASE],
    ]) {
      const run = cli('plan', base, h);
      expect(run.code).toBe(1);
      expect(run.out).toBe('');
      expect(run.err.trim()).toMatch(/^cdk-traffic plan: /);
      expect(run.err.trim()).toMatch(message);
      expect(run.err).toContain(head);
    }
  });

  test.each([
    [['plan', BASE], /expected two folders, <base> and <head> \(received 1: /],
    [['plan', BASE, BASE, BASE], /expected two folders, <base> and <head> \(received 3: /],
    [['diff', BASE, BASE], /unknown command "diff" \(the command is `plan`\)/],
    [['plan', BASE, BASE, '--format', 'html'], /--format must be one of text, markdown, json \(received html\)/],
    [['plan', BASE, BASE, '--fail-on'], /--fail-on must be one of info, caution, disruptive \(received nothing\)/],
    [
      ['plan', BASE, BASE, '--fail-on=warning'],
      /--fail-on must be one of info, caution, disruptive \(received warning\)/,
    ],
    [['plan', BASE, BASE, '--detailed'], /unknown option --detailed \(options: --format, --fail-on\)/],
  ])('usage mistake %j', (args, message) => {
    const run = cli(...args);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(message);
  });

  test('--help prints the usage with the exit codes', () => {
    const run = cli('--help');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^Usage: cdk-traffic plan <base> <head>/);
    expect(run.out).toContain('2  traffic changes at or above --fail-on');
  });
});

describe('cdk-traffic plan: formats and --fail-on', () => {
  const head = copyOfBase();
  editStack(head, 'inference', (s) => (s.resource.aws_lb.lb_ai_inference.idle_timeout = 60));

  test('--fail-on: exit 2 only for a change at or above the severity', () => {
    expect(cli('plan', BASE, head, '--fail-on', 'info').code).toBe(2);
    expect(cli('plan', BASE, head, '--fail-on=caution').code).toBe(2);
    const quiet = cli('plan', BASE, head, '--fail-on', 'disruptive');
    expect(quiet.code).toBe(0);
    expect(quiet.out).toContain('[caution] AWS (Terraform): aws_lb ai-inference: idle timeout: 600s -> 60s');
  });

  test('markdown: a table per app for a pull-request comment', () => {
    const md = cli('plan', BASE, head, '--format', 'markdown').out;
    expect(md.split('\n')).toEqual([
      '### Traffic plan',
      '',
      '1 traffic change(s) (0 disruptive, 1 caution, 0 info).',
      '',
      '#### ai/inference',
      '',
      '| severity | layer | object | setting | before | after |',
      '|---|---|---|---|---|---|',
      '| ⚠️ caution | AWS (Terraform) | aws_lb ai-inference | idle timeout<br>shorter (600s -> 60s): a stream or request longer than the new value is cut | `600s` | `60s` |',
      '',
    ]);
    expect(cli('plan', BASE, BASE, '--format', 'markdown').out).toBe('### Traffic plan\n\nno traffic changes\n');
  });

  test('json: versioned, the changes with before, after, severity and reason', () => {
    const json = JSON.parse(cli('plan', BASE, head, '--format', 'json').out);
    expect(json).toEqual({
      version: 1,
      base: BASE,
      head,
      appsAdded: [],
      appsRemoved: [],
      changes: [
        {
          app: 'ai/inference',
          layer: 'AWS (Terraform)',
          subject: 'aws_lb ai-inference',
          setting: 'idle timeout',
          severity: 'caution',
          reason: 'shorter (600s -> 60s): a stream or request longer than the new value is cut',
          before: '600s',
          after: '60s',
        },
      ],
    });
  });

  test('the Kubernetes output alone or the Terraform output alone: each planned on its own', () => {
    expect(cli('plan', path.join(BASE, 'terraform'), path.join(head, 'terraform')).out).toContain(
      '[caution] AWS (Terraform): aws_lb ai-inference: idle timeout: 600s -> 60s',
    );
    // Without the TargetGroupBindings the load balancer is reported under its own name.
    expect(cli('plan', path.join(BASE, 'terraform'), path.join(head, 'terraform')).out).toContain(
      'app load balancer ai-inference',
    );
    expect(cli('plan', path.join(BASE, 'k8s'), path.join(head, 'k8s'))).toEqual({
      code: 0,
      out: 'no traffic changes\n',
      err: '',
    });
  });
});
