import type { CertificateKind } from "@/lib/certificates/kamaji";

/** One certificate (or key pair) of the inventory: public facts only. */
export interface CertificateRecord {
  /** The tenant it belongs to; absent for the under cluster's own certificate. */
  tenant?: string;
  kind: CertificateKind;
  /** Where it is kept: "namespace/name" of its Secret (or ConfigMap for user certificates); "" when read elsewhere. */
  source: string;
  subject: string;
  issuer: string;
  sans: string[];
  serial: string;
  keyType: string;
  /** ISO time; for a key pair, when it was made (its Secret's creation). */
  notBefore: string;
  /** ISO time; absent for a key pair, which does not expire. */
  notAfter?: string;
  isCa: boolean;
  /** The user a console-issued certificate was made for. */
  user?: string;
}

export type CertificateState = "ok" | "warning" | "critical" | "expired";
export const CERTIFICATE_STATES: readonly CertificateState[] = ["ok", "warning", "critical", "expired"];

export interface ExpiryThresholds {
  /** A certificate with less than this left is in warning. */
  warningSeconds: number;
  criticalSeconds: number;
}
/** The platform policy's defaults: warning 30 days before the end, critical 7 days before. */
export const DEFAULT_THRESHOLDS: ExpiryThresholds = { warningSeconds: 30 * 86_400, criticalSeconds: 7 * 86_400 };

export interface ClassifiedCertificate extends CertificateRecord {
  state: CertificateState;
  /** Seconds until notAfter (negative once expired); absent for a key pair. */
  remainingSeconds?: number;
  /** Seconds since notBefore. */
  ageSeconds: number;
}

/** The state of a certificate that ends at `notAfter` (ms), at `now` (ms). A key pair (no end) is always ok. */
export function expiryState(notAfter: number | undefined, now: number, t: ExpiryThresholds = DEFAULT_THRESHOLDS): CertificateState {
  if (notAfter === undefined) return "ok";
  const left = (notAfter - now) / 1000;
  if (left <= 0) return "expired";
  if (left <= t.criticalSeconds) return "critical";
  if (left <= t.warningSeconds) return "warning";
  return "ok";
}

/** When the state of a certificate will next change (ms), so a view can redraw then; undefined when it never will. */
export function nextStateChange(notAfter: number | undefined, now: number, t: ExpiryThresholds = DEFAULT_THRESHOLDS): number | undefined {
  if (notAfter === undefined) return undefined;
  return [notAfter - t.warningSeconds * 1000, notAfter - t.criticalSeconds * 1000, notAfter].find((at) => at > now);
}

const RANK: Record<CertificateState, number> = { ok: 0, warning: 1, critical: 2, expired: 3 };

/** The worse of the states (expired > critical > warning > ok); ok for none. */
export const worstState = (states: Iterable<CertificateState>): CertificateState =>
  [...states].reduce<CertificateState>((w, s) => (RANK[s] > RANK[w] ? s : w), "ok");

/** Every record with its state, soonest end first (key pairs, which do not end, last), then by tenant and kind. */
export function classify(records: readonly CertificateRecord[], now: number, t: ExpiryThresholds = DEFAULT_THRESHOLDS): ClassifiedCertificate[] {
  return records
    .map((r) => {
      const end = r.notAfter ? Date.parse(r.notAfter) : undefined;
      return {
        ...r, state: expiryState(end, now, t),
        ...(end !== undefined ? { remainingSeconds: Math.round((end - now) / 1000) } : {}),
        ageSeconds: Math.max(0, Math.round((now - Date.parse(r.notBefore)) / 1000)),
      };
    })
    .sort((a, b) => (a.remainingSeconds ?? Infinity) - (b.remainingSeconds ?? Infinity)
      || (a.tenant ?? "").localeCompare(b.tenant ?? "") || a.kind.localeCompare(b.kind) || a.serial.localeCompare(b.serial));
}

export interface StateCounts { ok: number; warning: number; critical: number; expired: number }

export function countStates(certs: readonly { state: CertificateState }[]): StateCounts {
  const c: StateCounts = { ok: 0, warning: 0, critical: 0, expired: 0 };
  for (const x of certs) c[x.state]++;
  return c;
}

/** The inventory filters of the fleet view (and the CLI). */
export interface InventoryFilter { tenant?: string; kind?: CertificateKind; state?: CertificateState }

export const filterInventory = <T extends ClassifiedCertificate>(certs: readonly T[], f: InventoryFilter): T[] =>
  certs.filter((c) => (!f.tenant || c.tenant === f.tenant) && (!f.kind || c.kind === f.kind) && (!f.state || c.state === f.state));

/** Kinds of the tenant PKI that the records lack: an incomplete inventory is itself worth an alarm. */
export function missingKinds(records: readonly CertificateRecord[], expected: readonly CertificateKind[]): CertificateKind[] {
  const have = new Set(records.map((r) => r.kind));
  return expected.filter((k) => !have.has(k));
}

/** The thresholds a platform policy sets (durations such as "720h"), each falling back to its default. */
export function thresholdsFromPolicy(expiry: { warning?: string; critical?: string } | undefined, seconds: (d: string) => number | undefined): ExpiryThresholds {
  const warningSeconds = (expiry?.warning && seconds(expiry.warning)) || DEFAULT_THRESHOLDS.warningSeconds;
  const criticalSeconds = (expiry?.critical && seconds(expiry.critical)) || DEFAULT_THRESHOLDS.criticalSeconds;
  return { warningSeconds, criticalSeconds: Math.min(criticalSeconds, warningSeconds) };
}
