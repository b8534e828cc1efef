import { useFormatter, useTranslations } from "next-intl";
import { Card, CardTitle } from "@/components/ui/card";
import { StatusPill } from "@/components/ui/status-pill";
import { Tooltip } from "@/components/ui/tooltip";
import type { TenantDetailData } from "@/components/tenants/tenant-detail-types";

/** Seconds from a to b, to one decimal. */
const secs = (a?: string, b?: string) => (a && b ? (new Date(b).getTime() - new Date(a).getTime()) / 1000 : 0);

/** Conditions and the provisioning timeline; a tenant the reconciler has not reached yet says so. */
export function TenantStatusCards({ d }: { d: TenantDetailData }) {
  const t = useTranslations("tenants.detail");
  const format = useFormatter();
  const first = d.steps.find((s) => s.startedAt)?.startedAt;
  const started = d.steps.some((s) => s.startedAt);
  return (
    <>
      <Card aria-labelledby="cond-title">
        <CardTitle id="cond-title">{t("conditions")}</CardTitle>
        {d.conditions.length === 0 ? (
          <p className="text-sm text-fg-muted">{t("noConditions")}</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {d.conditions.map((c) => (
              <li key={c.type} className="flex flex-wrap items-center gap-2">
                <Tooltip content={[c.reason, c.message].filter(Boolean).join(": ") || c.type}>
                  {/* Focusable, so keyboard users get the reason too. */}
                  <StatusPill tabIndex={0} tone={c.status === "True" ? "ok" : "warn"}>{c.type}: {c.status}</StatusPill>
                </Tooltip>
                {c.status !== "True" && c.message && <span className="text-xs text-fg-muted">{c.message}</span>}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card aria-labelledby="steps-title">
        <CardTitle id="steps-title">{t("timeline")}</CardTitle>
        {!started ? (
          <p className="text-sm text-fg-muted">{t("notStarted")}</p>
        ) : (
          <ol className="space-y-1 text-sm">
            {d.steps.map((s) => (
              <li key={s.name} className="flex justify-between gap-2">
                <span>{s.name}</span>
                <span className="tabular-nums text-fg-muted">{s.finishedAt ? t("doneAfter", { seconds: format.number(secs(first, s.finishedAt), { minimumFractionDigits: 1, maximumFractionDigits: 1 }) }) : s.startedAt ? t("inProgress") : t("waiting")}</span>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </>
  );
}

/** VPC, subnet and addresses; before Kube-OVN reports, "not created yet" instead of half a sentence. */
export function NetworkCard({ d }: { d: TenantDetailData }) {
  const t = useTranslations("tenants.detail");
  const n = d.network;
  return (
    <Card aria-labelledby="net-title">
      <CardTitle id="net-title">{t("network")}</CardTitle>
      <dl className="grid grid-cols-2 gap-2 text-sm md:grid-cols-5">
        <div><dt className="text-fg-muted">VPC</dt><dd className="font-mono">{n.vpc}</dd></div>
        <div><dt className="text-fg-muted">{t("subnet")}</dt><dd className={n.subnet ? "font-mono" : "text-fg-muted"}>{n.subnet ?? t("notCreated")}</dd></div>
        <div><dt className="text-fg-muted">CIDR</dt><dd className="font-mono">{n.cidr}</dd></div>
        <div><dt className="text-fg-muted">{t("gateway")}{n.vlanId ? " / VLAN" : ""}</dt><dd className="font-mono">{n.gateway ?? "–"}{n.vlanId ? ` / ${n.vlanId}` : ""}</dd></div>
        <div>
          <dt className="text-fg-muted">{t("ipAddresses")}</dt>
          <dd className="tabular-nums">{n.usingIPs === undefined && n.availableIPs === undefined ? <span className="text-fg-muted">{t("notReported")}</span> : t("ipUsage", { used: n.usingIPs ?? 0, free: n.availableIPs ?? 0 })}</dd>
        </div>
      </dl>
    </Card>
  );
}
