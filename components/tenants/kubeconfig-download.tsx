"use client";

import { useMutation } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { KUBECONFIG_TTLS } from "@/lib/schemas/tenant";

/** Issues a kubeconfig with a fresh short-lived certificate and offers it as a download and for copying. */
export function KubeconfigDownload({ name, disabled }: { name: string; disabled: boolean }) {
  const t = useTranslations("tenants.kubeconfig");
  const format = useFormatter();
  const trpc = useTRPC();
  const [ttl, setTtl] = useState(8);
  const [copied, setCopied] = useState(false);
  const issue = useMutation(trpc.tenants.kubeconfig.mutationOptions({ onError: (e) => showMutationError(e, { title: t("failed") }) }));
  const download = (text: string, file: string) => {
    const url = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
    const a = Object.assign(document.createElement("a"), { href: url, download: file });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <Label htmlFor="kc-ttl" className="font-normal text-fg-muted">{t("lifetime")}</Label>
          <NativeSelect id="kc-ttl" value={ttl} onChange={(e) => setTtl(Number(e.target.value))}>
            {KUBECONFIG_TTLS.map((h) => <option key={h} value={h}>{t("hours", { h })}</option>)}
          </NativeSelect>
        </div>
        <Button
          disabled={disabled || issue.isPending}
          onClick={() => issue.mutate({ name, ttlHours: ttl }, { onSuccess: (r) => download(r.kubeconfig, r.fileName) })}
        >
          {issue.isPending ? t("issuing") : t("download")}
        </Button>
        {issue.data && (
          <Button variant="secondary" onClick={() => void navigator.clipboard.writeText(issue.data.kubeconfig).then(() => setCopied(true))}>
            {copied ? t("copied") : t("copy")}
          </Button>
        )}
      </div>
      {issue.data && <p className="text-sm text-fg-muted" role="status">{t("issued", { expires: format.dateTime(new Date(issue.data.expiresAt), { dateStyle: "medium", timeStyle: "short" }) })}</p>}
      {disabled && <p className="text-sm text-fg-muted">{t("notReady")}</p>}
    </div>
  );
}
