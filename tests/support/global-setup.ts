import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { buildIfStale } from "../../scripts/build-if-stale.js";
import { createDbHandle, openPglite } from "#app/db/db.server";
import { migrateToLatest } from "#app/db/migrate.server";
import { adminUrl, withDatabaseName } from "./urls";
import pg from "pg";
import { Kysely } from "kysely";
import { PGliteDialect } from "#app/db/pglite-dialect.server";
import { InThreadDatabase } from "#app/db/pglite-engine.server";

/**
 * Once per test run: build the app (route tests drive the real server build) and
 * prepare one migrated template database that every test file clones.
 *  - TEST_DATABASE_URL set: a template database on that PostgreSQL server.
 *  - otherwise: a migrated PGlite data dir, dumped to a tarball.
 */
export default async function setup(project: TestProject) {
  buildIfStale({ quiet: true });
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const template = `hearth_tmpl_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: adminUrl(serverUrl) });
    await admin.connect();
    await dropAbandonedDatabases(admin);
    await admin.query(`create database ${template}`);
    const handle = await createDbHandle({ databaseUrl: withDatabaseName(serverUrl, template) });
    await migrateToLatest(handle);
    await handle.close();
    project.provide("dbTemplate", { kind: "pg", template, serverUrl });
    return async () => {
      await admin.query(`drop database if exists ${template} with (force)`);
      await admin.end();
    };
  }
  const pglite = await openPglite(undefined);
  const db = new Kysely<any>({ dialect: new PGliteDialect(pglite) });
  await migrateToLatest({ db, kind: "pglite", embedded: new InThreadDatabase(pglite), close: async () => {} });
  const dump = await pglite.dumpDataDir("gzip");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hearth-tmpl-")), "pgdata.tar.gz");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  project.provide("dbTemplate", { kind: "pglite", file });
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    dbTemplate: { kind: "pg"; template: string; serverUrl: string } | { kind: "pglite"; file: string };
  }
}

/** Test databases are named after the creating process; drop those whose process is gone (killed runs). */
async function dropAbandonedDatabases(admin: pg.Client) {
  const { rows } = await admin.query<{ datname: string }>(
    "select datname from pg_database where datname ~ '^hearth_(tmpl|t)_[0-9]+_'",
  );
  for (const { datname } of rows) {
    const pid = Number(datname.split("_")[2]);
    if (pid && !isAlive(pid)) await admin.query(`drop database if exists ${datname} with (force)`).catch(() => {});
  }
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
