"use client";

import { useFormatter, useNow } from "next-intl";

/**
 * "5 minutes ago" / "vor 5 Minuten", kept current; the exact date and time, in the user's locale and time zone,
 * is its title and its machine-readable dateTime.
 */
export function RelativeTime({ date, className }: { date: string; className?: string }) {
  const format = useFormatter();
  const now = useNow({ updateInterval: 30_000 });
  const at = new Date(date);
  if (Number.isNaN(at.getTime())) return null;
  return (
    <time dateTime={date} title={format.dateTime(at, { dateStyle: "medium", timeStyle: "medium" })} className={className}>
      {format.relativeTime(at, now)}
    </time>
  );
}
