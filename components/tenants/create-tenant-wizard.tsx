"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import type { CreateTenantInput } from "@/lib/schemas/tenant";
import { createTenantSchemaFor } from "@/lib/tenants/schema-for-policy";
import { tenantYaml } from "@/lib/tenants/yaml";

const STEPS = [
  { id: "identity", title: "Identity", fields: ["name", "displayName", "owners"] },
  { id: "version", title: "Kubernetes version", fields: ["kubernetesVersion"] },
  { id: "network", title: "Network", fields: ["network"] },
  { id: "pools", title: "Worker pools", fields: ["workerPools"] },
  { id: "quota", title: "Quota", fields: ["quota"] },
  { id: "addons", title: "Add-ons", fields: ["addons"] },
  { id: "review", title: "Review", fields: [] },
] as const;
type Errors = Record<string, string>;
const inputCls = "block w-full rounded-md border border-border bg-surface px-3 py-2 text-sm";

/** Flattens zod issues (and server policy problems) to "path → message" so each error stands beside its field. */
const issuesToErrors = (issues: { path: PropertyKey[]; message: string }[]): Errors => {
  const out: Errors = {};
  for (const i of issues) out[i.path.map(String).join(".")] ??= i.message; // the first problem of a field is shown
  return out;
};

export function CreateTenantWizard() {
  const trpc = useTRPC();
  const router = useRouter();
  const policy = useQuery(trpc.tenants.policy.queryOptions());
  const taken = useQuery(trpc.tenants.takenNetworks.queryOptions());
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<Errors>({});
  const [form, setForm] = useState<CreateTenantInput>({
    name: "", displayName: "", owners: [], kubernetesVersion: "",
    network: { mode: "overlay", cidr: "" },
    workerPools: [{ name: "default", replicas: 2, vcpu: 2, memoryGi: 4, diskGi: 20, image: "quay.io/containerdisks/ubuntu:24.04" }],
    quota: {}, addons: [],
  });
  const create = useMutation(trpc.tenants.create.mutationOptions({
    onSuccess: ({ name }) => router.push(`/tenants/${name}`),
    onError: (err) => {
      const data = err.data as { zodError?: { fieldErrors: Record<string, string[]> }; policy?: { field: string; message: string }[] } | undefined;
      const e: Errors = {};
      for (const [k, v] of Object.entries(data?.zodError?.fieldErrors ?? {})) e[k] = v[0] ?? "Invalid";
      for (const p of data?.policy ?? []) e[p.field.replace(/^spec\./, "")] = p.message;
      setErrors(e);
      const first = STEPS.findIndex((s) => s.fields.some((f) => Object.keys(e).some((k) => k.startsWith(f))));
      if (first >= 0) setStep(first);
    },
  }));

  if (policy.isPending) return <p aria-busy="true">Loading the platform policy…</p>;
  if (policy.isError) return <p role="alert" className="text-alarm">Could not load the platform policy: {policy.error.message}</p>;
  const pol = policy.data;
  // The same rules the server applies, compiled with the live policy and the networks already taken.
  const schema = createTenantSchemaFor(pol, taken.data ?? []);
  const value: CreateTenantInput = { ...form, kubernetesVersion: form.kubernetesVersion || pol.allowedVersions.at(-1)!, addons: [...new Set([...(pol.mandatoryAddons ?? []), ...(form.addons ?? [])])] };
  const set = (patch: Partial<CreateTenantInput>) => setForm((f) => ({ ...f, ...patch }));

  /** Validates the fields of the current step with the same schema the router uses. */
  const validateStep = (i: number) => {
    const r = schema.safeParse(value);
    const e = r.success ? {} : issuesToErrors(r.error.issues);
    const mine = Object.fromEntries(Object.entries(e).filter(([k]) => (STEPS[i]!.fields as readonly string[]).some((f) => k === f || k.startsWith(`${f}.`))));
    setErrors(mine);
    return Object.keys(mine).length === 0;
  };
  const err = (path: string) => errors[path] && <p id={`${path}-error`} className="mt-1 text-sm text-alarm">{errors[path]}</p>;
  const field = (path: string, label: string, control: React.ReactElement<{ id?: string }>) => (
    <div className="space-y-1">
      <label htmlFor={path} className="block text-sm font-medium">{label}</label>
      {control}
      {err(path)}
    </div>
  );
  const pools = value.workerPools;
  const setPool = (i: number, patch: Partial<(typeof pools)[number]>) => set({ workerPools: pools.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  const used = pools.reduce((a, p) => ({ vcpu: a.vcpu + p.vcpu * p.replicas, mem: a.mem + p.memoryGi * p.replicas, workers: a.workers + p.replicas }), { vcpu: 0, mem: 0, workers: 0 });
  const quota = { ...pol.defaultQuota, ...value.quota };

  const body: Record<string, React.ReactNode> = {
    identity: (
      <div className="space-y-4">
        {field("name", "Name", <input id="name" className={inputCls} value={form.name} aria-invalid={!!errors.name} aria-describedby="name-error" onChange={(e) => set({ name: e.target.value })} />)}
        {field("displayName", "Display name", <input id="displayName" className={inputCls} value={form.displayName ?? ""} onChange={(e) => set({ displayName: e.target.value })} />)}
        {field("owners", "Owners (user names, comma separated)", <input id="owners" className={inputCls} value={(form.owners ?? []).join(", ")} onChange={(e) => set({ owners: e.target.value.split(",").map((s) => s.trim()).filter(Boolean) })} />)}
      </div>
    ),
    version: field("kubernetesVersion", "Kubernetes version (allowed by the platform policy)",
      <select id="kubernetesVersion" className={inputCls} value={value.kubernetesVersion} onChange={(e) => set({ kubernetesVersion: e.target.value })}>
        {pol.allowedVersions.map((v) => <option key={v}>{v}</option>)}
      </select>),
    network: (
      <div className="space-y-4">
        {field("network.mode", "Mode", <select id="network.mode" className={inputCls} value={form.network.mode} onChange={(e) => set({ network: e.target.value === "vlan" ? { mode: "vlan", cidr: form.network.cidr, vlanId: pol.vlanRange?.min ?? 100 } : { mode: "overlay", cidr: form.network.cidr } })}>
          {(pol.allowedNetworkModes ?? ["overlay", "vlan"]).map((m) => <option key={m}>{m}</option>)}
        </select>)}
        {field("network.cidr", "CIDR (must not overlap other tenants or the platform)", <input id="network.cidr" className={inputCls} placeholder="10.20.0.0/24" value={form.network.cidr} aria-invalid={!!errors["network.cidr"]} onChange={(e) => set({ network: { ...form.network, cidr: e.target.value } })} />)}
        {form.network.mode === "vlan" && field("network.vlanId", `VLAN id (${pol.vlanRange?.min ?? 1}–${pol.vlanRange?.max ?? 4094})`,
          <input id="network.vlanId" type="number" className={inputCls} value={form.network.vlanId} onChange={(e) => set({ network: { mode: "vlan", cidr: form.network.cidr, vlanId: Number(e.target.value) } })} />)}
      </div>
    ),
    pools: (
      <div className="space-y-4">
        {pools.map((p, i) => (
          <fieldset key={i} className="grid grid-cols-2 gap-3 rounded-md border border-border p-3 md:grid-cols-6">
            <legend className="px-1 text-sm font-medium">Pool {i + 1}</legend>
            {field(`workerPools.${i}.name`, "Name", <input id={`workerPools.${i}.name`} className={inputCls} value={p.name} onChange={(e) => setPool(i, { name: e.target.value })} />)}
            {(["replicas", "vcpu", "memoryGi", "diskGi"] as const).map((k) =>
              field(`workerPools.${i}.${k}`, { replicas: "Workers", vcpu: "vCPU", memoryGi: "Memory GiB", diskGi: "Disk GiB" }[k],
                <input id={`workerPools.${i}.${k}`} type="number" className={inputCls} value={p[k]} onChange={(e) => setPool(i, { [k]: Number(e.target.value) })} />))}
            {field(`workerPools.${i}.image`, "Image", <input id={`workerPools.${i}.image`} className={inputCls} value={p.image} onChange={(e) => setPool(i, { image: e.target.value })} />)}
            {pools.length > 1 && <Button type="button" variant="ghost" onClick={() => set({ workerPools: pools.filter((_, j) => j !== i) })}>Remove pool {i + 1}</Button>}
          </fieldset>
        ))}
        {err("workerPools")}
        <Button type="button" variant="secondary" onClick={() => set({ workerPools: [...pools, { name: `pool${pools.length + 1}`, replicas: 1, vcpu: 2, memoryGi: 4, diskGi: 20, image: pools[0]?.image ?? "" }] })}>Add pool</Button>
      </div>
    ),
    quota: (
      <div className="grid gap-3 md:grid-cols-3">
        {(["vcpu", "memoryGi", "storageGi", "workers", "loadBalancers"] as const).map((k) =>
          field(`quota.${k}`, `${k} (max ${pol.maxQuota?.[k] ?? "∞"})`,
            <input id={`quota.${k}`} type="number" className={inputCls} value={quota[k] ?? ""} onChange={(e) => set({ quota: { ...form.quota, [k]: e.target.value === "" ? undefined : Number(e.target.value) } })} />))}
        <p className="text-sm text-fg-muted md:col-span-3" aria-live="polite">
          The pools use {used.vcpu} of {quota.vcpu ?? "∞"} vCPU, {used.mem} of {quota.memoryGi ?? "∞"} GiB and {used.workers} of {quota.workers ?? "∞"} workers.
        </p>
      </div>
    ),
    addons: (
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Add-ons</legend>
        {[...new Set([...(pol.mandatoryAddons ?? []), "konnectivity", "metrics-server"])].map((a) => {
          const locked = pol.mandatoryAddons?.includes(a);
          return (
            <label key={a} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={value.addons!.includes(a)} disabled={locked}
                onChange={(e) => set({ addons: e.target.checked ? [...(form.addons ?? []), a] : (form.addons ?? []).filter((x) => x !== a) })} />
              {a}{locked && <span className="text-xs text-fg-muted">(mandatory)</span>}
            </label>
          );
        })}
      </fieldset>
    ),
    review: (
      <div className="space-y-3">
        <p className="text-sm">This Tenant will be created; the reconciler derives everything else from it.</p>
        <pre aria-label="Tenant YAML" className="overflow-x-auto rounded-md bg-surface-sunken p-3 font-mono text-xs">{tenantYaml(value)}</pre>
        <p className="text-sm text-fg-muted">Equivalent command: <code className="font-mono">kubectl apply -f {value.name || "tenant"}.yaml</code></p>
        {create.isError && <p role="alert" className="text-sm text-alarm">{create.error.message}</p>}
      </div>
    ),
  };
  const current = STEPS[step]!;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">New tenant</h1>
      <ol className="flex flex-wrap gap-2 text-sm" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li key={s.id} aria-current={i === step ? "step" : undefined} className={i === step ? "font-semibold text-accent" : "text-fg-muted"}>
            {i + 1}. {s.title}
          </li>
        ))}
      </ol>
      <form
        className="space-y-6 rounded-lg border border-border bg-surface-raised p-6"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (current.id !== "review") {
            if (validateStep(step)) setStep(step + 1);
            return;
          }
          const r = schema.safeParse(value);
          if (!r.success) {
            const all = issuesToErrors(r.error.issues);
            setErrors(all);
            setStep(Math.max(0, STEPS.findIndex((s) => s.fields.some((f) => Object.keys(all).some((k) => k.startsWith(f))))));
            return;
          }
          create.mutate(r.data);
        }}
      >
        <h2 className="text-lg font-semibold">{current.title}</h2>
        {body[current.id]}
        <div className="flex gap-2">
          {step > 0 && <Button type="button" variant="secondary" onClick={() => { setErrors({}); setStep(step - 1); }}>Back</Button>}
          <Button type="submit" disabled={create.isPending}>{current.id === "review" ? (create.isPending ? "Creating…" : "Create tenant") : "Next"}</Button>
        </div>
      </form>
    </div>
  );
}
