"use client";

import { useFormatter, useTranslations } from "next-intl";
import { CertificateStatePill } from "@/components/certificates/certificate-state";
import { RotateCa } from "@/components/certificates/rotate-ca";
import { RotateLeaves } from "@/components/certificates/rotate-leaves";
import { useTenantCertificates } from "@/components/certificates/use-certificates";
import { LiveIndicator } from "@/components/tenants/live-indicator";
import { Card, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { formatSeconds } from "@/lib/certificates/format";
import type { ClassifiedCertificate } from "@/lib/certificates/inventory";
import type { CertificateKind } from "@/lib/certificates/kamaji";

/** The tenant's PKI as chains: each CA with the leaves it signs (kubeadm's layout). */
const CHAINS: { ca: CertificateKind; leaves: CertificateKind[] }[] = [
  { ca: "ca", leaves: ["apiserver", "apiserver-kubelet-client", "admin", "controller-manager", "scheduler", "user"] },
  { ca: "front-proxy-ca", leaves: ["front-proxy-client"] },
  { ca: "datastore-ca", leaves: ["etcd-server", "etcd-peer", "datastore-client"] },
];

function Details({ c }: { c: ClassifiedCertificate }) {
  const t = useTranslations("certificates");
  const format = useFormatter();
  const when = (iso: string) => <time dateTime={iso}>{format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "medium" })}</time>;
  const rows: [string, React.ReactNode][] = [
    [t("details.subject"), <span className="font-mono">{c.subject || "–"}</span>],
    [t("details.issuer"), <span className="font-mono">{c.issuer || "–"}</span>],
    [t("details.serial"), <span className="break-all font-mono">{c.serial}</span>],
    [t("details.keyType"), c.keyType],
    [t("details.notBefore"), when(c.notBefore)],
    [t("details.notAfter"), c.notAfter ? when(c.notAfter) : t("neverExpires")],
    ...(c.sans.length ? [[t("details.sans"), <span className="font-mono">{c.sans.join(", ")}</span>] as [string, React.ReactNode]] : []),
    ...(c.user ? [[t("details.user"), c.user] as [string, React.ReactNode]] : []),
    [t("details.source"), <span className="font-mono">{c.source || "–"}</span>],
  ];
  return (
    <details className="rounded-md border border-border p-2 text-sm">
      <summary className="flex cursor-pointer flex-wrap items-center gap-2">
        <span className="font-medium">{t(`kinds.${c.kind}`)}</span>
        <CertificateStatePill state={c.state} />
        <span className="tabular-nums text-fg-muted">
          {c.remainingSeconds === undefined ? t("age", { age: formatSeconds(c.ageSeconds) }) : t("left", { left: formatSeconds(c.remainingSeconds) })}
        </span>
      </summary>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
        {rows.map(([k, v]) => (
          <div key={k} className="contents"><dt className="text-fg-muted">{k}</dt><dd className="break-words">{v}</dd></div>
        ))}
      </dl>
    </details>
  );
}

/** The PKI tab of a tenant: its CAs with the leaves each signs, the service-account keys, and the user certificates still valid. */
export function TenantPki({ name, isPlatformAdmin }: { name: string; isPlatformAdmin: boolean }) {
  const t = useTranslations("certificates");
  const { query, live, view } = useTenantCertificates(name);
  if (query.isPending) return <div aria-busy="true" className="space-y-3"><Skeleton className="h-40" /></div>;
  if (query.isError) return <p role="alert" className="rounded-md border border-alarm/40 bg-alarm/10 p-4 text-alarm">{query.error.message}</p>;
  const certs = view!.certificates;
  const of = (k: CertificateKind) => certs.filter((c) => c.kind === k);
  const users = of("user");
  const sa = of("service-account");
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-semibold">{t("pki.title")}</h2>
        <LiveIndicator status={live} />
      </div>
      {isPlatformAdmin && certs.length > 0 && <RotateLeaves name={name} rotation={query.data.rotation} />}
      {certs.length > 0 && <RotateCa name={name} rotation={query.data.caRotation} canAct={isPlatformAdmin} />}
      {certs.length === 0 && <p className="text-sm text-fg-muted">{t("pki.empty")}</p>}
      {CHAINS.map(({ ca, leaves }) => of(ca).map((root, _, roots) => (
        <Card key={`${ca}-${root.serial}`} aria-label={t(`kinds.${ca}`)}>
          <CardTitle>{t(`kinds.${ca}`)}</CardTitle>
          <Details c={root} />
          <ul className="ml-4 mt-2 space-y-2 border-l border-border pl-4" aria-label={t("pki.signedBy", { ca: t(`kinds.${ca}`) })}>
            {/* Two CAs of a kind during a CA rotation: each leaf under the one that signed it. */}
            {leaves.filter((k) => k !== "user").flatMap(of).filter((leaf) => roots.length === 1 || leaf.issuer === root.subject).map((leaf) => <li key={`${leaf.kind}-${leaf.serial}`}><Details c={leaf} /></li>)}
          </ul>
        </Card>
      )))}
      {sa.length > 0 && (
        <Card aria-labelledby="sa-title">
          <CardTitle id="sa-title">{t("kinds.service-account")}</CardTitle>
          <p className="mb-2 text-sm text-fg-muted">{t("pki.saNote")}</p>
          {sa.map((c) => <Details key={c.serial} c={c} />)}
        </Card>
      )}
      <Card aria-labelledby="users-title">
        <CardTitle id="users-title">{t("pki.users")}</CardTitle>
        {users.length === 0 ? <p className="text-sm text-fg-muted">{t("pki.noUsers")}</p> : (
          <ul className="space-y-2">{users.map((c) => <li key={c.serial}><Details c={c} /></li>)}</ul>
        )}
      </Card>
    </div>
  );
}
