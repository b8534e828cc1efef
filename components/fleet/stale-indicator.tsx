"use client";

import { useTranslations } from "next-intl";
import { useRef } from "react";
import { StatusPill } from "@/components/ui/status-pill";

/**
 * For a second live stream on a page that already has a live badge: silent while the stream is up or first
 * connecting, and says the data may be stale once a connection that was up is lost.
 */
export function StaleIndicator({ status }: { status: "idle" | "connecting" | "pending" | "error" }) {
  const t = useTranslations("live");
  const wasLive = useRef(false);
  if (status === "pending") wasLive.current = true;
  if (status === "pending" || !wasLive.current) return null;
  return (
    <StatusPill tone="warn" role="status">
      {t("stale", { state: status === "connecting" ? t("reconnecting") : t("offline") })}
    </StatusPill>
  );
}
