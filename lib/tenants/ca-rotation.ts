// A tenant CA rotation in two phases, triggered and sequenced the way Gardener rotates a shoot's CAs (GEP-18):
//
//   Preparing  the new CA joins the trust bundle; every client certificate the platform controls (admin,
//              controller-manager, scheduler, the apiserver's kubelet client, and the workers' credentials) is
//              issued again from the new CA; the controller-manager signs CSRs with it; kubeconfigs handed out
//              from now on trust both CAs. The serving certificate stays with the old CA, so kubeconfigs that
//              trust only the old CA keep working.
//   Prepared   both CAs are trusted; users fetch new kubeconfigs.
//   Completing the serving certificate is issued from the new CA, then the old CA leaves the trust bundle
//              and is deleted: every certificate it signed (old kubeconfigs, certificates minted through CSRs)
//              stops working. This is how a tenant certificate is revoked.
//   Completed  only the new CA is left.
//
// The request is an annotation on the Tenant (`kmetal.io/operation: rotate-ca-start | rotate-ca-complete`); the
// reconciler moves the phase in the Tenant's status, passes each phase to the operator as an annotation on the
// TenantControlPlane, and reads the operator's answer from another. Every step is a pure function of what is
// stored, so a process killed at any point carries on where the objects say it is.

export const OPERATION_ANNOTATION = "kmetal.io/operation";
export const CA_ROTATION_OPERATIONS = ["rotate-ca-start", "rotate-ca-complete"] as const;
export type CaRotationOperation = (typeof CA_ROTATION_OPERATIONS)[number];

/** On the TenantControlPlane, written by the reconciler: `<rotation id>/Prepare` or `<rotation id>/Complete`. */
export const CA_ROTATION_REQUEST = "kmetal.io/ca-rotation";
/** On the TenantControlPlane, written by the operator once a step is done: `<rotation id>/Prepared` or `<rotation id>/Completed`. */
export const CA_ROTATION_DONE = "kmetal.io/ca-rotation-done";

/** On the workers' join Secret: the CA rotation (its completion time) whose CA the Secret pins; none before the first. */
export const CA_GENERATION = "kmetal.io/ca-generation";
/** The CA generation in effect: the last completed rotation's (a rotation under way still serves the previous CA). */
export const caGeneration = (s: CaRotationStatus | undefined) => s?.lastCompletionTime;

export const CA_ROTATION_PHASES = ["Preparing", "Prepared", "Completing", "Completed"] as const;
export type CaRotationPhase = (typeof CA_ROTATION_PHASES)[number];

/** `status.credentials.rotation.certificateAuthorities` of a Tenant (Gardener's field names). */
export interface CaRotationStatus {
  phase: CaRotationPhase;
  /** When the rotation was started; also its id in the annotations. */
  lastInitiationTime?: string;
  lastInitiationFinishedTime?: string;
  lastCompletionTriggeredTime?: string;
  lastCompletionTime?: string;
}

export type CaRotationStep = "Prepare" | "Complete";

/** Whether a rotation may start now: none has, or the last one completed. */
export const canStartCaRotation = (s: CaRotationStatus | undefined) => !s || s.phase === "Completed";
/** Whether the rotation may be completed now: its first phase is done. */
export const canCompleteCaRotation = (s: CaRotationStatus | undefined) => s?.phase === "Prepared";

/** Why an operation cannot be asked for now, or undefined when it can. */
export function refusalOf(op: CaRotationOperation, s: CaRotationStatus | undefined): string | undefined {
  if (op === "rotate-ca-start") return canStartCaRotation(s) ? undefined : `a CA rotation is already in progress (${s!.phase})`;
  if (canCompleteCaRotation(s)) return undefined;
  return s ? `the CA rotation is ${s.phase}; it can be completed once it is Prepared` : "no CA rotation has been started";
}

/** The step the operator is asked for, as the TenantControlPlane annotation's value; undefined when none ever was. */
export function caRotationRequest(s: CaRotationStatus | undefined): string | undefined {
  if (!s?.lastInitiationTime) return undefined;
  const step: CaRotationStep = s.phase === "Preparing" || s.phase === "Prepared" ? "Prepare" : "Complete";
  return `${s.lastInitiationTime}/${step}`;
}

/** The request annotation, parsed. */
export function parseCaRotationRequest(value: string | undefined): { id: string; step: CaRotationStep } | undefined {
  const m = value ? /^(.+)\/(Prepare|Complete)$/.exec(value) : null;
  return m ? { id: m[1]!, step: m[2] as CaRotationStep } : undefined;
}

/** The operator's answer for a request: the annotation value that says the step is done. */
export const caRotationDone = (id: string, step: CaRotationStep) => `${id}/${step === "Prepare" ? "Prepared" : "Completed"}`;

export interface CaRotationDecision {
  /** The status to write, when it changes. */
  status?: CaRotationStatus;
  /** The operation annotation to remove (it was taken, or it cannot be taken). */
  clear?: string;
  /** Why an operation was not taken. */
  refused?: string;
}

/**
 * The next state of a tenant's CA rotation from its status, the operation annotation and the operator's answer.
 * An operation is taken (or refused) and cleared; the operator's answer moves Preparing to Prepared and
 * Completing to Completed. `now` is the time written (lib reads no clock).
 */
export function nextCaRotation(current: CaRotationStatus | undefined, operation: string | undefined, done: string | undefined, now: string): CaRotationDecision {
  if (operation !== undefined) {
    if (!(CA_ROTATION_OPERATIONS as readonly string[]).includes(operation)) return { clear: operation, refused: `unknown operation "${operation}"` };
    const op = operation as CaRotationOperation;
    const refused = refusalOf(op, current);
    // An operation whose status was written before a crash and not cleared is cleared now, nothing else.
    const alreadyTaken = (op === "rotate-ca-start" && current?.phase === "Preparing") || (op === "rotate-ca-complete" && current?.phase === "Completing");
    if (alreadyTaken) return { clear: operation };
    if (refused) return { clear: operation, refused };
    if (op === "rotate-ca-start") return { status: { phase: "Preparing", lastInitiationTime: now, ...(current?.lastCompletionTime ? { lastCompletionTime: current.lastCompletionTime } : {}) }, clear: operation };
    return { status: { ...current!, phase: "Completing", lastCompletionTriggeredTime: now }, clear: operation };
  }
  if (!current?.lastInitiationTime) return {};
  const id = current.lastInitiationTime;
  if (current.phase === "Preparing" && done === caRotationDone(id, "Prepare")) return { status: { ...current, phase: "Prepared", lastInitiationFinishedTime: now } };
  if (current.phase === "Completing" && done === caRotationDone(id, "Complete")) return { status: { ...current, phase: "Completed", lastCompletionTime: now } };
  return {};
}
