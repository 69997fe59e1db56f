import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { addObject } from '../api-object';
import type { AppSpec } from '../../model/app-spec';
import type { TerraformLoadBalancerSpec } from '../../model/aws/terraform-load-balancer';
import {
  TargetGroupBindingV1Beta1,
  TargetGroupBindingV1Beta1SpecIpAddressType,
  TargetGroupBindingV1Beta1SpecNetworkingIngressPortsPort,
  TargetGroupBindingV1Beta1SpecNetworkingIngressPortsProtocol,
  TargetGroupBindingV1Beta1SpecServiceRefPort,
  TargetGroupBindingV1Beta1SpecTargetType,
} from '../imports/aws-lbc';

/** Props of `TargetGroupBindings`. */
export interface TargetGroupBindingsProps {
  /** The resolved app. */
  readonly spec: AppSpec;
  /** The Terraform load balancer exposure whose target groups are bound. */
  readonly exposure: TerraformLoadBalancerSpec;
}

/**
 * The Kubernetes half of a Terraform-managed load balancer exposure: one `TargetGroupBinding`
 * (`elbv2.k8s.aws/v1beta1`, AWS Load Balancer Controller 2.11 or later) per target group, naming it by
 * its deterministic `targetGroupName` (the same name `LoadBalancerStack` writes) and pointing at the
 * app's Service (or the version's Service for canaries). Only plain values: no Terraform token.
 */
export class TargetGroupBindings extends Construct {
  /**
   * The bindings, by target group name: plain `ApiObject`s holding the generated class's manifest, so a JSON
   * patch is applied to the written form and kept (the generated class would re-map its int-or-string fields
   * after the patches and drop a patched `serviceRef.port`).
   */
  readonly bindings = new Map<string, ApiObject>();

  constructor(scope: Construct, id: string, props: TargetGroupBindingsProps) {
    super(scope, id);
    const app = props.spec;
    const e = props.exposure;
    {
      for (const tg of e.targetGroups) {
        if (this.bindings.has(tg.name)) continue;
        const ports = [...new Set([tg.port, tg.healthCheck.portNumber])];
        this.bindings.set(
          tg.name,
          addObject(this, tg.name, {
            ...TargetGroupBindingV1Beta1.manifest({
              metadata: {
                name: tg.name,
                namespace: app.namespace,
                labels: { ...app.labels, ...(tg.version ? { version: tg.version } : {}) },
                annotations: { ...app.annotations, 'cdk-traffic/load-balancer': e.loadBalancerName },
              },
              spec: {
                targetGroupName: tg.name,
                targetType: TargetGroupBindingV1Beta1SpecTargetType.IP,
                ipAddressType: TargetGroupBindingV1Beta1SpecIpAddressType.IPV4,
                serviceRef: {
                  name: tg.serviceName,
                  port: TargetGroupBindingV1Beta1SpecServiceRefPort.fromNumber(tg.servicePort),
                },
                networking:
                  e.securityGroupId === undefined
                    ? undefined
                    : {
                        ingress: [
                          {
                            from: [{ securityGroup: { groupId: e.securityGroupId } }],
                            ports: ports.map((port) => ({
                              port: TargetGroupBindingV1Beta1SpecNetworkingIngressPortsPort.fromNumber(port),
                              protocol: TargetGroupBindingV1Beta1SpecNetworkingIngressPortsProtocol.TCP,
                            })),
                          },
                        ],
                      },
              },
            }),
          }),
        );
      }
    }
  }
}
