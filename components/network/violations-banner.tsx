"use client";

import { useSubscription } from "@trpc/tanstack-react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc-provider";

/**
 * On every page for platform roles: the alarm when the network policy graph finds a tenant that can reach
 * another tenant or the platform. Pushed live; nothing is shown while there is none.
 */
export function ViolationsBanner() {
  const t = useTranslations("network.banner");
  const trpc = useTRPC();
  const sub = useSubscription(trpc.network.watchViolations.subscriptionOptions());
  const count = sub.data?.count ?? 0;
  if (!count) return null;
  return (
    <div role="alert" className="border-b border-alarm/40 bg-alarm/10">
      <p className="mx-auto max-w-6xl px-6 py-2 text-sm font-medium text-alarm">
        {t("message", { count })}{" "}
        <Link href="/network" className="underline">{t("link")}</Link>
      </p>
    </div>
  );
}
