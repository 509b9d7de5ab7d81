import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The layer rule in eslint.config.js: routes/server → ui/auth → domain → db → lib → config.
 * Each case lints a made-up module placed in a layer and expects exactly the imports
 * that point upward (or reach across folders relatively) to be refused.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function refusedImports(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: file });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => source.split("\n")[m.line - 1]!.trim());
}

describe("layers point one way", () => {
  it.each([
    ["app/lib/x.ts", 'import { db } from "#app/db/db.server";'],
    ["app/lib/x.ts", 'import { can } from "#app/domain/permissions";'],
    ["app/db/x.ts", 'import { DomainError } from "#app/domain/errors.server";'],
    ["app/domain/x.ts", 'import { requireOrg } from "#app/auth/guard.server";'],
    ["app/domain/x.ts", 'import { Card } from "#app/ui/page";'],
    ["app/domain/x.ts", 'import { runMaintenance } from "#app/server/maintenance.server";'],
    ["app/auth/x.ts", 'import { Card } from "#app/ui/page";'],
    ["app/ui/x.ts", 'import { requireOrg } from "#app/auth/guard.server";'],
    ["app/config.server.ts", 'import { logger } from "#app/lib/logger.server";'],
    ["app/domain/x.ts", 'import { db } from "#app/db/db.server";'],
    ["app/domain/x.ts", 'import { withTenant } from "#app/db/tenant.server";'],
    ["app/domain/houses/x.ts", 'import { todayInZone } from "../../lib/dates";'],
    ["app/routes/x.tsx", 'import { sql } from "kysely";'],
  ])("%s may not: %s", async (file, line) => {
    expect(await refusedImports(file, `${line}\nexport const used = 1;\n`)).toEqual([line]);
  });

  it.each([
    ["app/routes/x.tsx", 'import { requireOrg } from "#app/auth/guard.server";'],
    ["app/ui/x.ts", 'import { HouseInput } from "#app/domain/houses/schemas";'],
    ["app/auth/x.ts", 'import { can } from "#app/domain/permissions";'],
    ["app/domain/x.ts", 'import type { Tx } from "#app/db/tenant.server";'],
    ["app/domain/x.ts", 'import { logger } from "#app/lib/logger.server";'],
    ["app/db/x.ts", 'import { config } from "#app/config.server";'],
    ["app/domain/houses/x.ts", 'import { HouseInput } from "./schemas";'],
  ])("%s may: %s", async (file, line) => {
    expect(await refusedImports(file, `${line}\nexport const used = 1;\n`)).toEqual([]);
  });
});
