import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IService } from 'kubernetes-models/v1/Service';
import type { AppSpec } from '../../model/app-spec';
import type { LbIpamServiceSpec } from '../../model/cilium/lb-ipam-service';
import { ciliumServiceAnnotations } from '../../model/cilium/service-annotations';
import { addObject, nonEmpty } from '../api-object';

/** Props of `AppLbIpamService`. */
export interface AppLbIpamServiceProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved exposure. */
  readonly spec: LbIpamServiceSpec;
}

/** A Service of type LoadBalancer served by Cilium LB IPAM, with the dataplane's Cilium annotations. */
export class AppLbIpamService extends Construct {
  /** The API object. */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: AppLbIpamServiceProps) {
    super(scope, id);
    const { app, spec } = props;
    this.apiObject = addObject<IService>(this, 'Resource', {
      apiVersion: 'v1', kind: 'Service',
      metadata: {
        name: spec.name, namespace: app.namespace,
        labels: { ...app.labels, ...spec.labels },
        annotations: nonEmpty({ ...app.annotations, ...spec.annotations, ...ciliumServiceAnnotations(app) }),
      },
      spec: {
        type: 'LoadBalancer',
        loadBalancerClass: spec.loadBalancerClass,
        selector: { ...app.selector },
        ports: spec.ports.map((p) => ({ name: p.name, protocol: p.protocol, port: p.port, targetPort: p.targetPort, appProtocol: p.appProtocol })),
        loadBalancerSourceRanges: spec.sourceRanges.length > 0 ? [...spec.sourceRanges] : undefined,
        externalTrafficPolicy: spec.externalTrafficPolicy,
      },
    });
  }
}
