"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { ObjectLink } from "@/components/network/object-yaml";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { StatusPill } from "@/components/ui/status-pill";
import { OTHER_TENANT, nodeLabel, type DrawEdge } from "@/lib/network/drawing";

/**
 * The selected edge: verdict, ports, one-way, whether it is a violation or excepted, and every reason (object,
 * field path, effect, detail), each object a link to its YAML. The full edge, deny edges included, comes from
 * network.edge; an edge to "another tenant" (tenant roles) shows what the view already holds.
 */
export function EdgeDetails({ edge, onClose, onExcept }: { edge: Pick<DrawEdge, "id" | "from" | "to"> & Partial<DrawEdge>; onClose: () => void; onExcept?: (from: string, to: string) => void }) {
  const t = useTranslations("network.edge");
  const trpc = useTRPC();
  const named = edge.from !== OTHER_TENANT && edge.to !== OTHER_TENANT;
  const full = useQuery({ ...trpc.network.edge.queryOptions({ from: edge.from, to: edge.to }), enabled: named });
  const e = full.data ?? (edge.verdict ? { ...edge, verdict: edge.verdict, reasons: edge.reasons ?? [] } : undefined);
  const violation = !!edge.violation && !full.data?.excepted;
  const excepted = !!(full.data?.excepted ?? edge.excepted);
  return (
    <Card aria-labelledby="edge-title" className="space-y-3">
      <div className="flex items-start justify-between gap-2">
        <CardTitle id="edge-title">{t("title", { from: nodeLabel(edge.from), to: nodeLabel(edge.to) })}</CardTitle>
        <Button size="sm" variant="ghost" onClick={onClose} aria-label={t("close")}>×</Button>
      </div>
      {!e && full.isPending ? <Skeleton className="h-24" aria-busy="true" aria-label={t("loading")} />
        : !e ? <p role="alert" className="text-sm text-alarm">{t("error", { message: full.error?.message ?? "" })}</p>
          : (
            <>
              <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
                <dt className="text-fg-muted">{t("verdict")}</dt>
                <dd className="flex flex-wrap gap-2">
                  <StatusPill tone={e.verdict === "allow" ? "alarm" : e.verdict === "partial" ? "warn" : "ok"}>{e.verdict}</StatusPill>
                  {violation && <StatusPill tone="alarm">{t("violation")}</StatusPill>}
                  {excepted && <StatusPill tone="neutral">{t("excepted")}</StatusPill>}
                </dd>
                <dt className="text-fg-muted">{t("ports")}</dt>
                <dd className="font-mono text-xs">{e.verdict === "deny" ? t("none") : (e.ports ?? [t("allPorts")]).join(", ")}</dd>
                <dt className="text-fg-muted">{t("oneway")}</dt>
                <dd>{e.oneway ? t("onewayYes") : t("onewayNo")}</dd>
              </dl>
              <div>
                <h3 className="mb-1 text-sm font-medium">{t("reasons", { count: e.reasons.length })}</h3>
                {e.reasons.length === 0 ? <p className="text-sm text-fg-muted">{t("noReasons")}</p> : (
                  <ul className="space-y-1 text-xs">
                    {e.reasons.map((r, i) => (
                      <li key={i} className="flex flex-wrap items-baseline gap-x-2">
                        <span className={r.effect === "permits" ? "font-medium text-alarm" : r.effect === "blocks" ? "font-medium text-ok" : "font-medium text-fg-muted"}>{r.effect}</span>
                        <ObjectLink objectRef={r.ref} path={r.path} />
                        {r.detail && <span className="text-fg-muted">{r.detail}</span>}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              {onExcept && violation && named && (
                <Button size="sm" variant="secondary" onClick={() => onExcept(edge.from, edge.to)}>{t("except")}</Button>
              )}
            </>
          )}
    </Card>
  );
}
