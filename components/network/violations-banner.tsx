"use client";

import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc-provider";

/**
 * On every page for platform roles: the alarm when the network policy graph finds a tenant that can reach
 * another tenant or the platform. Pushed live; nothing is shown while there is none.
 */
export function ViolationsBanner() {
  const trpc = useTRPC();
  const sub = useSubscription(trpc.network.watchViolations.subscriptionOptions());
  const count = sub.data?.count ?? 0;
  if (!count) return null;
  return (
    <div role="alert" className="border-b border-alarm/40 bg-alarm/10">
      <p className="mx-auto max-w-6xl px-6 py-2 text-sm font-medium text-alarm">
        {count === 1 ? "1 isolation violation" : `${count} isolation violations`}: a tenant can reach another tenant or the platform.{" "}
        <Link href="/network" className="underline">See the network policy graph</Link>
      </p>
    </div>
  );
}
