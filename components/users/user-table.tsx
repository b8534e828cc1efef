"use client";

import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { ResourceTable } from "@/components/resource/resource-table";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusPill } from "@/components/ui/status-pill";
import { UserActions } from "@/components/users/user-actions";
import type { UserRecord } from "@/components/users/use-users-cache";

const columns = (currentUser: string): ColumnDef<UserRecord, unknown>[] => [
  {
    id: "name", accessorKey: "username", header: "Name", enableHiding: false, meta: { rowHeader: true },
    // The row header's text is the user name alone; "(you)" is outside it for screen readers too.
    cell: ({ row: { original: u } }) => u.username,
  },
  {
    id: "roles", header: "Roles", accessorFn: (u) => (u.source === "oidc" ? "single sign-on" : u.roles.join(", ")),
    cell: ({ row: { original: u } }) => u.source === "oidc" ? (
      <span>
        <StatusPill tone="neutral">single sign-on</StatusPill>
        <span className="mt-1 block text-xs text-fg-muted">Roles from their groups at each sign-in</span>
      </span>
    ) : <span className="font-mono text-xs">{u.roles.length ? u.roles.join(", ") : "–"}{u.username === currentUser && <span className="ml-2 font-sans text-fg-muted">(you)</span>}</span>,
  },
  {
    id: "state", header: "State", accessorFn: (u) => (u.disabled ? "Disabled" : "Enabled"),
    cell: ({ row: { original: u } }) => <StatusPill tone={u.disabled ? "alarm" : "ok"}>{u.disabled ? "Disabled" : "Enabled"}</StatusPill>,
    meta: { facet: { label: "State", allLabel: "All states", options: ["Enabled", "Disabled"] } },
  },
];

export function UserTable({ currentUser }: { currentUser: string }) {
  const trpc = useTRPC();
  const users = useQuery(trpc.users.list.queryOptions());
  const cols = useMemo(() => columns(currentUser), [currentUser]);
  if (users.isPending) {
    return (
      <div aria-busy="true" className="space-y-2">
        <span role="status" className="sr-only">Loading users…</span>
        <Skeleton className="h-10" />
        <Skeleton className="h-10" />
      </div>
    );
  }
  if (users.isError) {
    return (
      <div role="alert" className="space-y-3 rounded-md border border-alarm/40 bg-alarm/10 p-4 text-alarm">
        <p>Could not load users: {users.error.message}</p>
        <Button variant="secondary" size="sm" onClick={() => void users.refetch()}>Try again</Button>
      </div>
    );
  }
  return (
    <ResourceTable label="Users" data={users.data} columns={cols} getRowId={(u) => u.username}
      search={{ label: "Search users", placeholder: "Search users…" }} noun="users"
      rowActions={(u) => <UserActions user={u} isSelf={u.username === currentUser} />}
      empty={<p className="rounded-md border border-border p-6 text-fg-muted">No users yet. Create the first one below.</p>} />
  );
}
