import { Dataplane, EnvFrom, Probe, TrafficApp, TrafficAppProps, runRules } from '../../lib';
import { literalIps } from '../../lib/rules/pods/ct-traffic-060';

const base: TrafficAppProps = {
  name: 'web',
  namespace: 'shop',
  image: 'ghcr.io/acme/web:1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/health', { port: 'http' }),
};
const findings = (props: TrafficAppProps) =>
  runRules(TrafficApp.define(props).spec).filter((r) => r.ruleId === 'CT-TRAFFIC-060');

describe('CT-TRAFFIC-060: literal (Pod) IPs instead of a Service DNS name', () => {
  test('an IP in env, command and args is a warning naming the field, value and fix', () => {
    const found = findings({
      ...base,
      env: {
        BACKEND_URL: 'http://10.244.1.17:8080/api',
        DB: EnvFrom.secret('db', 'url'),
        NAME: 'api.shop.svc.cluster.local',
      },
      command: ['/app', '--peer=fd00::12'],
      args: ['--upstream', '172.16.0.9'],
    });
    expect(found.map((f) => [f.field, f.severity])).toEqual([
      ['env.BACKEND_URL', 'warning'],
      ['command[1]', 'warning'],
      ['args[1]', 'warning'],
    ]);
    expect(found[0].message).toContain('10.244.1.17');
    expect(found[0].fix).toContain('.svc.cluster.local');
  });

  test('a single private address in egress, but not a block or a public address', () => {
    const found = findings({
      ...base,
      dataplane: Dataplane.cilium({
        policy: { egress: [{ toCidrs: ['10.244.3.5/32', '10.0.0.0/8', '203.0.113.7/32'], ports: [{ port: 5432 }] }] },
      }),
    });
    expect(found.map((f) => f.value)).toEqual(['10.244.3.5/32']);
  });

  test('DNS names, versions, loopback and the metadata service are fine', () => {
    expect(
      findings({
        ...base,
        env: {
          A: 'http://api:8080',
          V: '1.2.3.4.5',
          L: '127.0.0.1',
          M: 'http://169.254.169.254/latest',
          T: '12:30:00',
        },
      }),
    ).toEqual([]);
    expect(literalIps('v1.2.3 and 999.1.1.1 and 2001:db8::1')).toEqual(['2001:db8::1']);
  });

  test('it can be acknowledged with a reason', () => {
    const r = runRules(
      TrafficApp.define({
        ...base,
        env: { PEER: '10.1.2.3' },
        traffic: { acknowledge: { 'CT-TRAFFIC-060': 'a fixed VIP of the on-prem database' } },
      }).spec,
    );
    expect(r.find((x) => x.ruleId === 'CT-TRAFFIC-060')?.acknowledged).toBe('a fixed VIP of the on-prem database');
  });
});
