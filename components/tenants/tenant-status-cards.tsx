import { Card, CardTitle } from "@/components/ui/card";
import { StatusPill } from "@/components/ui/status-pill";
import { Tooltip } from "@/components/ui/tooltip";
import type { TenantDetailData } from "@/components/tenants/tenant-detail-types";

const secs = (a?: string, b?: string) => (a && b ? `${((new Date(b).getTime() - new Date(a).getTime()) / 1000).toFixed(1)} s` : "");

/** Conditions and the provisioning timeline; a tenant the reconciler has not reached yet says so. */
export function TenantStatusCards({ d }: { d: TenantDetailData }) {
  const first = d.steps.find((s) => s.startedAt)?.startedAt;
  const started = d.steps.some((s) => s.startedAt);
  return (
    <>
      <Card aria-labelledby="cond-title">
        <CardTitle id="cond-title">Conditions</CardTitle>
        {d.conditions.length === 0 ? (
          <p className="text-sm text-fg-muted">No conditions yet: the reconciler has not reported on this tenant. It usually does within seconds of its creation.</p>
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
        <CardTitle id="steps-title">Provisioning timeline</CardTitle>
        {!started ? (
          <p className="text-sm text-fg-muted">Provisioning has not started yet. Steps appear here as the namespace, network, datastore, control plane and workers are created.</p>
        ) : (
          <ol className="space-y-1 text-sm">
            {d.steps.map((s) => (
              <li key={s.name} className="flex justify-between gap-2">
                <span>{s.name}</span>
                <span className="tabular-nums text-fg-muted">{s.finishedAt ? `done after ${secs(first, s.finishedAt)}` : s.startedAt ? "in progress" : "waiting"}</span>
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
  const n = d.network;
  return (
    <Card aria-labelledby="net-title">
      <CardTitle id="net-title">Network</CardTitle>
      <dl className="grid grid-cols-2 gap-2 text-sm md:grid-cols-5">
        <div><dt className="text-fg-muted">VPC</dt><dd className="font-mono">{n.vpc}</dd></div>
        <div><dt className="text-fg-muted">Subnet</dt><dd className={n.subnet ? "font-mono" : "text-fg-muted"}>{n.subnet ?? "not created yet"}</dd></div>
        <div><dt className="text-fg-muted">CIDR</dt><dd className="font-mono">{n.cidr}</dd></div>
        <div><dt className="text-fg-muted">Gateway{n.vlanId ? " / VLAN" : ""}</dt><dd className="font-mono">{n.gateway ?? "–"}{n.vlanId ? ` / ${n.vlanId}` : ""}</dd></div>
        <div>
          <dt className="text-fg-muted">IP addresses</dt>
          <dd className="tabular-nums">{n.usingIPs === undefined && n.availableIPs === undefined ? <span className="text-fg-muted">not reported yet</span> : `${n.usingIPs ?? 0} used, ${n.availableIPs ?? 0} free`}</dd>
        </div>
      </dl>
    </Card>
  );
}
