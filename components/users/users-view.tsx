"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Card } from "@/components/ui/card";
import { CreateUserForm } from "@/components/users/create-user-form";
import { DisableSsoUserForm } from "@/components/users/disable-sso-user-form";
import { UserTable } from "@/components/users/user-table";

export function UsersView({ currentUser }: { currentUser: string }) {
  const t = useTranslations("users");
  const trpc = useTRPC();
  // The same query as the table's (one request): the form refuses names that are disabled already.
  const users = useQuery(trpc.users.list.queryOptions());
  const disabled = new Set((users.data ?? []).filter((u) => u.disabled).map((u) => u.username));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-fg-muted">{t("intro")}</p>
      </div>
      <UserTable currentUser={currentUser} />
      <Card>
        <CreateUserForm />
      </Card>
      <Card>
        <DisableSsoUserForm currentUser={currentUser} disabledNames={disabled} />
      </Card>
    </div>
  );
}
