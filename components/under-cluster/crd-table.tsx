"use client";

import { useTranslations } from "next-intl";
import { StatusPill } from "@/components/ui/status-pill";

interface Crd {
  name: string;
  group: string;
  kind: string;
  scope: string;
  versions: { name: string; served: boolean; storage: boolean }[];
  established: boolean;
}

export function CrdTable({ crds, synced }: { crds: Crd[]; synced: boolean }) {
  const t = useTranslations("underCluster.crds");
  if (!synced) return <p className="text-sm text-fg-muted">{t("loading")}</p>;
  if (crds.length === 0) return <p className="text-sm text-fg-muted">{t("none", { command: "npx kmetal up" })}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t("caption")}</caption>
        <thead className="text-fg-muted">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">{t("kind")}</th>
            <th scope="col" className="py-2 pr-4 font-medium">{t("group")}</th>
            <th scope="col" className="py-2 pr-4 font-medium">{t("versions")}</th>
            <th scope="col" className="py-2 pr-4 font-medium">{t("scope")}</th>
            <th scope="col" className="py-2 font-medium">{t("state")}</th>
          </tr>
        </thead>
        <tbody>
          {crds.map((c) => (
            <tr key={c.name} className="border-t border-border">
              <td className="py-2 pr-4 font-medium">{c.kind}</td>
              <td className="py-2 pr-4 font-mono text-xs">{c.group}</td>
              <td className="py-2 pr-4 font-mono text-xs">
                {c.versions.filter((v) => v.served).map((v) => (v.storage ? `${v.name}*` : v.name)).join(", ")}
              </td>
              <td className="py-2 pr-4">{c.scope}</td>
              <td className="py-2">
                <StatusPill tone={c.established ? "ok" : "warn"}>{c.established ? t("established") : t("pending")}</StatusPill>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
