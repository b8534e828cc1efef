import "server-only";
import type { TenantObject } from "@/lib/schemas/tenant";
import { OPERATION_ANNOTATION } from "@/lib/tenants/ca-rotation";
import { TENANT_FINALIZER } from "@/lib/tenants/names";
import { describeAction, SPEC_HASH, type Action, type Decision } from "@/lib/tenants/decide";
import { KubeError } from "@/server/kube/errors";
import type { KubeGateway } from "@/server/kube/gateway";
import { models } from "@/server/kube/models";
import { recordTenantEvents } from "@/server/reconciler/events";
import { ensureJoinSecret } from "@/server/reconciler/join";

export const FIELD_MANAGER = "kmetal-reconciler";

/**
 * Every write the reconciler sends passes this gate. `before` throws when this process may no longer write
 * (leadership lost, controller stopping), so a reconcile that is running at that moment sends nothing more;
 * `after` is told what was written (logs, and the crash points of the recovery test).
 */
export interface WriteGate {
  before(what: string): void;
  after(what: string): void;
}

/** Thrown by a gate: the reconcile stops where it is, and the next leader carries on from what is there. */
export class WritesStopped extends Error {
  constructor(readonly what: string, reason: string) {
    super(`not writing ${what}: ${reason}`);
  }
}

export const openGate: WriteGate = { before: () => {}, after: () => {} };

async function run(kube: KubeGateway, t: TenantObject, a: Action, gate: WriteGate): Promise<{ requeueAfterMs?: number } | void> {
  const name = t.metadata.name;
  const what = describeAction(a);
  const write = async (fn: () => Promise<unknown>) => {
    gate.before(what);
    await fn();
    gate.after(what);
  };
  switch (a.type) {
    case "addFinalizer":
      return write(() => kube.jsonPatch(models.Tenant, { name }, [
        { op: "test", path: "/metadata/resourceVersion", value: a.resourceVersion },
        a.hasFinalizers ? { op: "add", path: "/metadata/finalizers/-", value: TENANT_FINALIZER } : { op: "add", path: "/metadata/finalizers", value: [TENANT_FINALIZER] },
      ]));
    case "apply": {
      const o = a.desired.object;
      const obj = { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, [SPEC_HASH]: a.hash } } };
      return write(() => kube.apply(models[a.desired.model], obj as never, FIELD_MANAGER));
    }
    case "ensureShared": {
      // The cache said missing; a GET covers a cache that lags behind another tenant's create.
      if (await kube.find(models[a.desired.model], { name: a.desired.object.metadata.name })) return;
      return write(() => kube.apply(models[a.desired.model], a.desired.object as never, FIELD_MANAGER));
    }
    case "ensureJoinSecret":
      return ensureJoinSecret(kube, a.namespace, a.endpoint, a.adminSecretName, gate, a.caGeneration);
    case "delete":
      return write(() => kube.delete(models[a.model], { name: a.name, namespace: a.namespace }, { ignoreNotFound: true }));
    case "writeStatus":
      await write(() => kube.mergePatch(models.Tenant, { name }, { status: a.status }, "status"));
      return recordTenantEvents(kube, t, a.events, gate);
    case "writeCaRotation": {
      // A merge patch: fields of an earlier rotation that this one has not reached yet are set to null.
      const r = a.rotation;
      const rotation = { phase: r.phase, lastInitiationTime: r.lastInitiationTime ?? null, lastInitiationFinishedTime: r.lastInitiationFinishedTime ?? null,
        lastCompletionTriggeredTime: r.lastCompletionTriggeredTime ?? null, lastCompletionTime: r.lastCompletionTime ?? null };
      await write(() => kube.mergePatch(models.Tenant, { name }, { status: { credentials: { rotation: { certificateAuthorities: rotation } } } }, "status"));
      return recordTenantEvents(kube, t, a.events, gate);
    }
    case "clearOperation":
      try {
        await write(() => kube.jsonPatch(models.Tenant, { name }, [
          { op: "test", path: `/metadata/annotations/${OPERATION_ANNOTATION.replace("/", "~1")}`, value: a.value },
          { op: "remove", path: `/metadata/annotations/${OPERATION_ANNOTATION.replace("/", "~1")}` },
        ]));
      } catch (err) {
        if (!(err instanceof KubeError && (err.status === 404 || err.status === 422))) throw err;
        return { requeueAfterMs: 500 }; // changed meanwhile: decide again on the fresh object
      }
      return;
    case "markDeleting":
      return write(() => kube.mergePatch(models.Tenant, { name }, { status: { phase: "Deleting" } }, "status")).catch((err: unknown) => {
        if (err instanceof WritesStopped) throw err; // best effort, but never past the gate
      });
    case "removeFinalizer":
      try {
        await write(() => kube.jsonPatch(models.Tenant, { name }, [
          { op: "test", path: `/metadata/finalizers/${a.index}`, value: TENANT_FINALIZER },
          { op: "remove", path: `/metadata/finalizers/${a.index}` },
        ]));
      } catch (err) {
        if (!(err instanceof KubeError && (err.status === 404 || err.status === 422))) throw err;
        return { requeueAfterMs: 500 }; // the list moved under us: decide again on the fresh object
      }
  }
}

/** Executes a decision's actions in order; the first failure (or a closed gate) stops the rest. */
export async function act(kube: KubeGateway, t: TenantObject, d: Decision, gate: WriteGate): Promise<{ requeueAfterMs?: number }> {
  for (const a of d.actions) {
    const override = await run(kube, t, a, gate);
    if (override) return override;
  }
  return { requeueAfterMs: d.requeueAfterMs };
}
