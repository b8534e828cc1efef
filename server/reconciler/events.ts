import "server-only";
import crypto from "node:crypto";
import type { Condition, TenantObject } from "@/lib/schemas/tenant";
import { EVENT_TIME_ANNOTATION } from "@/lib/tenants/names";
import type { WriteGate } from "@/server/reconciler/act";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";

export { transitions } from "@/lib/tenants/status";

/** Millisecond time plus a per-process sequence: sorts events in the order they were recorded. */
let seq = 0;
const eventStamp = () => `${new Date().toISOString()}#${String(seq++ % 1_000_000).padStart(6, "0")}`;

/**
 * Records Events about a tenant, so the console's "recent events" and `kubectl get events` tell its story.
 * A Tenant is cluster-scoped, and the API server requires events about cluster-scoped objects to live in
 * the "default" namespace; they expire with the server's event TTL (1 h by default).
 */
export async function recordTenantEvents(kube: KubeGateway, t: TenantObject, changed: Condition[], gate: WriteGate): Promise<void> {
  const ns = "default";
  const now = new Date().toISOString();
  for (const c of changed) {
    gate.before("event");
    await kube.create(models.Event, {
      metadata: {
        name: `${t.metadata.name}.${crypto.randomBytes(6).toString("hex")}`, namespace: ns, labels: { "kmetal.io/tenant": t.metadata.name },
        // lastTimestamp keeps whole seconds: this orders events of the same second as they were made.
        annotations: { [EVENT_TIME_ANNOTATION]: eventStamp() },
      },
      involvedObject: { apiVersion: "kmetal.io/v1alpha1", kind: "Tenant", name: t.metadata.name, uid: t.metadata.uid },
      reason: c.reason ?? c.type, message: `${c.type} is ${c.status}${c.message ? `: ${c.message}` : ""}`,
      type: c.status === "False" && c.type !== "Ready" && c.reason !== "Provisioning" && !c.reason?.endsWith("Pending") ? "Warning" : "Normal",
      source: { component: "kmetal-reconciler" }, reportingComponent: "kmetal-reconciler", reportingInstance: "kmetal-reconciler",
      firstTimestamp: now, lastTimestamp: now, count: 1,
    } as never).catch(() => {}); // events are best effort: never fail a reconcile over one
  }
}
