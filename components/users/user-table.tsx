"use client";

import { useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { ResourceTable } from "@/components/resource/resource-table";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusPill } from "@/components/ui/status-pill";
import { UserActions } from "@/components/users/user-actions";
import type { UserRecord } from "@/components/users/use-users-cache";

type T = ReturnType<typeof useTranslations<"users.table">>;
const columns = (currentUser: string, t: T): ColumnDef<UserRecord, unknown>[] => [
  {
    id: "name", accessorKey: "username", header: t("name"), enableHiding: false, meta: { rowHeader: true },
    // The row header's text is the user name alone; "(you)" is outside it for screen readers too.
    cell: ({ row: { original: u } }) => u.username,
  },
  {
    id: "roles", header: t("roles"), accessorFn: (u) => (u.source === "oidc" ? t("sso") : u.roles.join(", ")),
    cell: ({ row: { original: u } }) => u.source === "oidc" ? (
      <span>
        <StatusPill tone="neutral">{t("sso")}</StatusPill>
        <span className="mt-1 block text-xs text-fg-muted">{t("ssoRoles")}</span>
      </span>
    ) : <span className="font-mono text-xs">{u.roles.length ? u.roles.join(", ") : "–"}{u.username === currentUser && <span className="ml-2 font-sans text-fg-muted">{t("you")}</span>}</span>,
  },
  {
    id: "state", header: t("state"), accessorFn: (u) => (u.disabled ? t("disabled") : t("enabled")),
    cell: ({ row: { original: u } }) => <StatusPill tone={u.disabled ? "alarm" : "ok"}>{u.disabled ? t("disabled") : t("enabled")}</StatusPill>,
    meta: { facet: { label: t("state"), allLabel: t("allStates"), options: [t("enabled"), t("disabled")] } },
  },
];

export function UserTable({ currentUser }: { currentUser: string }) {
  const t = useTranslations("users.table");
  const trpc = useTRPC();
  const users = useQuery(trpc.users.list.queryOptions());
  const cols = useMemo(() => columns(currentUser, t), [currentUser, t]);
  if (users.isPending) {
    return (
      <div aria-busy="true" className="space-y-2">
        <span role="status" className="sr-only">{t("loading")}</span>
        <Skeleton className="h-10" />
        <Skeleton className="h-10" />
      </div>
    );
  }
  if (users.isError) {
    return (
      <div role="alert" className="space-y-3 rounded-md border border-alarm/40 bg-alarm/10 p-4 text-alarm">
        <p>{t("loadError", { message: users.error.message })}</p>
        <Button variant="secondary" size="sm" onClick={() => void users.refetch()}>{t("tryAgain")}</Button>
      </div>
    );
  }
  return (
    <ResourceTable label={t("label")} data={users.data} columns={cols} getRowId={(u) => u.username}
      search={{ label: t("search"), placeholder: t("searchPlaceholder") }} noun={t("noun")}
      rowActions={(u) => <UserActions user={u} isSelf={u.username === currentUser} />}
      empty={<p className="rounded-md border border-border p-6 text-fg-muted">{t("empty")}</p>} />
  );
}
