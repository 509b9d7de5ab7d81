import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "data/**", "node_modules/**", "test-results/**", "playwright-report/**", ".cache/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: "readonly", console: "readonly", URL: "readonly", fetch: "readonly", Blob: "readonly", Buffer: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    // Domain modules take the transaction as an argument; they never reach for the
    // global database (that would escape the tenant transaction, and deadlock PGlite).
    // Nor do they open transactions of their own (nested transactions deadlock PGlite).
    files: ["app/domain/**/*.ts"],
    ignores: ["app/domain/**/*.test.ts", "app/domain/outbox/worker.server.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "#app/db/db.server", message: "Take `tx` as a parameter instead." },
            { name: "#app/db/tenant.server", importNames: ["withTenant", "withPlatform", "withWorker"], message: "Take `tx` as a parameter; the route opens the transaction." },
          ],
        },
      ],
    },
  },
  {
    // Routes are thin: no SQL here, call a domain function instead.
    files: ["app/routes/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "#app/db/db.server", message: "Routes call domain functions inside withTenant." }, { name: "kysely", message: "No SQL in routes." }] }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[property.name=/^(selectFrom|insertInto|updateTable|deleteFrom)$/]",
          message: "No SQL in routes: move the query into app/domain/.",
        },
      ],
    },
  },
);
