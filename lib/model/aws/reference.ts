/**
 * References to values known only at apply time (cdktf tokens), in fields where the model expects an id,
 * ARN or CIDR: a certificate ARN from the user's `AcmCertificate`, a security group id from their VPC
 * stack. The model does not import cdktf; it recognises cdktf's string encoding of a token
 * (`${TfToken[...]}`, and `#{TfToken[...]}` for a list element), the encoding `Token.isUnresolved`
 * tests. Formats are checked on literal strings only; a reference passes through into the output.
 */
const TF_TOKEN = /[$#&]\{TfToken\[[^\]]*\]\}/;

/** Whether `value` is a string holding a cdktf reference (a token), whose value Terraform fills in. */
export function isTerraformReference(value: unknown): value is string {
  return typeof value === 'string' && TF_TOKEN.test(value);
}
