"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { USER_COLUMNS, UserRow } from "@/components/users/user-row";

export function UserTable({ currentUser }: { currentUser: string }) {
  const trpc = useTRPC();
  const users = useQuery(trpc.users.list.queryOptions());
  if (users.isPending) {
    return (
      <div aria-busy="true" className="space-y-2">
        <span role="status" className="sr-only">Loading users…</span>
        <Skeleton className="h-10" />
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
  if (users.data.length === 0) return <p className="rounded-md border border-border p-6 text-fg-muted">No users yet. Create the first one below.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-surface-raised">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Users</caption>
        <thead className="text-fg-muted">
          <tr>{USER_COLUMNS.map((h) => <th key={h} scope="col" className="px-4 py-2 font-medium">{h}</th>)}</tr>
        </thead>
        <tbody>
          {users.data.map((u) => <UserRow key={u.username} user={u} isSelf={u.username === currentUser} />)}
        </tbody>
      </table>
    </div>
  );
}
