import { sql, type Kysely } from "kysely";
import { certifierPolicies, type Scope } from "./0063_certifier_covered_sets";

/**
 * The certifier policies' arm made indexable on org_id (issue 15; ADR 062, amended).
 *
 * Row-level security ORs a table's permissive policies. The operator policies each begin
 * `org_id = (select current_org_id())`, an index condition; the certifier arms of 0063 begin
 * with the role guard and a covered set (a hashed sub-plan), which no index answers. One
 * unindexable arm makes the whole OR a filter: any statement that leaves the org to row-level
 * security alone (`select … from house order by name`) scanned every org's rows — 5,059 houses
 * on the scale dataset for an owner's 60.
 *
 * Each certifier arm now also says `org_id = any(<the covered operators>)`, an array computed
 * once per statement (an InitPlan) and, through a CASE on the role, computed only for certifier
 * roles (an empty array for everyone else, without calling the function). It is implied by the
 * arm's own condition (a covered house's operator is a covered operator, at the same scope), so
 * what each role may see or write is unchanged; the planner can now answer every arm from the
 * (org_id, …) keys and combine them (BitmapOr).
 */

const IN_COVERED_ORGS = (scope: Scope) =>
  `org_id = any ((select case when current_app_role() in ('certifier_admin', 'auditor') then array(select c.org_id from certifier_covered_orgs('${scope}') c) else '{}'::uuid[] end)::uuid[])`;

const HOUSE_COVERED = (scope: Scope, house = "house_id") =>
  `(${IN_COVERED_ORGS(scope)} and (org_id, ${house}) in (select c.org_id, c.house_id from certifier_covered_houses('${scope}') c))`;
const OPERATOR_COVERED = (scope: Scope) => `(${IN_COVERED_ORGS(scope)})`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(certifierPolicies({ HOUSE_COVERED, OPERATOR_COVERED })).execute(db);
  // 0049's evidence files: seen through the evidence rows' own policy (covered assessments), so
  // their operator is a covered one; said here so the arm is indexable too.
  await sql
    .raw(
      `alter policy file_certifier_select on file using (
        (select current_app_role()) in ('certifier_admin', 'auditor') and ${IN_COVERED_ORGS("review")}
        and exists (select 1 from assessment_evidence e where e.org_id = file.org_id and e.file_id = file.id))`,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
