/**
 * Fast paths for the most frequent changes, applied to the current model in place: rules that move no
 * endpoint (NetworkPolicies, security group rules, subnet ACLs, a router's routes, policies and peerings,
 * namespace labels other than the tenant's). Anything else rebuilds the model. Returns the changed dependency
 * keys, or undefined when a change needs the full rebuild.
 */
import { addImplicitAllows, netSig, networkPolicyModel, npSig, revOf, setExternal, subnetSig, vpcSig } from "@/lib/policy-graph/build";
import type { Range } from "@/lib/policy-graph/ip";
import { addEndpoint, byEndpoint, collectWorkloads, implicitEndpoints, namespaceSubnets, workloadEndpoint } from "@/lib/policy-graph/endpoints";
import type { Endpoint, Model, StoredObject, SubnetModel } from "@/lib/policy-graph/model";
import { mix } from "@/lib/policy-graph/stamp";
import { labelsOf, spec, type Kind, type SubnetSpec, type VpcSpec } from "@/lib/policy-graph/objects";
import { forgetSortedPolicies } from "@/lib/policy-graph/routes";
import { TENANT_LABEL, buildSubnet, buildVpc, peersOf } from "@/lib/policy-graph/topology";
import type { Warning } from "@/lib/policy-graph/types";

export interface Change {
  kind: Kind;
  ref: string;
  before?: StoredObject;
  after?: StoredObject;
}

type Store = Map<Kind, Map<string, StoredObject>>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const tenantOf = (o: StoredObject) => labelsOf(o.obj)[TENANT_LABEL];

function replaceWarnings(model: Model, keep: (w: Warning) => boolean, add: Warning[]): void {
  model.warnings = model.warnings.filter(keep).concat(add);
}

function patchOne(model: Model, store: Store, c: Change, keys: Set<string>): boolean {
  const rev = revOf(store);
  const { before, after } = c;
  switch (c.kind) {
    case "NetworkPolicy": {
      const o = (after ?? before)!;
      const ns = o.obj.metadata?.namespace ?? "default";
      const warnings: Warning[] = [];
      const list = [...(store.get("NetworkPolicy")?.values() ?? [])]
        .filter((x) => (x.obj.metadata?.namespace ?? "default") === ns)
        .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0))
        .map((x) => networkPolicyModel(x, x.obj.metadata?.annotations?.["ovn.kubernetes.io/network_policy_enforcement"] === "lax", (w) => warnings.push(w)));
      const prefix = `NetworkPolicy/${ns}/`;
      replaceWarnings(model, (w) => !w.ref.startsWith(prefix), warnings);
      if (list.length) model.policies.set(ns, list);
      else model.policies.delete(ns);
      if (list.length) model.sig.set(`np:${ns}`, npSig(ns, list, rev));
      else model.sig.delete(`np:${ns}`);
      keys.add(`np:${ns}`);
      return true;
    }
    case "SecurityGroup": {
      // Adding or removing a group changes which annotated groups exist: endpoints move.
      if (!before || !after) return false;
      const name = after.obj.metadata?.name ?? "";
      model.securityGroups.set(name, { name, spec: spec(after.obj) });
      model.sig.set(`sg:${name}`, after.rev);
      keys.add(`sg:${name}`);
      return true;
    }
    case "Namespace": {
      if (!before && after) return patchNamespaceAdd(model, store, after, keys);
      if (before && !after) return patchNamespaceRemove(model, store, before, keys);
      if (!before || !after || tenantOf(before) !== tenantOf(after)) return false;
      for (const s of model.subnets.values()) if (s.namespaceSelectors.length) return false;
      const name = after.obj.metadata?.name ?? "";
      model.namespaceLabels.set(name, labelsOf(after.obj));
      model.sig.set(`ns:${name}`, after.rev);
      keys.add(`ns:${name}`);
      return true;
    }
    case "Subnet": {
      if (!before || !after) return patchSubnetPresence(model, store, c, keys);
      if (tenantOf(before) !== tenantOf(after)) return false;
      const a = spec<SubnetSpec>(before.obj), b = spec<SubnetSpec>(after.obj);
      for (const f of ["vpc", "cidrBlock", "provider", "vlan", "namespaces", "namespaceSelectors", "logicalGateway", "u2oInterconnection"] as const) if (!same(a[f], b[f])) return false;
      const old = model.subnets.get(after.obj.metadata?.name ?? "");
      if (!old) return false;
      const warnings: Warning[] = [];
      const fresh = buildSubnet(after, model.vpcs, model.vlanIds, (w) => warnings.push(w));
      Object.assign(old, { acls: fresh.acls, private: fresh.private, allowSubnets: fresh.allowSubnets, allowEW: fresh.allowEW, natOutgoing: fresh.natOutgoing, routeTable: fresh.routeTable });
      replaceWarnings(model, (w) => w.ref !== c.ref, warnings);
      model.sig.set(`subnet:${old.name}`, subnetSig(old, rev));
      keys.add(`subnet:${old.name}`);
      const v = model.vpcs.get(old.vpc);
      if (v && v.connected.includes(old)) {
        model.sig.set(`vpc:${v.name}`, vpcSig(v, rev));
        keys.add(`vpc:${v.name}`);
      }
      return true;
    }
    case "Vpc": {
      if (!before && after) return patchVpcAdd(model, store, after, keys);
      if (before && !after) return patchVpcRemove(model, store, before, keys);
      if (!before || !after || tenantOf(before) !== tenantOf(after)) return false;
      const a = spec<VpcSpec>(before.obj), b = spec<VpcSpec>(after.obj);
      for (const f of ["namespaces", "defaultSubnet"] as const) if (!same(a[f], b[f])) return false;
      const v = model.vpcs.get(after.obj.metadata?.name ?? "");
      if (!v) return false;
      if (!same(a.vpcPeerings, b.vpcPeerings)) repeer(model, store, v.name, [...(a.vpcPeerings ?? []), ...(b.vpcPeerings ?? [])].map((p) => p.remoteVpc ?? ""), keys);
      const warnings: Warning[] = [];
      const fresh = buildVpc(after, v.name, (w) => warnings.push(w));
      Object.assign(v, { routes: fresh.routes, policies: fresh.policies, ovnGateway: fresh.ovnGateway });
      addImplicitAllows(v);
      forgetSortedPolicies(v);
      const parsed = (w: Warning) => w.ref === c.ref && (w.path?.startsWith("spec.staticRoutes") || w.path?.startsWith("spec.policyRoutes"));
      replaceWarnings(model, (w) => !parsed(w), warnings.filter(parsed));
      model.sig.set(`vpc:${v.name}`, vpcSig(v, rev));
      keys.add(`vpc:${v.name}`);
      return true;
    }
    case "VirtualMachine":
      return patchVm(model, store, c, keys);
    default:
      return false;
  }
}

/**
 * A Vpc's peerings changed: the peer links of it and of every Vpc it names (before or after) are linked again,
 * and the external endpoint follows when the link networks moved.
 */
function repeer(model: Model, store: Store, name: string, remotes: string[], keys: Set<string>): void {
  const raw = (n: string) => store.get("Vpc")?.get(`Vpc/${n}`);
  const rev = revOf(store);
  const affected = [...new Set([name, ...remotes])].filter((n) => model.vpcs.has(n)).sort();
  const linkText = (nets?: Range[]) => (nets ?? []).map((r) => `${r.lo}-${r.hi}`).join(",");
  let netsMoved = false;
  for (const n of affected) {
    const warnings: Warning[] = [];
    const { peers, nets } = peersOf(n, model.vpcs, raw, (w) => warnings.push(w));
    const v = model.vpcs.get(n)!;
    v.peers = peers;
    const ref = `Vpc/${n}`;
    replaceWarnings(model, (w) => !(w.ref === ref && w.path?.startsWith("spec.vpcPeerings")), warnings);
    if (linkText(model.linkNets.get(n)) !== linkText(nets)) netsMoved = true;
    if (nets.length) model.linkNets.set(n, nets);
    else model.linkNets.delete(n);
  }
  // The other Vpcs' signatures read the remote Vpcs' revisions: refresh them all once the links are in.
  for (const n of affected) {
    model.sig.set(`vpc:${n}`, vpcSig(model.vpcs.get(n)!, rev));
    keys.add(`vpc:${n}`);
  }
  if (netsMoved) {
    setExternal(model);
    model.sig.set("net", netSig(model));
    keys.add("net");
  }
}

const DEFAULT_SUBNET = "ovn-default";

/**
 * A subnet that appears or goes without moving anything else: an OVN overlay subnet that binds no namespace, is
 * no Vpc's default subnet, no NAT rule's and no workload's, holds no workload, and whose tenant is there before
 * and after. Its implicit endpoint, its router's connected routes and Kube-OVN's implicit allow for it, and the
 * external addresses change; anything else (a VLAN subnet, one that binds namespaces, the join or default
 * subnet) rebuilds the model.
 */
function patchSubnetPresence(model: Model, store: Store, c: Change, keys: Set<string>): boolean {
  const o = (c.after ?? c.before)!;
  const name = o.obj.metadata?.name ?? "";
  const sp = spec<SubnetSpec>(o.obj);
  if (name === DEFAULT_SUBNET || name === "join" || sp.vlan || sp.namespaceSelectors?.length) return false;
  // A subnet that binds namespaces would move their workloads: only namespaces without any are patched.
  if ((sp.namespaces ?? []).some((n) => hasWorkloadIn(store, n))) return false;
  if ([...model.vpcs.values()].some((v) => v.defaultSubnet === name)) return false;
  for (const k of ["VpcNatGateway", "OvnSnatRule"] as const) {
    for (const x of store.get(k)?.values() ?? []) {
      const xs = (x.obj.spec ?? {}) as { subnet?: string; vpcSubnet?: string };
      if (xs.subnet === name || xs.vpcSubnet === name) return false;
    }
  }
  for (const k of ["VirtualMachine", "VirtualMachineInstance", "Pod"] as const) {
    for (const x of store.get(k)?.values() ?? []) {
      const tpl = k === "VirtualMachine" ? ((x.obj.spec ?? {}) as { template?: { metadata?: { annotations?: Record<string, string> } } }).template?.metadata?.annotations : x.obj.metadata?.annotations;
      if ((tpl ?? {})["ovn.kubernetes.io/logical_switch"] === name || x.obj.metadata?.annotations?.["ovn.kubernetes.io/logical_switch"] === name) return false;
    }
  }
  // A subnet does not bring a tenant: its tenant's Namespace or Vpc came first (else the model is rebuilt).
  const tenant = tenantOf(o);
  if (tenant && !model.tenants.includes(tenant)) return false;
  const rev = revOf(store);
  const nsRev = (n: string) => rev("Namespace", `Namespace/${n}`);
  const old = model.subnets.get(name);
  if (c.before && !old) return false;
  if (old && old.endpoints.some((e) => !e.implicit)) return false;
  const warnings: Warning[] = [];
  const fresh = c.after ? buildSubnet(c.after, model.vpcs, model.vlanIds, (w) => warnings.push(w)) : undefined;
  if (fresh && !fresh.overlay) return false;
  const touched = [old, fresh].filter((x): x is SubnetModel => !!x);
  for (const x of touched) if (x.owner?.startsWith("tenant:") && !model.tenants.includes(x.owner.slice(7))) return false;

  // Out with the old model of the subnet, in with the new one, in the order a rebuild has.
  if (old) {
    for (const e of old.endpoints) if (e.node) remove(model.nodeEndpoints.get(e.node) ?? [], e);
    const v = model.vpcs.get(old.vpc);
    if (v) remove(v.connected, old);
  }
  const subnets = [...model.subnets.values()].filter((x) => x.name !== name);
  if (fresh) subnets.push(fresh);
  subnets.sort((a, b) => (`Subnet/${a.name}` < `Subnet/${b.name}` ? -1 : `Subnet/${a.name}` > `Subnet/${b.name}` ? 1 : 0));
  model.subnets = new Map(subnets.map((x) => [x.name, x]));
  if (fresh) {
    const v = model.vpcs.get(fresh.vpc);
    if (fresh.routerAttached && v) {
      const order = new Map(subnets.map((x, i) => [x, i]));
      v.connected.push(fresh);
      v.connected.sort((a, b) => order.get(a)! - order.get(b)!);
    }
    for (const e of implicitEndpoints(fresh, model, nsRev)) addEndpoint(model, e);
    fresh.endpoints.sort(byEndpoint);
  }
  replaceWarnings(model, (w) => w.ref !== c.ref, warnings);
  for (const x of touched) {
    const v = model.vpcs.get(x.vpc);
    if (v) {
      addImplicitAllows(v);
      forgetSortedPolicies(v);
      model.sig.set(`vpc:${v.name}`, vpcSig(v, rev));
      keys.add(`vpc:${v.name}`);
    }
    if (x.owner) {
      const list = model.nodeEndpoints.get(x.owner) ?? [];
      list.sort(byEndpoint);
      // As a rebuild has it: a node without endpoints has no list (the platform's is always there).
      if (list.length === 0 && x.owner !== "platform") {
        model.nodeEndpoints.delete(x.owner);
        model.sig.delete(`node:${x.owner}`);
      } else model.sig.set(`node:${x.owner}`, list.reduce((h, e) => mix(h, e.stamp), list.length));
      keys.add(`node:${x.owner}`);
    }
  }
  if (fresh) model.sig.set(`subnet:${name}`, subnetSig(fresh, rev));
  else model.sig.delete(`subnet:${name}`);
  keys.add(`subnet:${name}`);
  setExternal(model);
  model.sig.set("net", netSig(model));
  keys.add("net");
  if (c.before) dropTenantIfGone(model, store, tenant);
  return true;
}

/** Whether a VM, VMI or Pod of the store lives in the namespace. */
function hasWorkloadIn(store: Store, ns: string): boolean {
  for (const k of ["VirtualMachine", "VirtualMachineInstance", "Pod"] as const) for (const x of store.get(k)?.values() ?? []) if ((x.obj.metadata?.namespace ?? "default") === ns) return true;
  return false;
}

/** Adds a tenant to the model's sorted list (its edges are evaluated by the refresh, which finds no result yet). */
function addTenant(model: Model, tenant: string | undefined): void {
  if (!tenant || model.tenants.includes(tenant)) return;
  model.tenants = [...model.tenants, tenant].sort();
}

/**
 * A new namespace that nothing binds yet (no subnet or Vpc names it, nothing lives in it): its labels are
 * known from now on, and its tenant, if new, joins the graph.
 */
function patchNamespaceAdd(model: Model, store: Store, o: StoredObject, keys: Set<string>): boolean {
  const name = o.obj.metadata?.name ?? "";
  if (model.namespaceLabels.has(name) || hasWorkloadIn(store, name)) return false;
  for (const x of model.subnets.values()) if (x.namespaces.includes(name) || x.namespaceSelectors.length) return false;
  for (const v of model.vpcs.values()) if (v.namespaces.includes(name)) return false;
  model.namespaceLabels.set(name, labelsOf(o.obj));
  model.sig.set(`ns:${name}`, o.rev);
  keys.add(`ns:${name}`);
  addTenant(model, tenantOf(o));
  return true;
}

/**
 * A new Vpc that nothing refers to yet (no subnet, peering, NAT gateway or rule names it) and that names no
 * peer and no default subnet: a router with only its own routes and policies, and its tenant, if new.
 */
function patchVpcAdd(model: Model, store: Store, o: StoredObject, keys: Set<string>): boolean {
  const name = o.obj.metadata?.name ?? "";
  const sp = spec<VpcSpec>(o.obj);
  if (model.vpcs.has(name) || sp.vpcPeerings?.length || sp.defaultSubnet) return false;
  for (const x of model.subnets.values()) if (x.vpc === name) return false;
  for (const x of store.get("Vpc")?.values() ?? []) if (x !== o && (spec<VpcSpec>(x.obj).vpcPeerings ?? []).some((p) => p.remoteVpc === name)) return false;
  for (const k of ["VpcNatGateway", "OvnSnatRule"] as const) {
    for (const x of store.get(k)?.values() ?? []) if (((x.obj.spec ?? {}) as { vpc?: string }).vpc === name) return false;
  }
  const warnings: Warning[] = [];
  const v = buildVpc(o, name, (w) => warnings.push(w));
  model.vpcs = new Map([...model.vpcs, [name, v] as const].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  replaceWarnings(model, (w) => w.ref !== o.ref, warnings);
  model.sig.set(`vpc:${name}`, vpcSig(v, revOf(store)));
  keys.add(`vpc:${name}`);
  addTenant(model, tenantOf(o));
  return true;
}

/** Drops a tenant from the model when nothing of it is left (the refresh then forgets its edges). */
function dropTenantIfGone(model: Model, store: Store, tenant: string | undefined): void {
  if (!tenant || !model.tenants.includes(tenant)) return;
  for (const k of ["Vpc", "Subnet", "Namespace", "Pod", "VirtualMachine", "VirtualMachineInstance", "Vlan"] as const) {
    for (const x of store.get(k)?.values() ?? []) if (labelsOf(x.obj)[TENANT_LABEL] === tenant) return;
  }
  if (model.nodeEndpoints.get(`tenant:${tenant}`)?.length) return;
  model.tenants = model.tenants.filter((t) => t !== tenant);
}

/** A namespace that goes while nothing binds it and nothing lives in it. */
function patchNamespaceRemove(model: Model, store: Store, o: StoredObject, keys: Set<string>): boolean {
  const name = o.obj.metadata?.name ?? "";
  if (!model.namespaceLabels.has(name) || hasWorkloadIn(store, name)) return false;
  for (const x of model.subnets.values()) if (x.namespaces.includes(name) || x.namespaceSelectors.length) return false;
  for (const v of model.vpcs.values()) if (v.namespaces.includes(name)) return false;
  model.namespaceLabels.delete(name);
  model.sig.delete(`ns:${name}`);
  keys.add(`ns:${name}`);
  dropTenantIfGone(model, store, tenantOf(o));
  return true;
}

/** A Vpc that goes while nothing refers to it (no subnet, peering, NAT gateway or rule) and it named no peer. */
function patchVpcRemove(model: Model, store: Store, o: StoredObject, keys: Set<string>): boolean {
  const name = o.obj.metadata?.name ?? "";
  const v = model.vpcs.get(name);
  const sp = spec<VpcSpec>(o.obj);
  if (!v || v.isDefault || sp.vpcPeerings?.length || sp.defaultSubnet || v.peers.length || v.connected.length) return false;
  for (const x of model.subnets.values()) if (x.vpc === name) return false;
  for (const x of store.get("Vpc")?.values() ?? []) if ((spec<VpcSpec>(x.obj).vpcPeerings ?? []).some((p) => p.remoteVpc === name)) return false;
  for (const k of ["VpcNatGateway", "OvnSnatRule"] as const) {
    for (const x of store.get(k)?.values() ?? []) if (((x.obj.spec ?? {}) as { vpc?: string }).vpc === name) return false;
  }
  model.vpcs.delete(name);
  replaceWarnings(model, (w) => w.ref !== o.ref, []);
  model.sig.delete(`vpc:${name}`);
  keys.add(`vpc:${name}`);
  dropTenantIfGone(model, store, tenantOf(o));
  return true;
}

/**
 * A VM that no VMI or virt-launcher Pod merges with: only its own endpoint and the implicit endpoints of the
 * subnets it leaves and enters change.
 */
function patchVm(model: Model, store: Store, c: Change, keys: Set<string>): boolean {
  const o = (c.after ?? c.before)!;
  const ns = o.obj.metadata?.namespace ?? "default";
  const name = o.obj.metadata?.name ?? "";
  if (store.get("VirtualMachineInstance")?.has(`VirtualMachineInstance/${ns}/${name}`)) return false;
  for (const p of store.get("Pod")?.values() ?? []) if ((p.obj.metadata?.namespace ?? "default") === ns && labelsOf(p.obj)["kubevirt.io/domain"] === name) return false;
  // The set of tenants must not change: the VM's own label, if any, is its namespace's.
  const nsTenant = model.namespaceLabels.get(ns)?.[TENANT_LABEL];
  for (const x of [c.before, c.after]) if (x && tenantOf(x) !== undefined && tenantOf(x) !== nsTenant) return false;
  const rev = revOf(store);
  const nsRev = (n: string) => rev("Namespace", `Namespace/${n}`);
  const subnets = new Set<SubnetModel>();
  const nodes = new Set<string>();
  const drop = (e: Endpoint) => {
    if (e.subnet) remove(e.subnet.endpoints, e);
    if (e.node) remove(model.nodeEndpoints.get(e.node) ?? [], e);
    if (!e.implicit) model.workloads.delete(e.id);
  };
  const old = model.workloads.get(c.ref);
  if (old) {
    drop(old);
    if (old.subnet) subnets.add(old.subnet);
    if (old.node) nodes.add(old.node);
  }
  const warnings: Warning[] = [];
  if (c.after) {
    const [w] = collectWorkloads((k) => (k === "VirtualMachine" ? [c.after!] : []));
    // The namespace's subnet list is only needed when the VM does not name its subnet.
    const subnetOf = (n: string) => namespaceSubnets(model, [...model.subnets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), [...model.vpcs.values()])(n);
    const r = workloadEndpoint(w!, model, subnetOf, (x) => warnings.push(x), nsRev);
    if (r?.endpoint) {
      addEndpoint(model, r.endpoint);
      subnets.add(r.subnet);
      if (r.endpoint.node) nodes.add(r.endpoint.node);
    }
  }
  replaceWarnings(model, (x) => x.ref !== c.ref, warnings);
  for (const s of subnets) {
    for (const e of s.endpoints.filter((x) => x.implicit)) drop(e);
    for (const e of implicitEndpoints(s, model, nsRev)) addEndpoint(model, e);
    if (s.owner) nodes.add(s.owner);
    s.endpoints.sort(byEndpoint);
    model.sig.set(`subnet:${s.name}`, subnetSig(s, rev));
    keys.add(`subnet:${s.name}`);
  }
  for (const n of nodes) {
    const list = model.nodeEndpoints.get(n) ?? [];
    list.sort(byEndpoint);
    model.sig.set(`node:${n}`, list.reduce((h, e) => mix(h, e.stamp), list.length));
    keys.add(`node:${n}`);
  }
  return true;
}

function remove<T>(list: T[], x: T): void {
  const i = list.indexOf(x);
  if (i >= 0) list.splice(i, 1);
}

/**
 * `ok: false` means the model must be rebuilt; `keys` then still lists what was patched already (its
 * signatures moved in place, so the caller must treat those keys as changed).
 */
export function patchModel(model: Model, store: Store, changes: Change[]): { ok: boolean; keys: Set<string> } {
  const keys = new Set<string>();
  if (!changes.every(eligible)) return { ok: false, keys };
  for (const c of changes) if (!patchOne(model, store, c, keys)) return { ok: false, keys };
  return { ok: true, keys };
}

function eligible(c: Change): boolean {
  if (c.kind === "NetworkPolicy" || c.kind === "VirtualMachine" || c.kind === "Subnet" || c.kind === "Namespace" || c.kind === "Vpc") return true;
  return c.kind === "SecurityGroup" && !!c.before && !!c.after;
}
