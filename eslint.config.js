import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Layers point one way: routes and server → ui and auth → domain → db → lib → config.
 * A module may import its own layer and any layer below it, never one above; the
 * extra paths keep SQL and the global database out of the layers that must take `tx`.
 */
const LAYERS = ["routes", "server", "ui", "auth", "domain", "db", "lib", "config"];
const ABOVE = {
  routes: [],
  server: ["routes"],
  ui: ["routes", "server", "auth"],
  auth: ["routes", "server", "ui"],
  domain: ["routes", "server", "ui", "auth"],
  db: ["routes", "server", "ui", "auth", "domain"],
  lib: ["routes", "server", "ui", "auth", "domain", "db"],
  config: ["routes", "server", "ui", "auth", "domain", "db", "lib"],
};
const EXTRA_PATHS = {
  // Domain modules take the transaction as an argument; they never reach for the global
  // database (that would escape the tenant transaction, and deadlock PGlite), nor open
  // transactions of their own (nested transactions deadlock PGlite).
  domain: [
    { name: "#app/db/db.server", message: "Take `tx` as a parameter instead." },
    { name: "#app/db/tenant.server", importNames: ["withTenant", "withPlatform", "withWorker"], message: "Take `tx` as a parameter; the route opens the transaction." },
  ],
  routes: [
    { name: "#app/db/db.server", message: "Routes call domain functions inside withTenant." },
    { name: "kysely", message: "No SQL in routes." },
  ],
};

function layerRules() {
  return LAYERS.map((layer) => {
    const above = ABOVE[layer];
    const regex = above.length ? `^#app/(${above.map((l) => (l === "config" ? "config\\.server" : l)).join("|")})(/|$)` : null;
    return {
      files: layer === "config" ? ["app/config.server.ts"] : [`app/${layer}/**/*.{ts,tsx}`],
      ignores: ["app/**/*.test.ts"],
      rules: {
        "no-restricted-imports": [
          "error",
          {
            paths: EXTRA_PATHS[layer] ?? [],
            patterns: [
              ...(regex ? [{ regex, message: `Layers point one way (routes → ui/auth → domain → db → lib → config): ${layer} may not import a layer above it.` }] : []),
              { group: ["../*", "../**"], message: "Import across folders with #app/…; relative imports stay inside a folder." },
            ],
          },
        ],
      },
    };
  });
}

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
  ...layerRules(),
  {
    // Routes are thin: no SQL here, call a domain function instead.
    files: ["app/routes/**/*.{ts,tsx}"],
    rules: {
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
