const USAGE = `kmetal – kMetal Console on a local under cluster

  kmetal up                 start the local under cluster and the console (foreground; Ctrl-C stops all)
  kmetal down               stop a running "kmetal up" and every process it started
  kmetal status [--json]    endpoints, kubeconfig path, console URL, health of each process
  kmetal kubeconfig [--tenant NAME]
                            print the path of the under cluster's (or a tenant's) admin kubeconfig
  kmetal reconcile          run the tenant reconciler alone (production; leader election on a Lease)
  kmetal prepare            build (once) and cache the control-plane binaries and the console
  kmetal manifests [--console-sa NAMESPACE/NAME] [--reconciler-sa NAMESPACE/NAME] [--helm]
                            print the RBAC and admission policies to apply on a real under cluster
                            (--helm: the Helm chart's templates/rbac.yaml, generated from the same code)
  kmetal policy-graph [--objects FILE.yaml --input FILE.json | --kubeconfig FILE] [--json]
                            who can reach whom across tenants, and the violations (exit 2: unreadable input)
  kmetal certs [--tenant NAME] [--kubeconfig FILE] [--json]
                            every certificate of the tenant PKIs, soonest end first, with its state
  kmetal rotate --tenant NAME (--leaves | --ca start|complete) [--kubeconfig FILE]
                            new leaf certificates from the same CA (Kamaji's rotation request), or a phase of
                            the tenant's CA rotation (start: both CAs trusted; complete: the old CA revoked); waits
  kmetal policy-trace --from A --to B --port tcp/443 [--objects F --input F | --kubeconfig F] [--json]
                            can A reach B? the hop-by-hop path and the objects that decide it
`;

/** Runs one command; returns the exit code. Errors are one readable line on stderr. */
export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case "up":
        return await (await import("@/server/cli/up")).up();
      case "down":
        return await (await import("@/server/cli/down")).down();
      case "status":
        return await (await import("@/server/cli/status")).status(rest.includes("--json"));
      case "prepare":
        return await (await import("@/server/cli/up")).prepare();
      case "kubeconfig": {
        const i = rest.indexOf("--tenant");
        return await (await import("@/server/cli/status")).kubeconfig(i >= 0 ? rest[i + 1] ?? "" : undefined);
      }
      case "manifests": {
        const flag = (name: string) => (rest.includes(name) ? rest[rest.indexOf(name) + 1] : undefined);
        return (await import("@/server/cli/manifests")).manifests({ consoleSa: flag("--console-sa"), reconcilerSa: flag("--reconciler-sa"), helm: rest.includes("--helm") });
      }
      case "reconcile": {
        const i = rest.indexOf("--crash-after");
        return await (await import("@/server/cli/reconcile")).reconcile(i >= 0 ? rest[i + 1] : undefined);
      }
      case "policy-graph":
        return await (await import("@/server/cli/policy-graph")).policyGraph(rest);
      case "certs":
        return await (await import("@/server/cli/certs")).certs(rest);
      case "rotate":
        return await (await import("@/server/cli/rotate")).rotate(rest);
      case "policy-trace":
        return await (await import("@/server/cli/policy-trace")).policyTrace(rest);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(USAGE);
        return cmd ? 0 : 2;
      default:
        process.stderr.write(`kmetal: unknown command "${cmd}"\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    process.stderr.write(`kmetal: ${(err as Error).message}\n`);
    return 1;
  }
}
