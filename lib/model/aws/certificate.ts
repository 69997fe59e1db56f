import { Problems } from '../problems';
import { isTerraformReference } from './reference';

/** A TLS certificate for a Terraform-managed listener, resolved. */
export type CertificateSpec =
  | { readonly kind: 'arn'; readonly arn: string }
  | { readonly kind: 'acm-dns'; readonly domainName?: string; readonly alternativeNames: readonly string[] };

const ACM_ARN = /^arn:aws[a-z-]*:(acm|iam):[a-z0-9-]*:\d{12}:(certificate\/[A-Za-z0-9-]+|server-certificate\/.+)$/;

/**
 * The certificate of an HTTPS or TLS listener.
 *
 * ```ts
 * Certificate.fromArn('arn:aws:acm:eu-west-1:123456789012:certificate/0d2e...')
 * Certificate.dnsValidated()   // a new ACM certificate for the exposure's hosts, validated in Route 53
 * ```
 */
export class Certificate {
  /**
   * An existing ACM (or IAM) certificate: its ARN, or a cdktf reference to one (`cert.arn`).
   * @example
   * TerraformLoadBalancer.alb({
   *   hosts: ['www.example.com'],
   *   certificate: Certificate.fromArn('arn:aws:acm:eu-west-1:123456789012:certificate/1a2b3c4d-5e6f-4a0b-9c8d-7e6f5a4b3c2d'),
   * });
   */
  static fromArn(arn: string): Certificate {
    return new Certificate({ kind: 'arn', arn });
  }

  /**
   * A new ACM certificate validated by DNS records in the stack's hosted zone. Exposures that share a
   * load balancer share one certificate covering all their hosts.
   * @param options.domainName the certificate's main name (default: the exposure's first host)
   * @param options.alternativeNames extra names (default: the exposure's other hosts)
   * @example
   * TerraformLoadBalancer.alb({ hosts: ['www.example.com'], certificate: Certificate.dnsValidated() });
   */
  static dnsValidated(
    options: { readonly domainName?: string; readonly alternativeNames?: readonly string[] } = {},
  ): Certificate {
    // A non-list is kept as given, so the input check reports it once instead of one name per character.
    const names = options?.alternativeNames ?? [];
    return new Certificate({
      kind: 'acm-dns',
      domainName: options?.domainName,
      alternativeNames: Array.isArray(names) ? [...names] : names,
    });
  }

  private constructor(
    /** The certificate, as given. */
    public readonly spec: CertificateSpec,
  ) {}

  /** Checks the certificate; `hosts` fill in the names of a DNS-validated one. */
  resolve(problems: Problems, field: string, hosts: readonly string[]): CertificateSpec {
    const s = this.spec;
    if (s.kind === 'arn') {
      if (typeof s.arn !== 'string' || !(ACM_ARN.test(s.arn) || isTerraformReference(s.arn))) {
        problems.add(
          field,
          s.arn,
          'is not a certificate ARN',
          'use an ACM certificate ARN such as "arn:aws:acm:eu-west-1:123456789012:certificate/<id>", or Certificate.dnsValidated()',
        );
      }
      return s;
    }
    const names =
      s.domainName !== undefined ? [s.domainName, ...s.alternativeNames] : [...hosts, ...s.alternativeNames];
    if (names.length === 0) {
      problems.add(
        field,
        undefined,
        'a DNS-validated certificate needs a domain name, and the exposure lists no hosts',
        'give `hosts`, or Certificate.dnsValidated({ domainName: "www.example.com" })',
      );
    }
    return {
      kind: 'acm-dns',
      domainName: names[0],
      alternativeNames: [...new Set(names.slice(1))].filter((n) => n !== names[0]),
    };
  }
}
