"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { showMutationError } from "@/components/resource/use-mutation-errors";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { KUBECONFIG_TTLS } from "@/lib/schemas/tenant";

/** Issues a kubeconfig with a fresh short-lived certificate and offers it as a download and for copying. */
export function KubeconfigDownload({ name, disabled }: { name: string; disabled: boolean }) {
  const trpc = useTRPC();
  const [ttl, setTtl] = useState(8);
  const [copied, setCopied] = useState(false);
  const issue = useMutation(trpc.tenants.kubeconfig.mutationOptions({ onError: (e) => showMutationError(e, { title: "Could not issue a kubeconfig" }) }));
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
          <Label htmlFor="kc-ttl" className="font-normal text-fg-muted">Certificate lifetime</Label>
          <NativeSelect id="kc-ttl" value={ttl} onChange={(e) => setTtl(Number(e.target.value))}>
            {KUBECONFIG_TTLS.map((h) => <option key={h} value={h}>{h} h</option>)}
          </NativeSelect>
        </div>
        <Button
          disabled={disabled || issue.isPending}
          onClick={() => issue.mutate({ name, ttlHours: ttl }, { onSuccess: (r) => download(r.kubeconfig, r.fileName) })}
        >
          {issue.isPending ? "Issuing…" : "Download kubeconfig"}
        </Button>
        {issue.data && (
          <Button variant="secondary" onClick={() => void navigator.clipboard.writeText(issue.data.kubeconfig).then(() => setCopied(true))}>
            {copied ? "Copied" : "Copy to clipboard"}
          </Button>
        )}
      </div>
      {issue.data && <p className="text-sm text-fg-muted" role="status">Issued; the certificate expires {new Date(issue.data.expiresAt).toLocaleString()}.</p>}
      {disabled && <p className="text-sm text-fg-muted">Available once the tenant is Ready.</p>}
    </div>
  );
}
