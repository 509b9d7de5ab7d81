import { sql, type Kysely } from "kysely";

/**
 * Certifier reads through audit grants (issue 13, capability 5; ADR 049).
 *
 *  - A certifier's roles (certifier_admin, auditor) read an operator's rows only through
 *    certifier_grant_covers() (0046): the houses a grant covers, the assessments of those
 *    houses (and the operator-wide ones while any grant is active), the items and evidence of
 *    the *submitted* ones, and the uploaded files that evidence names. Never a resident row:
 *    no policy here touches resident, stay, ledger or any table about a person.
 *  - Evidence that links into resident records (residents, stays, applications, fees per
 *    resident, signed documents, letters, receipts) stays invisible to certifiers in this
 *    slice; other links show to them as labels only (the page decides that, not a policy).
 *  - Automatic evidence is computed from operator tables a certifier cannot read, so it is
 *    snapshotted on each item when the assessment is submitted (auto_ok, auto_text,
 *    auto_computed_on): the certifier sees what the operator saw at submission.
 */

const CERTIFIER = `(select current_app_role()) in ('certifier_admin', 'auditor')`;
const SUBMITTED_COVERED = (t: string) =>
  `(${CERTIFIER} and exists (select 1 from assessment a where a.org_id = ${t}.org_id and a.id = ${t}.assessment_id and a.status = 'submitted'))`;
const RESIDENT_LINK = `link_path ~ '^/o/[a-z0-9-]+/(residents|stays|applications|letters|receipts|admit|me)(/|$)|/fees/[0-9a-f-]{36}|/documents/signed/'`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table assessment_item
      add column auto_ok boolean,
      add column auto_text text constraint assessment_item_auto_text_check check (length(auto_text) between 1 and 500),
      add column auto_computed_on date,
      add constraint assessment_item_auto_snapshot check ((auto_ok is null) = (auto_text is null) and (auto_ok is null) = (auto_computed_on is null));
    grant update (auto_ok, auto_text, auto_computed_on) on assessment_item to hearth_app;

    create policy house_certifier_select on house for select using (
      ${CERTIFIER} and certifier_grant_covers(org_id, id, 'review'));

    create policy assessment_certifier_select on assessment for select using (
      ${CERTIFIER} and certifier_grant_covers(org_id, house_id, 'review'));

    create policy assessment_item_certifier_select on assessment_item for select using (${SUBMITTED_COVERED("assessment_item")});

    create policy assessment_evidence_certifier_select on assessment_evidence for select using (
      ${SUBMITTED_COVERED("assessment_evidence")} and (link_path is null or not (${RESIDENT_LINK})));

    create policy file_certifier_select on file for select using (
      ${CERTIFIER} and exists (select 1 from assessment_evidence e where e.org_id = file.org_id and e.file_id = file.id));
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
