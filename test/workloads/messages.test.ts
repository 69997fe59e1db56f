import { Testing } from 'cdk8s';
import { DefinitionError, Mesh, TrafficApp, TrafficChart, Volume, LoadBalancerServiceExposure } from '../../lib';
import { base, lineFor, problemsOf } from '../declared/support';

// Issue 27 item 8: the messages that lost their hint, before -> after.
describe('error messages show the value received and keep their hint', () => {
  test('an enumeration error shows the value, not its type', () => {
    const lines = problemsOf([{ ...base, service: { sessionAffinity: 'Sticky' as never } }]);
    const l = lineFor(lines, 'web', 'service.sessionAffinity', '"Sticky"');
    expect(l).toContain('must be one of "None", "ClientIP" (got "Sticky")');
    expect(l).not.toContain('got a string');
  });

  test("service.type 'LoadBalancer' points to the LoadBalancer Service exposures", () => {
    const lines = problemsOf([{ ...base, service: { type: 'LoadBalancer' as never } }]);
    const l = lineFor(lines, 'web', 'service.type', '"LoadBalancer"');
    expect(l).toContain('(got "LoadBalancer")');
    expect(l).toContain('LoadBalancerServiceExposure.nlb(');
    expect(l).toContain('LbIpamService.create(');
  });

  test("Mesh.linkerd({ allowFrom: ['any-meshed'] }) says to write 'any-meshed' without the list", () => {
    const lines = problemsOf([{ ...base, expose: [Mesh.linkerd({ allowFrom: ['any-meshed'] as never })] }]);
    const l = lines.find((x) => x.includes('allowFrom'))!;
    expect(l).toContain('(got ["any-meshed"])');
    expect(l).toContain("`allowFrom: 'any-meshed'` (no list)");
    expect(lines.filter((x) => x.includes('allowFrom'))).toHaveLength(1);
  });

  test('a /tmp volume with writablePaths left at its default: one problem whose fix says writablePaths: []', () => {
    const lines = problemsOf([
      { ...base, volumes: { tmp: Volume.emptyDir() }, volumeMounts: [{ volume: 'tmp', path: '/tmp' }] },
    ]);
    const about = lines.filter((x) => x.includes('writablePaths'));
    expect(about).toHaveLength(1);
    expect(about[0]).toContain('defaults to ["/tmp"]');
    expect(about[0]).toContain('Fix: write `writablePaths: []`');
    // An explicit writablePaths keeps the message about its own entry.
    const explicit = problemsOf([
      {
        ...base,
        writablePaths: ['/tmp'],
        volumes: { scratch: Volume.emptyDir() },
        volumeMounts: [{ volume: 'scratch', path: '/tmp' }],
      },
    ]);
    expect(lineFor(explicit, 'web', 'writablePaths[0]', '"/tmp"')).toContain('is also a path of `volumeMounts`');
  });

  test('two charts writing the same object: the message names the other chart too', () => {
    const app = Testing.app();
    new TrafficChart(app, 'chart-a', {
      apps: [TrafficApp.define({ ...base, expose: [LoadBalancerServiceExposure.nlb()] })],
    });
    let error: unknown;
    try {
      new TrafficChart(app, 'chart-b', { apps: [TrafficApp.define({ ...base, name: 'web-nlb' })] }).toJson();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as Error).message).toMatch(
      /"web-nlb" in namespace shop is also written by app "web-nlb" .*\(across chart chart-a and chart chart-b\)/,
    );
  });
});
