import { IExposure, LbIpamService, LoadBalancerService, LoadBalancerServiceExposure, TrafficApp } from '../../lib';
import { lineFor, problemsOf, web } from '../expose/support';

/**
 * The three Service-of-type-LoadBalancer kinds share one resolution of what they have in common (name,
 * ports, source ranges, traffic policy, labels): one input, one verdict on each.
 */
const kinds: Record<string, (p: object) => IExposure> = {
  nlb: (p) => LoadBalancerServiceExposure.nlb(p),
  lbIpam: (p) => LbIpamService.create(p),
  cloud: (p) => LoadBalancerService.create(p),
};

describe('one verdict for what every LoadBalancer Service kind takes', () => {
  test.each(Object.keys(kinds))(
    "%s: source ranges (host bits set, not a CIDR, an empty list), an unknown traffic policy, no ports, the app Service's name",
    (kind) => {
      const make = kinds[kind];
      const lines = problemsOf({
        ...web,
        expose: [
          make({ sourceRanges: ['10.0.0.1/24', 'nope'], externalTrafficPolicy: 'Nowhere', ports: [], name: 'web' }),
          make({ name: 'web-2', sourceRanges: [] }),
        ],
      });
      expect(lineFor(lines, 'expose[0].sourceRanges[0]', '"10.0.0.1/24"', 'has host bits set')).toMatch(
        /^\[test\/web\] /,
      );
      lineFor(lines, 'expose[0].sourceRanges[1]', '"nope"', 'is not a CIDR block');
      lineFor(lines, 'expose[1].sourceRanges', '[]', 'an empty list means anywhere');
      lineFor(lines, 'expose[0].externalTrafficPolicy', '"Nowhere"', /must be/);
      lineFor(lines, 'expose[0].ports', '[]', 'a LoadBalancer Service needs at least one port');
      lineFor(lines, 'expose[0].name', '"web"', "is the name of the app's own Service");
    },
  );

  test('default names: <service>-nlb for the NLB, <service>-lb for the others, at most 63 characters', () => {
    const long = 'a'.repeat(63);
    const names = Object.values(kinds).map(
      (make) =>
        (TrafficApp.define({ ...web, name: long, expose: [make({})] }).spec.exposures[0] as unknown as { name: string })
          .name,
    );
    expect(names).toEqual([`${'a'.repeat(59)}-nlb`, `${'a'.repeat(60)}-lb`, `${'a'.repeat(60)}-lb`]);
  });
});
