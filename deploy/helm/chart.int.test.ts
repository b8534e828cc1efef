import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { installCrds, readCrdFiles } from "@/server/kube/crds";
import { models } from "@/server/kube/models";
import { repoRoot } from "@/server/local/binaries";
import { chartDir, chartGeneratedFiles } from "@/scripts/render-chart";
import { freshNamespace, testGateway } from "@/test/kube";
import { helmBinary, modelFor, RBAC_KINDS, runHelm, sortKey, template, type KubeDoc } from "@/deploy/helm/chart-testing";

// Proof of the Helm chart: it lints, renders with the default values and with every option on, every object
// it renders is accepted by a real API server (server-side dry-run, CRDs installed first), its RBAC is exactly
// what `kmetal manifests` prints, and values.schema.json turns wrong values into readable errors.

const admin = testGateway();

/** Every option on: single sign-on, Ingress with the sign-in rate limit, HTTPRoute, metrics token and ServiceMonitor, egress rules, hard anti-affinity. */
const ALL_ON = {
  image: { repository: "registry.example.com/kmetal/console", digest: `sha256:${"a".repeat(64)}` },
  imagePullSecrets: [{ name: "pull" }],
  oidc: { enabled: true, issuer: "https://id.example.com/realms/main", roleMap: "platform-admins=platform-admin,noc=platform-viewer", existingSecret: "kmetal-oidc" },
  console: { url: "https://console.example.com", antiAffinity: "hard", extraEnv: [{ name: "NODE_OPTIONS", value: "--max-old-space-size=512" }], podAnnotations: { a: "b" } },
  reconciler: { antiAffinity: "hard", tolerations: [{ key: "infra", operator: "Exists", effect: "NoSchedule" }] },
  serviceAccount: { console: { annotations: { team: "platform" } } },
  ingress: {
    enabled: true, className: "nginx", host: "console.example.com", tlsSecretName: "console-tls", annotations: { "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600" },
    signInRateLimit: { enabled: true, annotations: { "example.com/sign-in-limit": "strict" } },
  },
  httpRoute: { enabled: true, hostnames: ["console.example.com"], parentRefs: [{ name: "public", namespace: "gateway-system", sectionName: "https" }] },
  networkPolicy: {
    consoleFrom: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }],
    egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ port: 6443, protocol: "TCP" }, { port: 443, protocol: "TCP" }] }],
  },
  metrics: { existingSecret: "kmetal-metrics" },
  serviceMonitor: { enabled: true, labels: { release: "prometheus" } },
};

beforeAll(async () => {
  await helmBinary();
  // The optional objects' kinds come from the Gateway API and the Prometheus Operator.
  await installCrds(admin, readCrdFiles(path.join(repoRoot(), "deploy", "helm", "test-crds")));
}, 1_200_000);

describe("the Helm chart", () => {
  it("holds exactly what the code generates (templates/rbac.yaml, the CRD copies)", () => {
    for (const [rel, text] of chartGeneratedFiles()) {
      expect(fs.readFileSync(path.join(chartDir(), rel), "utf8"), `${rel} is out of date: run npm run render:chart`).toBe(text);
    }
    expect(fs.readdirSync(path.join(chartDir(), "files", "crds")).sort()).toEqual(fs.readdirSync(path.join(repoRoot(), "deploy", "crds", "kmetal")).sort());
  });

  it("passes helm lint with the default values and with every option on", () => {
    for (const values of [undefined, ALL_ON]) {
      const res = runHelm(["lint", "--strict", chartDir()], values);
      expect(res.code, res.stdout + res.stderr).toBe(0);
      expect(res.stdout).toContain("1 chart(s) linted, 0 chart(s) failed");
    }
  });

  it("renders what each setting asks for", () => {
    const kinds = (docs: KubeDoc[]) => [...new Set(docs.map((d) => d.kind))].sort();
    const plain = template("kmetal", "kmetal-system");
    expect(kinds(plain)).toEqual(["ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "Deployment", "NetworkPolicy", "PodDisruptionBudget", "Role", "RoleBinding", "Service", "ServiceAccount", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"]);
    const all = template("kmetal", "kmetal-system", ALL_ON);
    expect(kinds(all)).toEqual([...kinds(plain), "HTTPRoute", "Ingress", "ServiceMonitor"].sort());

    const deployment = (docs: KubeDoc[], component: string) => docs.find((d) => d.kind === "Deployment" && d.metadata.name.endsWith(component)) as unknown as DeploymentDoc;
    const web = deployment(plain, "-console");
    expect(web.spec.replicas).toBe(2);
    const c = web.spec.template.spec.containers[0]!;
    expect(c.command).toEqual(["node", "server.js"]);
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    expect(web.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(c.readinessProbe.httpGet.path).toBe("/api/healthz/ready");
    expect(c.livenessProbe.httpGet.path).toBe("/api/healthz");
    expect(c.env.find((e) => e.name === "AUTH_SECRET")?.valueFrom).toEqual({ secretKeyRef: { name: "kmetal-auth", key: "AUTH_SECRET" } });
    expect(c.env.some((e) => e.name.startsWith("KMETAL_OIDC_"))).toBe(false);
    const sso = deployment(all, "-console").spec.template.spec.containers[0]!;
    expect(sso.image).toBe(`registry.example.com/kmetal/console@sha256:${"a".repeat(64)}`);
    expect(sso.env.find((e) => e.name === "KMETAL_OIDC_CLIENT_SECRET")?.valueFrom).toEqual({ secretKeyRef: { name: "kmetal-oidc", key: "client-secret" } });
    expect(sso.env.find((e) => e.name === "AUTH_URL")?.value).toBe("https://console.example.com");
    // /metrics: the console's token and the ServiceMonitor's come from the same Secret; without one, no token.
    expect(c.env.some((e) => e.name === "KMETAL_METRICS_TOKEN")).toBe(false);
    expect(sso.env.find((e) => e.name === "KMETAL_METRICS_TOKEN")?.valueFrom).toEqual({ secretKeyRef: { name: "kmetal-metrics", key: "token" } });
    const monitor = all.find((d) => d.kind === "ServiceMonitor") as unknown as { spec: { endpoints: unknown[] } };
    expect(monitor.spec.endpoints).toEqual([{ port: "http", path: "/metrics", interval: "30s", authorization: { type: "Bearer", credentials: { name: "kmetal-metrics", key: "token" } } }]);
    // The sign-in rate limit: a second Ingress for the password sign-in paths only, with the controller's limit.
    const ingresses = all.filter((d) => d.kind === "Ingress") as unknown as IngressDoc[];
    expect(ingresses.map((i) => i.metadata.name).sort()).toEqual(["kmetal-console", "kmetal-console-sign-in"]);
    const signIn = ingresses.find((i) => i.metadata.name.endsWith("-sign-in"))!;
    expect(signIn.metadata.annotations).toEqual({
      "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600", "nginx.ingress.kubernetes.io/limit-rpm": "6", "nginx.ingress.kubernetes.io/limit-burst-multiplier": "5", "example.com/sign-in-limit": "strict",
    });
    expect(signIn.spec.rules).toEqual([{ host: "console.example.com", http: { paths: ["/login", "/api/auth/callback/credentials"].map((p) => ({ path: p, pathType: "Exact", backend: { service: { name: "kmetal-console", port: { name: "http" } } } })) } }]);
    expect(signIn.spec.tls).toEqual(ingresses.find((i) => i !== signIn)!.spec.tls);

    const rec = deployment(plain, "-reconciler");
    expect(rec.spec.replicas).toBe(2);
    const r = rec.spec.template.spec.containers[0]!;
    expect(r.command).toEqual(["node", "kmetal.mjs", "reconcile"]);
    expect(r.env.find((e) => e.name === "KMETAL_RECONCILER_ID")?.valueFrom).toEqual({ fieldRef: { fieldPath: "metadata.name" } });
    // Each tenant's reconcile grants the console's service account what it issues kubeconfigs from.
    const consoleSa = plain.find((d) => d.kind === "ServiceAccount" && d.metadata.name.endsWith("-console"))!.metadata.name;
    expect(r.env.find((e) => e.name === "KMETAL_CONSOLE_SERVICE_ACCOUNT")?.value).toBe(`kmetal-system/${consoleSa}`);
    // The CRDs survive an uninstall (deleting one would delete every Tenant).
    for (const crd of plain.filter((d) => d.kind === "CustomResourceDefinition")) {
      expect((crd.metadata.annotations as Record<string, string>)["helm.sh/resource-policy"]).toBe("keep");
    }
  });

  it("is accepted object by object by a real API server (server-side dry-run), with default values and every option on", async () => {
    const ns = await freshNamespace(admin, "chart");
    try {
      const discovery = new Map();
      for (const values of [undefined, ALL_ON]) {
        const docs = template("kmetal", ns.name, values);
        // CRDs first, as Helm installs them; every namespaced object lands in the release's namespace.
        docs.sort((a, b) => Number(b.kind === "CustomResourceDefinition") - Number(a.kind === "CustomResourceDefinition"));
        for (const doc of docs) {
          const model = await modelFor(admin, doc, discovery);
          if (model.namespaced) expect(doc.metadata.namespace, sortKey(doc)).toBe(ns.name);
          const out = await admin.apply(model, doc as never, "kmetal-chart-test", { dryRun: true }).catch((e: Error) => e);
          expect(out instanceof Error ? `${sortKey(doc)}: ${out.message}` : "accepted").toBe("accepted");
        }
        // Dry-run: nothing was stored.
        expect((await admin.list(models.Secret, { namespace: ns.name })).items).toEqual([]);
        // (Cluster-scoped names such as kmetal:console are shared with other tests, so the namespace is what tells.)
        const deployments = await admin.request<{ items: unknown[] }>("GET", `/apis/apps/v1/namespaces/${ns.name}/deployments`);
        expect(deployments.items).toEqual([]);
        const roles = await admin.list(models.Role, { namespace: ns.name });
        expect(roles.items).toEqual([]);
      }
    } finally {
      await ns.cleanup();
    }
  });

  it("holds exactly the RBAC and admission policies `kmetal manifests` prints for its namespace and service accounts", () => {
    const ns = "kmetal-prod";
    const docs = template("kmetal", ns);
    const sa = (component: string) => docs.find((d) => d.kind === "ServiceAccount" && d.metadata.name.endsWith(component))!.metadata.name;
    const cli = spawnSync(process.execPath, ["bin/kmetal.mjs", "manifests", "--console-sa", `${ns}/${sa("-console")}`, "--reconciler-sa", `${ns}/${sa("-reconciler")}`], {
      cwd: repoRoot(), encoding: "utf8", env: { ...process.env, KMETAL_NAMESPACE: ns },
    });
    expect(cli.status, cli.stderr).toBe(0);
    const printed = (yaml.loadAll(cli.stdout) as KubeDoc[]).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    const rendered = docs.filter((d) => RBAC_KINDS.has(d.kind)).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    expect(printed.length).toBeGreaterThan(10);
    expect(rendered).toEqual(printed);
    // With rbac.create off the chart leaves them to `kmetal manifests | kubectl apply -f -`.
    expect(template("kmetal", ns, { rbac: { create: false } }).filter((d) => RBAC_KINDS.has(d.kind))).toEqual([]);
  });

  it("refuses wrong values at install with a message naming the value", () => {
    const refused = (values: unknown) => {
      const res = runHelm(["template", "kmetal", chartDir(), "--namespace", "kmetal-system"], values);
      expect(res.code, res.stdout.slice(0, 200)).not.toBe(0);
      return res.stderr;
    };
    const cases: [unknown, RegExp[]][] = [
      [{ console: { replicas: 0 } }, [/values don't meet the specifications of the schema/, /at '\/console\/replicas': minimum: got 0, want 1/]],
      [{ console: { trustedProxies: "one" } }, [/at '\/console\/trustedProxies': got string, want integer/]],
      [{ console: { session: { idle: "30 minutes" } } }, [/at '\/console\/session\/idle': '30 minutes' does not match pattern/]],
      [{ consol: { replicas: 2 } }, [/additional properties 'consol' not allowed/]],
      [{ oidc: { enabled: true } }, [/at '\/oidc\/issuer': minLength/, /at '\/oidc\/roleMap': minLength/, /at '\/oidc\/existingSecret': minLength/]],
      [{ oidc: { enabled: true, issuer: "https://id.example.com", roleMap: "admins=platform-admin,noc=root", existingSecret: "o" } }, [/oidc.roleMap: entry "noc=root" is not group=role with a role of platform-admin/]],
      [{ podSecurityContext: { runAsNonRoot: false } }, [/at '\/podSecurityContext\/runAsNonRoot': value must be true/]],
      [{ httpRoute: { enabled: true } }, [/at '\/httpRoute\/parentRefs': minItems/]],
      [{ image: { repository: "" } }, [/at '\/image\/repository': minLength/]],
      [{ console: { extraEnv: [{ name: "AUTH_SECRET", value: "x" }] } }, [/console.extraEnv: AUTH_SECRET is set by the chart/]],
      [{ serviceMonitor: { enabled: true } }, [/at '\/metrics\/existingSecret': minLength: got 0, want 1/]],
      [{ ingress: { signInRateLimit: { requestsPerMinute: 0 } } }, [/at '\/ingress\/signInRateLimit\/requestsPerMinute': minimum: got 0, want 1/]],
    ];
    for (const [values, messages] of cases) {
      const stderr = refused(values);
      for (const m of messages) expect(stderr, JSON.stringify(values)).toMatch(m);
    }
    // And a well-formed production setting is accepted.
    expect(runHelm(["template", "kmetal", chartDir(), "--namespace", "kmetal-system"], { console: { replicas: 3, trustedProxies: 2, session: { idle: "8h" } } }).code).toBe(0);
  });
});

interface IngressDoc {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { rules: unknown[]; tls?: unknown[] };
}

interface DeploymentDoc {
  spec: {
    replicas: number;
    template: { spec: { securityContext: unknown; containers: { image: string; command: string[]; securityContext: unknown; env: { name: string; value?: string; valueFrom?: unknown }[]; readinessProbe: { httpGet: { path: string } }; livenessProbe: { httpGet: { path: string } } }[] } };
  };
}
