import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly", fetch: "readonly", AbortSignal: "readonly", setTimeout: "readonly", clearTimeout: "readonly", performance: "readonly", AbortController: "readonly", document: "readonly", window: "readonly", localStorage: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      // The layering rules of the house tour, enforced.
      "no-restricted-imports": ["error", { patterns: [{ group: ["@kubernetes/client-node"], message: "Only server/kube talks to the API server.", allowTypeImports: true }] }],
    },
  },
  // TypeScript checks names itself; no-undef only misfires on types and globals there.
  { files: ["**/*.ts", "**/*.tsx"], rules: { "no-undef": "off" } },
  { files: ["server/kube/**", "server/cli/**", "server/local/**", "test/**", "e2e/**", "scripts/**", "**/*.int.test.ts"], rules: { "no-restricted-imports": "off" } },
  {
    files: ["components/**", "lib/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/server/*"], message: "components/ and lib/ never import server/ (type-only AppRouter excepted).", allowTypeImports: true }, { group: ["@kubernetes/client-node"], message: "Only server/kube talks to the API server.", allowTypeImports: true }] }],
    },
  },
);
