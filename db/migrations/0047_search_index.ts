import { sql, type Kysely } from "kysely";

/**
 * Directory search through its GIN index (issue 12; ADR 051).
 *
 * Two things kept the planner from service_search_idx under RLS:
 *  - `tsvector @@ tsquery` (ts_match_vq) is not leakproof, and PostgreSQL never puts a
 *    non-leakproof condition inside an index scan of a table with policies. Bootstrap marks
 *    it leakproof (that needs a superuser: db/bootstrap.ts, docs/operations.md).
 *  - GIN's "fast update" keeps new entries in an unsorted pending list until a vacuum; the
 *    planner prices reading that list in full, so after an import (or with no autovacuum,
 *    as in PGlite) the index looked dearer than walking the org's providers. The directory
 *    is read far more than written (an import is at most 2,000 services), so entries go
 *    straight into the index: fastupdate off, and the list there now is merged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter index service_search_idx set (fastupdate = off)`.execute(db);
  await sql`select gin_clean_pending_list('service_search_idx'::regclass)`.execute(db);
}
