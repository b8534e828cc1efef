"use client";

import { useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useTRPC } from "@/components/providers/trpc-provider";
import type { AppRouter } from "@/server/api/root";

export type UserRecord = inferRouterOutputs<AppRouter>["users"]["list"][number];

const byName = (a: UserRecord, b: UserRecord) => a.username.localeCompare(b.username);

/**
 * users.list is read from the server's watch cache, which can trail a write by a moment, so a refetch right
 * after a mutation may bring the old state back. The server has confirmed the write: apply it to the list here.
 */
export function useUsersCache() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.users.list.queryKey();
  return {
    add: (user: UserRecord) => queryClient.setQueryData(key, (old) => old && [...old.filter((u) => u.username !== user.username), user].sort(byName)),
    update: (username: string, patch: Partial<UserRecord>) =>
      queryClient.setQueryData(key, (old) => old?.map((u) => (u.username === username ? { ...u, ...patch } : u))),
  };
}
