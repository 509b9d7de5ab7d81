import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { adminUrl, withDatabaseName } from "#tests/support/urls";

/**
 * `npm run db:seed` on a fresh database loads the demo world, and says so; a second run leaves
 * the data alone. Migration 0040 creates the built-in standards org, so "the database already
 * has organisations" must not count it (it did: db:seed and db:reset never loaded the demo).
 */
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-db-seed-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/db.ts", ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: "development", LOG_LEVEL: "silent", ...env },
  });

describe("npm run db:seed", () => {
  it("loads the demo into a fresh database once, then leaves it alone", { timeout: 240_000 }, async () => {
    const url = process.env.TEST_DATABASE_URL;
    let env: Record<string, string>;
    let drop = async () => {};
    if (url) {
      const name = `hearth_db_seed_${process.pid}`;
      const admin = new pg.Client({ connectionString: adminUrl(url) });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`create database ${name}`);
      env = { DATABASE_URL: withDatabaseName(url, name) };
      drop = async () => {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      };
    } else {
      env = { PGLITE_DIR: path.join(dir, "pgdata") };
    }
    try {
      const first = await cli(["seed"], env);
      expect(first.stdout).toMatch(/Demo data loaded/);
      const second = await cli(["seed"], env);
      expect(second.stdout).toMatch(/already has organisations; demo data not loaded/);
    } finally {
      await drop();
    }
  });
});
