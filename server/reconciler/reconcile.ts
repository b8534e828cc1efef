import "server-only";
import crypto from "node:crypto";
import type { ConsoleSubject } from "@/lib/authz/rbac";
import { decide } from "@/lib/tenants/decide";
import { stableJson } from "@/lib/tenants/status";
import type { KubeGateway } from "@/server/kube/gateway";
import { act, openGate, type WriteGate } from "@/server/reconciler/act";
import { observeTeardown, observeTenant, type Caches } from "@/server/reconciler/observe";

export { FIELD_MANAGER } from "@/server/reconciler/act";

export interface ReconcileContext extends Caches {
  kube: KubeGateway;
  log: (line: string) => void;
  /** The console's identity on a real under cluster, granted per tenant what it needs (see tenantRbac). */
  consoleSubject?: ConsoleSubject;
}

/** KMETAL_CONSOLE_SERVICE_ACCOUNT "namespace/name", as an RBAC subject. */
export function consoleSubjectFrom(text: string | undefined): ConsoleSubject | undefined {
  if (!text) return undefined;
  const [namespace, name] = text.split("/", 2);
  return { kind: "ServiceAccount", namespace, name: name! };
}

export type Outcome = { requeueAfterMs?: number };

const hash = (object: unknown) => crypto.createHash("sha256").update(stableJson(object)).digest("hex").slice(0, 16);

/**
 * Makes the under cluster hold exactly what one tenant needs: observe (caches), decide (pure, in
 * lib/tenants/decide.ts), act (through the gate). Level-triggered and idempotent: every name is
 * deterministic and every write is a server-side apply, so a crash at any point converges on the next run.
 */
export async function reconcileTenant(ctx: ReconcileContext, name: string, gate: WriteGate = openGate): Promise<Outcome> {
  const tenant = ctx.tenants.get(name);
  if (!tenant) return {};
  const world = tenant.metadata.deletionTimestamp ? await observeTeardown(ctx.kube, ctx, tenant) : observeTenant(ctx, tenant);
  const decision = decide(tenant, world, { now: new Date().toISOString(), hash, consoleSubject: ctx.consoleSubject });
  const outcome = await act(ctx.kube, tenant, decision, gate);
  if (decision.log && outcome.requeueAfterMs === decision.requeueAfterMs) ctx.log(decision.log);
  return outcome;
}
