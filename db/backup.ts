import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { sql, type Kysely } from "kysely";
import type { DbHandle } from "#app/db/db.server";

const run = promisify(execFile);

/**
 * Backups. A server database: `pg_dump --format=custom` (one consistent snapshot, taken
 * while the app runs). The embedded database: PGlite's own data-dir dump (a gzipped tar),
 * consistent because the dumping process is the only one holding the data dir.
 */
export async function backupDatabase(handle: DbHandle, file: string): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (handle.kind === "pg") {
    await run("pg_dump", ["--format=custom", `--file=${file}`, `--dbname=${handle.databaseUrl!}`]);
    return;
  }
  const dump = await handle.embedded!.dumpDataDir("gzip");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
}

/** Restore a server dump into an empty database (the cluster must have the roles: `npm run db:migrate` creates them). */
export async function restoreServerDump(file: string, databaseUrl: string): Promise<void> {
  await run("pg_restore", ["--exit-on-error", "--single-transaction", `--dbname=${databaseUrl}`, file]);
}

/** Per-table row counts and checksums (md5 of every row's text, in a fixed order). */
export async function tableFingerprints(db: Kysely<any>): Promise<Record<string, { rows: number; md5: string }>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const { table_name } of tables.rows) {
    const r = await sql<{ rows: number; md5: string | null }>`
      select count(*)::int as rows, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as md5
      from ${sql.table(table_name)} t`.execute(db);
    out[table_name] = { rows: r.rows[0]!.rows, md5: r.rows[0]!.md5 ?? "" };
  }
  return out;
}
