"use client";

import { useTranslations } from "next-intl";
import { StatusPill } from "@/components/ui/status-pill";
import type { CertificateState } from "@/lib/certificates/inventory";

const TONE = { ok: "ok", warning: "warn", critical: "alarm", expired: "alarm" } as const;

/** A certificate's state as a pill that names it (colour is never the only signal). */
export function CertificateStatePill({ state }: { state: CertificateState }) {
  const t = useTranslations("certificates.states");
  return <StatusPill tone={TONE[state]}>{t(state)}</StatusPill>;
}
