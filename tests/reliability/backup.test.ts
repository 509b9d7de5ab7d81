import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Kysely } from "kysely";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDbHandle, openPglite } from "#app/db/db.server";
import { PGliteDialect } from "#app/db/pglite-dialect.server";
import { backupDatabase, tableFingerprints } from "#db/backup";
import { seedDemo } from "#db/seed/demo";
import { useTestDatabase } from "#tests/support/db";
import { recordFigures } from "#tests/support/reliability";
import { adminUrl, withDatabaseName } from "#tests/support/urls";

/**
 * `npm run db:backup` and `npm run db:restore` round-trip the demo world into a fresh
 * database with identical per-table row counts and checksums: a custom-format dump on
 * PostgreSQL, PGlite's own dump for the embedded database.
 */
const t = useTestDatabase();
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-backup-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/db.ts", ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: "development", LOG_LEVEL: "silent", ...env },
  });

describe("backup and restore", () => {
  it("round-trips every table: same row counts and checksums", { timeout: 180_000 }, async () => {
    await seedDemo();
    const before = await tableFingerprints(t.db);
    const file = path.join(dir, t.handle.kind === "pg" ? "hearth.dump" : "hearth.tar.gz");
    let after: typeof before;
    if (t.handle.kind === "pg") {
      const url = t.handle.databaseUrl!;
      const out = await cli(["backup", file], { DATABASE_URL: url });
      expect(out.stdout).toMatch(/Backed up \d+ tables/);
      const fresh = `${new URL(url).pathname.slice(1)}_restore`;
      const admin = new pg.Client({ connectionString: adminUrl(url) });
      await admin.connect();
      await admin.query(`create database ${fresh}`);
      try {
        const restored = await cli(["restore", file], { DATABASE_URL: withDatabaseName(url, fresh) });
        expect(restored.stdout).toMatch(/Restored \d+ tables/);
        const handle = await createDbHandle({ databaseUrl: withDatabaseName(url, fresh) });
        after = await tableFingerprints(handle.db);
        await handle.close();
      } finally {
        await admin.query(`drop database if exists ${fresh} with (force)`);
        await admin.end();
      }
    } else {
      await backupDatabase(t.handle, file); // the same code `npm run db:backup` runs on a data dir
      const target = path.join(dir, "pgdata");
      const restored = await cli(["restore", file], { PGLITE_DIR: target });
      expect(restored.stdout).toMatch(/Restored \d+ tables/);
      const pglite = await openPglite(target);
      const db = new Kysely<any>({ dialect: new PGliteDialect(pglite) });
      after = await tableFingerprints(db);
      await db.destroy();
      await pglite.close();
    }
    expect(Object.keys(before).length).toBeGreaterThan(10);
    expect(Object.values(before).reduce((n, x) => n + x.rows, 0)).toBeGreaterThan(100);
    expect(after).toEqual(before);
    recordFigures("backup", {
      "round trips": 1,
      "tables matched": Object.keys(before).filter((k) => after[k]?.md5 === before[k]!.md5 && after[k]?.rows === before[k]!.rows).length,
      "tables": Object.keys(before).length,
      "rows": Object.values(before).reduce((n, x) => n + x.rows, 0),
    });
  });
});
