import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IService } from 'kubernetes-models/v1/Service';
import type { AppSpec } from '../../model/app-spec';
import type { LbIpamServiceSpec } from '../../model/exposure/lb-ipam-service';
import { ciliumServiceAnnotations } from '../dataplane/cilium-service-annotations';
import { addObject } from '../api-object';
import { exposureMetadata, loadBalancerServiceSpec } from './exposure-object';

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
      apiVersion: 'v1',
      kind: 'Service',
      metadata: exposureMetadata(app, spec, ciliumServiceAnnotations(app)),
      spec: loadBalancerServiceSpec(app, spec, { loadBalancerClass: spec.loadBalancerClass }),
    });
  }
}
