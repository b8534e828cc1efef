"use client";

import { useTimeZone } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { TIME_ZONE_COOKIE } from "@/lib/i18n/locales";

/**
 * Dates are formatted in the time zone the server was given (i18n/request.ts), which is the server's own until
 * the browser tells it. This tells it once, through a cookie, and renders the page again with the user's zone.
 */
export function TimeZoneSync() {
  const serverZone = useTimeZone();
  const router = useRouter();
  useEffect(() => {
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const cookie = `${TIME_ZONE_COOKIE}=${browserZone}`;
    // Already sent and still not in force (a zone the server does not know): no refresh on every page load.
    if (!browserZone || browserZone === serverZone || document.cookie.split("; ").includes(cookie)) return;
    document.cookie = `${cookie}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }, [serverZone, router]);
  return null;
}
