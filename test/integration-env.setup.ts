import { inject } from "vitest";

// Services that use the console's own connection (underKube) find the run's local under cluster.
process.env.KMETAL_KUBECONFIG = inject("kubeconfigPath");
