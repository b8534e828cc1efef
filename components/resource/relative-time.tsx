"use client";

import { useFormatter, useNow } from "next-intl";
import { useSyncExternalStore } from "react";

const STEP_MS = 30_000;

// One clock for every relative time on the page: a table that mounts and unmounts rows while it scrolls must
// not start and stop a timer per row (in a long list that was a tenth of every scroll frame).
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let now = Date.now();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = Date.now();
    for (const l of listeners) l();
  }, STEP_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The shared clock's time; while nobody listens it moves on at most once a step, so a render reads one value. */
function snapshot(): number {
  if (!timer && Date.now() - now >= STEP_MS) now = Date.now();
  return now;
}

/**
 * "5 minutes ago" / "vor 5 Minuten", kept current; the exact date and time, in the user's locale and time zone,
 * is its title and its machine-readable dateTime. The first render uses the request's time (as the server
 * rendered it), then the page's shared clock.
 */
export function RelativeTime({ date, className }: { date: string; className?: string }) {
  const format = useFormatter();
  const initial = useNow();
  const tick = useSyncExternalStore(subscribe, snapshot, () => 0);
  const at = new Date(date);
  if (Number.isNaN(at.getTime())) return null;
  return (
    <time dateTime={date} title={format.dateTime(at, { dateStyle: "medium", timeStyle: "medium" })} className={className}>
      {format.relativeTime(at, tick ? new Date(tick) : initial)}
    </time>
  );
}
