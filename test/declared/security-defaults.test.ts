import { PodSecurity, TrafficApp } from '../../lib';
import { all, one, synthApp, synthApps } from '../support/k8s';
import { base, lineFor, problemsOf } from './support';

describe('a numeric user and group by default (images whose USER is a name or root still start)', () => {
  test('GIVEN no security WHEN synthesized THEN the pods run as 65532:65532 with fsGroup 65532', () => {
    const pod = one(synthApp(base), 'Deployment').spec.template.spec;
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('GIVEN a canary THEN the pod template of every version gets the same ids', () => {
    const objects = synthApps([
      TrafficApp.define({ ...base, versions: { v2: { image: 'ghcr.io/acme/web:2.0.0', weight: 10 } } }),
    ]);
    const templates = all(objects, 'Deployment').map((d) => d.spec.template.spec.securityContext);
    expect(templates).toHaveLength(2);
    for (const t of templates) expect(t).toMatchObject({ runAsUser: 65532, runAsGroup: 65532 });
  });

  test('GIVEN ids of its own THEN they are written; "image" keeps the image\'s user and group', () => {
    const own = one(
      synthApp({ ...base, security: PodSecurity.restricted({ runAsUser: 10001, runAsGroup: 2000 }) }),
      'Deployment',
    );
    expect(own.spec.template.spec.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 2000, fsGroup: 2000 });
    const image = one(
      synthApp({ ...base, security: PodSecurity.restricted({ runAsUser: 'image', runAsGroup: 'image' }) }),
      'Deployment',
    ).spec.template.spec.securityContext;
    expect(image).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('GIVEN baseline THEN no ids are written', () => {
    const sc = one(
      synthApp({ ...base, security: PodSecurity.baseline({ reason: 'the upstream image runs as root' }) }),
      'Deployment',
    ).spec.template.spec.securityContext;
    expect(sc).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('GIVEN root, a fraction or a word THEN one problem each with a fix naming the default', () => {
    const lines = problemsOf([
      { ...base, security: PodSecurity.restricted({ runAsUser: 0, runAsGroup: 1.5 }) },
      { ...base, name: 'api', security: PodSecurity.restricted({ runAsUser: 'root' as unknown as number }) },
    ]);
    expect(lineFor(lines, 'web', 'security.runAsUser', '0')).toContain('65532');
    lineFor(lines, 'web', 'security.runAsGroup', '1.5');
    expect(lines.some((l) => l.startsWith('[test/api]') && l.includes('security') && l.includes('"root"'))).toBe(true);
  });
});
