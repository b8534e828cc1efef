import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import fetch, { Headers } from "node-fetch";
import type { Impersonation } from "@/lib/authz/rbac";
import { KubeError, toKubeError } from "@/server/kube/errors";
import { apiVersionOf, collectionPath, objectPath, type ObjectRef, type ResourceModel } from "@/server/kube/models";

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  query?: Record<string, string | number | boolean | undefined>;
  timeoutMs?: number;
  /** Return the raw text instead of parsing JSON (e.g. /readyz). */
  text?: boolean;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** One page of at most this many objects; the answer's `metadata.continue` asks for the next. */
  limit?: number;
  continue?: string;
}

export type JsonPatchOp =
  | { op: "add" | "replace" | "test"; path: string; value: unknown }
  | { op: "remove"; path: string };

const FIELD_MANAGER = "kmetal-console";

/** Anything with Kubernetes metadata (client-node's types and our own CRD types alike). */
export type KubeObj = { metadata?: { name?: string; namespace?: string; deletionTimestamp?: unknown } };

/**
 * The one choke point for requests to a Kubernetes API server. Every failure is thrown as a KubeError
 * that carries the server's own Status message.
 */
export class KubeGateway {
  /** `impersonate`: send every request as this user and groups (Impersonate-User / Impersonate-Group). */
  constructor(readonly kc: KubeConfig, readonly impersonate?: Impersonation) {}

  /** The same connection, acting as a signed-in user: the API server authorizes each request as that user. */
  as(who: Impersonation): KubeGateway {
    return new KubeGateway(this.kc, who);
  }

  /** The API server URL this gateway talks to. */
  get server(): string {
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) throw new KubeError(0, "NoCluster", "the kubeconfig has no current cluster");
    return cluster.server;
  }

  /**
   * One request; a read the server answers with 429 (e.g. "storage is (re)initializing" just after a CRD is
   * created, or API priority and fairness shedding load) is retried after its Retry-After, a few times.
   */
  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.requestOnce<T>(method, path, opts);
      } catch (err) {
        if (!(method === "GET" && err instanceof KubeError && err.status === 429 && attempt < 4)) throw err;
        await new Promise((r) => setTimeout(r, Math.min(err.retryAfterSeconds ?? 1, 2) * 1000));
      }
    }
  }

  private async requestOnce<T>(method: string, path: string, opts: RequestOptions): Promise<T> {
    const url = new URL(this.server.replace(/\/$/, "") + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const init = (await this.kc.applyToFetchOptions({})) as Parameters<typeof fetch>[1] & { headers?: unknown };
    const headers = new Headers(init?.headers as ConstructorParameters<typeof Headers>[0]);
    headers.set("Accept", "application/json");
    // Only the gateway sets these, from the session; nothing from an incoming request is ever forwarded.
    for (const h of [...headers.keys()]) if (h.toLowerCase().startsWith("impersonate-")) headers.delete(h);
    if (this.impersonate) {
      headers.set("Impersonate-User", this.impersonate.user);
      for (const group of this.impersonate.groups) headers.append("Impersonate-Group", group);
    }
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
      headers.set("Content-Type", opts.contentType ?? "application/json");
    }
    const signal = AbortSignal.timeout(opts.timeoutMs ?? 30_000);
    let res;
    try {
      res = await fetch(url.toString(), { ...init, method, headers, body, signal: signal as never });
    } catch (err) {
      if ((err as { name?: string }).name === "AbortError") {
        throw new KubeError(0, "Timeout", `the API server did not answer ${method} ${path} in time`);
      }
      throw toKubeError(err);
    }
    const text = await res.text();
    if (!res.ok) {
      // Health endpoints answer in plain text ("[-]etcd failed: …"); keep it as the message.
      if (opts.text && text && !text.startsWith("{")) throw new KubeError(res.status, "HealthCheckFailed", text.trim());
      throw toKubeError({ code: res.status, body: text });
    }
    if (opts.text) return text as T;
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T extends KubeObj>(m: ResourceModel, ref: ObjectRef): Promise<T> {
    return this.request<T>("GET", objectPath(m, ref));
  }

  /** Returns undefined instead of throwing on 404. */
  async find<T extends KubeObj>(m: ResourceModel, ref: ObjectRef): Promise<T | undefined> {
    try {
      return await this.get<T>(m, ref);
    } catch (err) {
      if (err instanceof KubeError && err.status === 404) return undefined;
      throw err;
    }
  }

  list<T>(m: ResourceModel, opts: ListOptions = {}): Promise<{ metadata?: { resourceVersion?: string; continue?: string }; items: T[] }> {
    return this.request("GET", collectionPath(m, opts.namespace), {
      query: { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector, limit: opts.limit, continue: opts.continue },
    });
  }

  /** `dryRun`: the server validates and admits the object (schema, CEL rules, admission) without storing it. */
  create<T extends KubeObj>(m: ResourceModel, obj: T, opts: { dryRun?: boolean } = {}): Promise<T> {
    const body = { ...obj, apiVersion: apiVersionOf(m), kind: m.kind };
    const query = { fieldManager: FIELD_MANAGER, dryRun: opts.dryRun ? "All" : undefined };
    return this.request<T>("POST", collectionPath(m, obj.metadata?.namespace), { body, query });
  }

  /** JSON merge patch of only the fields the caller owns. */
  mergePatch<T extends KubeObj>(m: ResourceModel, ref: ObjectRef, patch: unknown, subresource?: "status"): Promise<T> {
    const path = objectPath(m, ref) + (subresource ? `/${subresource}` : "");
    return this.request<T>("PATCH", path, {
      body: patch, contentType: "application/merge-patch+json", query: { fieldManager: FIELD_MANAGER },
    });
  }

  /** JSON patch; start with a `test` op when changing one list item. */
  jsonPatch<T extends KubeObj>(m: ResourceModel, ref: ObjectRef, ops: JsonPatchOp[]): Promise<T> {
    return this.request<T>("PATCH", objectPath(m, ref), {
      body: ops, contentType: "application/json-patch+json", query: { fieldManager: FIELD_MANAGER },
    });
  }

  /**
   * Server-side apply: create or update, owned by `fieldManager`. Works for objects too large for client-side apply.
   * `dryRun`: validated and admitted as if stored (schema, RBAC escalation checks, admission), but not stored.
   */
  apply<T extends KubeObj>(m: ResourceModel, obj: T, fieldManager = FIELD_MANAGER, opts: { dryRun?: boolean } = {}): Promise<T> {
    const name = obj.metadata?.name;
    if (!name) throw new KubeError(400, "Invalid", "metadata.name is required");
    const body = { ...obj, apiVersion: apiVersionOf(m), kind: m.kind };
    return this.request<T>("PATCH", objectPath(m, { name, namespace: obj.metadata?.namespace }), {
      body, contentType: "application/apply-patch+yaml", query: { fieldManager, force: true, dryRun: opts.dryRun ? "All" : undefined },
    });
  }

  /** `gracePeriodSeconds: 0` removes a pod at once, without waiting for a kubelet to confirm. */
  async delete(m: ResourceModel, ref: ObjectRef, opts: { ignoreNotFound?: boolean; gracePeriodSeconds?: number } = {}): Promise<void> {
    try {
      await this.request("DELETE", objectPath(m, ref), { body: { propagationPolicy: "Background", gracePeriodSeconds: opts.gracePeriodSeconds } });
    } catch (err) {
      if (opts.ignoreNotFound && err instanceof KubeError && err.status === 404) return;
      throw err;
    }
  }

  /** GET /version: the server's build info. */
  version(): Promise<{ gitVersion: string; major: string; minor: string; platform: string; goVersion: string }> {
    return this.request("GET", "/version", { timeoutMs: 5_000 });
  }

  /** GET /readyz?verbose: resolves to the check list when ready, throws a KubeError otherwise. */
  readyz(): Promise<string> {
    return this.request<string>("GET", "/readyz", { query: { verbose: true }, text: true, timeoutMs: 5_000 });
  }
}
