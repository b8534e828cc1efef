"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** The manifest as it will be created, to copy or download and apply with kubectl instead. */
export function StepReview({ yaml, name }: { yaml: string; name: string }) {
  const [copied, setCopied] = useState(false);
  const file = `${name || "tenant"}.yaml`;
  const download = () => {
    const url = URL.createObjectURL(new Blob([yaml], { type: "application/yaml" }));
    Object.assign(document.createElement("a"), { href: url, download: file }).click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="space-y-3">
      <p className="text-sm">This Tenant will be created; the reconciler derives everything else from it.</p>
      <pre aria-label="Tenant YAML" className="overflow-x-auto rounded-md bg-surface-sunken p-3 font-mono text-xs">{yaml}</pre>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" variant="secondary" size="sm" onClick={() => void navigator.clipboard.writeText(yaml).then(() => setCopied(true))}>
          {copied ? "Copied" : "Copy YAML"}
        </Button>
        <Button type="button" variant="secondary" size="sm" onClick={download}>Download {file}</Button>
        <span role="status" className="sr-only">{copied ? "The YAML is on the clipboard" : ""}</span>
      </div>
      <p className="text-sm text-fg-muted">Equivalent command: <code className="font-mono">kubectl apply -f {file}</code></p>
    </div>
  );
}
