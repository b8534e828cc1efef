"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { compareVersions } from "@/lib/schemas/tenant";

/** Offers only newer versions the platform policy allows. */
export function UpgradeTenant({ name, version }: { name: string; version: string }) {
  const t = useTranslations("tenants.upgrade");
  const trpc = useTRPC();
  const policy = useQuery(trpc.tenants.policy.queryOptions());
  const upgrade = useMutation(trpc.tenants.upgrade.mutationOptions({
    onSuccess: (_d, v) => toast.success(t("started", { name, version: v.version })),
    onError: (e) => showMutationError(e, { title: t("failed", { name }) }),
  }));
  const newer = (policy.data?.allowedVersions ?? []).filter((v) => compareVersions(v, version) > 0).sort(compareVersions);
  const [target, setTarget] = useState("");
  if (policy.isPending) return <p className="text-sm text-fg-muted">{t("loading")}</p>;
  if (newer.length === 0) return <p className="text-sm text-fg-muted">{t("newest", { version })}</p>;
  return (
    <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => { e.preventDefault(); upgrade.mutate({ name, version: target || newer[0]! }); }}>
      <div>
        <Label htmlFor="upgrade-to" className="font-normal text-fg-muted">{t("to")}</Label>
        <NativeSelect id="upgrade-to" value={target || newer[0]} onChange={(e) => setTarget(e.target.value)}>
          {newer.map((v) => <option key={v}>{v}</option>)}
        </NativeSelect>
      </div>
      <Button type="submit" variant="secondary" disabled={upgrade.isPending}>{upgrade.isPending ? t("pending") : t("submit")}</Button>
      <p className="w-full text-xs text-fg-muted">{t("order")}</p>
    </form>
  );
}
