"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** The manifest as it will be created, to copy or download and apply with kubectl instead. */
export function StepReview({ yaml, name }: { yaml: string; name: string }) {
  const t = useTranslations("tenants.wizard.review");
  const [copied, setCopied] = useState(false);
  const file = `${name || "tenant"}.yaml`;
  const download = () => {
    const url = URL.createObjectURL(new Blob([yaml], { type: "application/yaml" }));
    Object.assign(document.createElement("a"), { href: url, download: file }).click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="space-y-3">
      <p className="text-sm">{t("intro")}</p>
      <pre aria-label={t("yaml")} className="overflow-x-auto rounded-md bg-surface-sunken p-3 font-mono text-xs">{yaml}</pre>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" variant="secondary" size="sm" onClick={() => void navigator.clipboard.writeText(yaml).then(() => setCopied(true))}>
          {copied ? t("copied") : t("copy")}
        </Button>
        <Button type="button" variant="secondary" size="sm" onClick={download}>{t("download", { file })}</Button>
        <span role="status" className="sr-only">{copied ? t("onClipboard") : ""}</span>
      </div>
      <p className="text-sm text-fg-muted">{t.rich("command", { file, code: (chunks) => <code className="font-mono">{chunks}</code> })}</p>
    </div>
  );
}
