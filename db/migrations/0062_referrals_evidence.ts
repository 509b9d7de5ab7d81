import { sql, type Kysely } from "kysely";
import { BUILT_IN_STANDARD_ID, STANDARDS_ORG_ID } from "./0040_standards";

/**
 * Automatic evidence from referrals (issue 13, capability 2: "each module that lands later adds
 * its checks"; ADR 047). The referrals module (0039) landed after the standards (0040), so the
 * built-in standard's item 3.G.23.b ("Residents are linked to community services …") had none.
 * This adds the check `referrals` to both value lists and to that item of the built-in version,
 * and to the same item of assessments still in progress on it. The item's text, levels and
 * guidance do not change; submitted assessments keep what they had (their lock stays on), and
 * certifiers' own versions are theirs to edit.
 */
const BUILT_IN_ORG = STANDARDS_ORG_ID;
const CHECKS = [
  "rules_signed", "meetings_weekly", "chores_verified", "fee_agreement_before_charge", "ledger_per_resident",
  "recovery_plans", "safety_checks_on_time", "bed_space", "bathrooms", "referrals",
].map((c) => `'${c}'`).join(", ");

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table standard_item drop constraint standard_item_auto_check,
      add constraint standard_item_auto_check check (auto_check in (${CHECKS}));
    alter table assessment_item drop constraint assessment_item_auto_check,
      add constraint assessment_item_auto_check check (auto_check in (${CHECKS}));

    -- Migrations run as hearth_owner under forced RLS, whose policies need an org's context:
    -- lift the force (and the published-version trigger) for these updates only (one transaction).
    alter table standard_item no force row level security;
    alter table standard_item disable trigger standard_item_immutable;
    update standard_item set auto_check = 'referrals'
      where org_id = '${BUILT_IN_ORG}' and code = '3.G.23.b' and auto_check is null
        and standard_id = '${BUILT_IN_STANDARD_ID}';
    alter table standard_item enable trigger standard_item_immutable;
    alter table standard_item force row level security;

    alter table assessment no force row level security;
    alter table assessment_item no force row level security;
    update assessment_item i set auto_check = 'referrals'
      from assessment a
      where a.org_id = i.org_id and a.id = i.assessment_id and a.status = 'draft'
        and a.standard_org_id = '${BUILT_IN_ORG}'
        and a.standard_id = '${BUILT_IN_STANDARD_ID}'
        and i.code = '3.G.23.b' and i.auto_check is null;
    alter table assessment_item force row level security;
    alter table assessment force row level security;
    `,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Irreversible: restore a backup instead.");
}
