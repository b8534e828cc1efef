import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The layering rules of the house tour (STYLE.md §1), enforced: a violation fails `npm test`.
const clientNode = { group: ["@kubernetes/client-node"], message: "Only server/kube talks to the API server: use its gateway and helpers (e.g. gatewayFromFile).", allowTypeImports: true };
const nodeBuiltins = { group: ["node:*"], message: "lib/ is pure and isomorphic: no Node built-ins." };
const serverCode = { group: ["@/server/*"], message: "components/ and lib/ never import server/ (type-only AppRouter excepted).", allowTypeImports: true };
const appCode = { group: ["@/app/*"], message: "Only app/ imports app/: move shared types to lib/." };
const uiCode = { group: ["@/components/*"], message: "lib/ is below components/: it never imports them." };
const reconciler = { group: ["@/server/reconciler/*"], message: "Services and request handlers do not import the reconciler: share through lib/." };
const localRuntime = { group: ["@/server/local/*"], message: "Request handlers never import server/local: only the CLI and the test setup start it." };
const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly", fetch: "readonly", AbortSignal: "readonly", setTimeout: "readonly", clearTimeout: "readonly", performance: "readonly", AbortController: "readonly", document: "readonly", window: "readonly", localStorage: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      ...restrict(clientNode),
    },
  },
  // TypeScript checks names itself; no-undef only misfires on types and globals there.
  { files: ["**/*.ts", "**/*.tsx"], rules: { "no-undef": "off" } },
  { files: ["server/kube/**"], rules: { "no-restricted-imports": "off" } },
  { files: ["lib/**"], ignores: ["lib/**/*.test.ts", "lib/env.js"], rules: restrict(clientNode, nodeBuiltins, serverCode, appCode, uiCode) },
  { files: ["lib/**/*.test.ts"], rules: restrict(clientNode, serverCode, appCode, uiCode) },
  { files: ["components/**"], rules: restrict(clientNode, serverCode, appCode) },
  { files: ["server/services/**", "server/api/**", "server/auth/**", "app/**"], ignores: ["**/*.test.ts"], rules: restrict(clientNode, reconciler, localRuntime) },
);
