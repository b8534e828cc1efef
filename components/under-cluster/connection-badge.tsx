"use client";

import { useFormatter, useTranslations } from "next-intl";
import { StatusPill } from "@/components/ui/status-pill";

const TONE = { connected: "ok", connecting: "warn", disconnected: "alarm", unconfigured: "alarm" } as const;

export function ConnectionBadge({ connection, since }: { connection: keyof typeof TONE; since: string }) {
  const t = useTranslations("underCluster.connection");
  const format = useFormatter();
  return (
    <span role="status" aria-live="polite" data-testid="connection-state">
      <StatusPill tone={TONE[connection]} title={t("since", { since: format.dateTime(new Date(since), { dateStyle: "medium", timeStyle: "medium" }) })}>
        {t(connection)}
      </StatusPill>
    </span>
  );
}
