import {
  ALB_INGRESS_ANNOTATIONS,
  annotationValueError,
  lookupAwsAnnotation,
  SERVICE_ANNOTATIONS,
} from '../../lib/model/aws/lb-controller-annotations';

describe('the table of documented AWS Load Balancer Controller annotations (v3.5.0)', () => {
  test.each([
    'alb.ingress.kubernetes.io/scheme',
    'alb.ingress.kubernetes.io/group.order',
    'alb.ingress.kubernetes.io/actions.weighted-80',
    'alb.ingress.kubernetes.io/listener-attributes.HTTPS-443',
    'alb.ingress.kubernetes.io/conditions.rule-path1',
    'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type',
    'service.beta.kubernetes.io/aws-load-balancer-listener-attributes.TCP-80',
    'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes.3306',
    'service.beta.kubernetes.io/load-balancer-source-ranges',
  ])('%s is documented', (key) => {
    expect(lookupAwsAnnotation(key)).toBeDefined();
  });

  test.each([
    'alb.ingress.kubernetes.io/healthcheck-enabled',
    'alb.ingress.kubernetes.io/listener-attributes.TCP-80',
    'alb.ingress.kubernetes.io/ssl-ports',
    'service.beta.kubernetes.io/aws-load-balancer-healthcheck-interval-seconds',
    'service.beta.kubernetes.io/aws-load-balancer-ssl-policy',
    'example.com/other',
  ])('%s is not', (key) => {
    expect(lookupAwsAnnotation(key)).toBeUndefined();
  });

  test('the deprecated Service annotations are marked, with their replacement', () => {
    const deprecated = Object.entries(SERVICE_ANNOTATIONS)
      .filter(([, d]) => d.deprecatedInFavorOf)
      .map(([k]) => k)
      .sort();
    expect(deprecated).toEqual([
      'aws-load-balancer-access-log-enabled',
      'aws-load-balancer-access-log-s3-bucket-name',
      'aws-load-balancer-access-log-s3-bucket-prefix',
      'aws-load-balancer-cross-zone-load-balancing-enabled',
      'aws-load-balancer-internal',
    ]);
    expect(SERVICE_ANNOTATIONS['aws-load-balancer-type'].deprecatedValues).toHaveProperty('nlb-ip');
    expect(Object.values(ALB_INGRESS_ANNOTATIONS).filter((d) => d.deprecatedInFavorOf)).toEqual([]);
  });

  test.each([
    ['alb.ingress.kubernetes.io/ssl-redirect', '443', undefined],
    ['alb.ingress.kubernetes.io/ssl-redirect', 'yes', 'must be a whole number written as a string, e.g. "10"'],
    ['alb.ingress.kubernetes.io/listen-ports', '[{"HTTPS":443}]', undefined],
    ['alb.ingress.kubernetes.io/listen-ports', '[{HTTPS:443}]', 'must be valid JSON'],
    ['alb.ingress.kubernetes.io/target-type', 'pod', 'must be one of instance, ip'],
    ['alb.ingress.kubernetes.io/shield-advanced-protection', 'on', 'must be "true" or "false"'],
    ['alb.ingress.kubernetes.io/tags', 'team=a,env=prod', undefined],
    ['alb.ingress.kubernetes.io/tags', 'team', 'must be a list of key=value pairs separated by commas'],
    ['service.beta.kubernetes.io/aws-load-balancer-proxy-protocol', '*', undefined],
  ])('%s: %p -> %p', (key, value, error) => {
    expect(annotationValueError(lookupAwsAnnotation(key)!, value)).toBe(error);
  });
});
