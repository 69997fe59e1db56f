import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IService } from 'kubernetes-models/v1/Service';
import type { AppSpec } from '../../model/app-spec';
import type { CloudLoadBalancerServiceSpec } from '../../model/exposure/cloud-load-balancer-service';
import { ciliumServiceAnnotations } from '../dataplane/cilium-service-annotations';
import { addObject } from '../api-object';
import { exposureMetadata, loadBalancerServiceSpec } from './exposure-object';
import { gkeServiceAnnotations } from '../gcp/service-annotations';
import { aksServiceAnnotations } from '../azure/service-annotations';

/** Props of `AppCloudLoadBalancerService`. */
export interface AppCloudLoadBalancerServiceProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved exposure. */
  readonly spec: CloudLoadBalancerServiceSpec;
}

/** A plain Service of type LoadBalancer, with the cloud part's annotations (GKE, AKS) when it has one. */
export class AppCloudLoadBalancerService extends Construct {
  /** The API object. */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: AppCloudLoadBalancerServiceProps) {
    super(scope, id);
    const { app, spec } = props;
    const c = spec.cloud;
    const cloudAnnotations =
      c === undefined ? {} : c.cloud === 'gke' ? gkeServiceAnnotations(c) : aksServiceAnnotations(c);
    this.apiObject = addObject<IService>(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: exposureMetadata(app, spec, { ...cloudAnnotations, ...ciliumServiceAnnotations(app) }),
      spec: loadBalancerServiceSpec(app, spec, {
        loadBalancerClass: spec.loadBalancerClass,
        allocateLoadBalancerNodePorts: spec.allocateLoadBalancerNodePorts,
        ipFamilies: spec.ipFamilies ? [...spec.ipFamilies] : undefined,
        ipFamilyPolicy: spec.ipFamilyPolicy,
      }),
    });
  }
}
