import type { CertificateRecord } from "@/lib/certificates/inventory";

/** Label of the ConfigMaps (in the console's namespace) that record a user certificate the console issued; its value is the tenant. */
export const USER_CERTIFICATE_LABEL = "kmetal.io/user-certificate";

/** A record of one issued user certificate: public facts only (the key never left the download). */
export interface UserCertificateRecord {
  metadata: { name?: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> };
  data?: { serial?: string; subject?: string; issuer?: string; tenant?: string; user?: string; notBefore?: string; notAfter?: string; keyType?: string };
}

/** The record's certificate, or undefined when the record is incomplete. */
export function userCertificateOf(r: UserCertificateRecord): CertificateRecord | undefined {
  const d = r.data;
  if (!d?.serial || !d.tenant || !d.notAfter || !d.notBefore) return undefined;
  return {
    tenant: d.tenant, kind: "user", source: `${r.metadata.namespace}/${r.metadata.name}`, subject: d.subject ?? "", issuer: d.issuer ?? "", sans: [],
    serial: d.serial, keyType: d.keyType ?? "", notBefore: d.notBefore, notAfter: d.notAfter, isCa: false, user: d.user,
  };
}
