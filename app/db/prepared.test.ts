import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "#tests/support/db";
import { withPlatform } from "./tenant.server";

/**
 * On PostgreSQL the app's statements are named prepared statements: a connection parses
 * and plans each text once, then only binds and executes it (docs/performance.md).
 */
const t = useTestDatabase();

describe("prepared statements (PostgreSQL)", () => {
  it("prepares a statement with parameters once per connection and runs it again by name", async () => {
    if (t.handle.kind !== "pg") return; // PGlite runs in-process: nothing to name
    const marker = `prepared-${Math.random().toString(36).slice(2)}`;
    const prepared = await withPlatform({}, async (tx) => {
      for (let i = 0; i < 3; i++) await sql`select ${marker}::text as marker, ${i}::int as i`.execute(tx);
      const { rows } = await sql<{ name: string; calls: string }>`
        select name, statement as calls from pg_prepared_statements where statement like ${`%::text as marker, %`}`.execute(tx);
      return rows;
    });
    expect(prepared).toHaveLength(1);
    expect(prepared[0]!.name).toMatch(/^hearth_/);
  });

  it("sends a text without parameters that holds several statements as a simple query", async () => {
    if (t.handle.kind !== "pg") return;
    const value = await withPlatform({}, async (tx) => {
      await sql.raw("select set_config('app.probe_a', 'a', true); select set_config('app.probe_b', 'b', true)").execute(tx);
      const { rows } = await sql<{ v: string }>`select current_setting('app.probe_a') || current_setting('app.probe_b') as v`.execute(tx);
      return rows[0]!.v;
    });
    expect(value).toBe("ab");
  });
});
