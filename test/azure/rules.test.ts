import { Duration } from 'cdk8s';
import { AgcRoute, Cloud, IExposure, LoadBalancerService, runRules, TrafficApp, TrafficProfile } from '../../lib';
import { web } from '../expose/support';

const streaming = { profile: TrafficProfile.STREAMING, maxStreamDuration: Duration.minutes(20) };
const findings = (expose: readonly IExposure[]) =>
  runRules(TrafficApp.define({ ...web, traffic: streaming, expose }).spec);

describe("traffic rules read the Azure layers' settings", () => {
  test('CT-TRAFFIC-040: an Azure Load Balancer TCP idle timeout shorter than the longest stream', () => {
    const f = findings([LoadBalancerService.create({ cloud: Cloud.aks({ idleTimeout: Duration.minutes(5) }) })]).find(
      (x) => x.ruleId === 'CT-TRAFFIC-040',
    );
    expect([f?.field, f?.value]).toEqual(['expose[0].cloud.idleTimeout', 300]);
    expect(
      findings([LoadBalancerService.create({ cloud: Cloud.aks() })]).some((x) => x.ruleId === 'CT-TRAFFIC-040'),
    ).toBe(false);
  });

  test('CT-TRAFFIC-043: an Application Gateway for Containers route timeout shorter than the longest stream', () => {
    const f = findings([AgcRoute.http({ parents: [{ name: 'p' }], routeTimeout: Duration.minutes(1) })]).find(
      (x) => x.ruleId === 'CT-TRAFFIC-043',
    );
    expect([f?.field, f?.value]).toEqual(['expose[0].routeTimeout', 60]);
  });
});
