"use client";

import { useTranslations } from "next-intl";
import { useRef } from "react";
import { StatusPill } from "@/components/ui/status-pill";

/**
 * Live-update connection state. Before the first connection the page shows fresh data from its own query, so
 * it only says "Connecting…"; once a connection was up and is lost, the data on screen may be stale, and says so.
 */
export function LiveIndicator({ status }: { status: "idle" | "connecting" | "pending" | "error" }) {
  const t = useTranslations("live");
  const wasLive = useRef(false);
  if (status === "pending") wasLive.current = true;
  if (status === "pending") return <StatusPill tone="ok" role="status">{t("live")}</StatusPill>;
  if (!wasLive.current && status !== "error") return <StatusPill tone="neutral" role="status">{t("connecting")}</StatusPill>;
  return (
    <StatusPill tone="warn" role="status">
      {t("stale", { state: status === "connecting" ? t("reconnecting") : t("offline") })}
    </StatusPill>
  );
}
