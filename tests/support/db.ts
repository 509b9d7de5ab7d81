import fs from "node:fs";
import { Kysely } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { createDbHandle, openPglite, setDbHandle, type DbHandle } from "#app/db/db.server";
import { PGliteDialect } from "#app/db/pglite-dialect.server";
import { InThreadDatabase } from "#app/db/pglite-engine.server";
import { onQueryLog } from "#app/lib/request-context.server";
import type { DB } from "#app/db/schema";
import { adminUrl, withDatabaseName } from "./urls";

/**
 * A fresh, migrated database for this test file, installed as the process-wide handle
 * (so app code and the server build use it). Cloned from the run's template: a
 * `CREATE DATABASE … TEMPLATE` on PostgreSQL, or a PGlite loaded from the dump.
 */
export async function createTestDatabase(): Promise<DbHandle> {
  const t = inject("dbTemplate");
  if (t.kind === "pg") {
    const name = `hearth_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: adminUrl(t.serverUrl) });
    await admin.connect();
    try {
      // Two files cloning the template at the same moment can collide ("source database
      // is being accessed by other users"): retry briefly.
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.query(`create database ${name} template ${t.template}`);
          break;
        } catch (error) {
          if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        }
      }
    } finally {
      await admin.end();
    }
    const handle = await createDbHandle({ databaseUrl: withDatabaseName(t.serverUrl, name) });
    return {
      ...handle,
      close: async () => {
        await handle.close();
        const a = new pg.Client({ connectionString: adminUrl(t.serverUrl) });
        await a.connect();
        // The pool's end() resolves before its connections have closed: give them a moment,
        // or FORCE terminates them first and their pool (closed, without an error listener)
        // throws "terminating connection due to administrator command" into the test run.
        for (let i = 0; i < 100; i++) {
          const { rows } = await a.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = $1", [name]);
          if (rows[0]!.n === 0) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const blob = new Blob([fs.readFileSync(t.file)]);
  // In this thread: a test file's database is small and short-lived (ADR 064: the server's runs in its own).
  const embedded = new InThreadDatabase(await openPglite(undefined, blob));
  const db = new Kysely<DB>({ dialect: new PGliteDialect(embedded), log: onQueryLog });
  return { db, kind: "pglite", embedded, close: async () => { await db.destroy(); await embedded.close(); } };
}

/** Use in a test file: one database for the file, set up before its tests. */
export function useTestDatabase() {
  const state: { handle?: DbHandle } = {};
  beforeAll(async () => {
    state.handle = await createTestDatabase();
    setDbHandle(state.handle);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    await state.handle?.close();
  });
  return {
    get db(): Kysely<DB> {
      if (!state.handle) throw new Error("test database not ready (use inside tests or hooks)");
      return state.handle.db;
    },
    get handle(): DbHandle {
      if (!state.handle) throw new Error("test database not ready");
      return state.handle;
    },
  };
}
