import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError } from "#app/domain/errors.server";

/**
 * "My data" (issue 12, capability 7; ADR 040): everything Hearth holds about the signed-in
 * resident, as the resident may read it (RLS), in one statement built from a registry of
 * per-module exporters. A module that adds a table about residents adds one line here
 * (`{ key, label, table }`); `mydata.test.ts` asks the schema for every table with a
 * `resident_id` column and fails on one that is neither exported nor listed in
 * NOT_EXPORTED with its reason.
 */

export type Exporter = {
  key: string;
  label: string;
  table: string;
  /** The column naming the resident (default resident_id; `id` for the resident row). */
  column?: string;
  /** Columns left out (internal hashes and tokens, never the resident's information). */
  omit?: string[];
};

export const EXPORTERS: Exporter[] = [
  { key: "profile", label: "My profile", table: "resident", column: "id" },
  { key: "stays", label: "My stays", table: "stay" },
  { key: "intake", label: "What I told the house at intake", table: "resident_intake" },
  { key: "moud", label: "My medication for opioid use disorder", table: "moud_status" },
  { key: "documents_signed", label: "House documents I signed", table: "document_signature" },
  { key: "fee_agreements", label: "Fee agreements I signed", table: "fee_agreement_ack" },
  { key: "chores", label: "My chores", table: "chore_assignment" },
  { key: "house_offices", label: "House offices I held", table: "house_office" },
  { key: "sessions_invited", label: "Sessions I was invited to", table: "session_invitee" },
  { key: "sessions_attended", label: "My session attendance", table: "session_attendance" },
  { key: "meetings", label: "Mutual-aid meetings I logged", table: "meeting_log" },
  { key: "ledger", label: "My ledger (charges and payments)", table: "ledger_entry" },
  { key: "payment_plans", label: "My payment plans", table: "payment_plan" },
  { key: "payments_online", label: "My online payments", table: "payment_attempt", omit: ["checkout_session_id", "payment_intent_id"] },
  { key: "house_fund", label: "House fund entries about me", table: "house_fund_entry" },
  { key: "house_fund_approvals", label: "House fund approvals I gave", table: "house_fund_approval" },
  { key: "house_share_approvals", label: "House share approvals I gave", table: "house_share_approval" },
  { key: "house_fund_audit_signatures", label: "House fund audits I signed", table: "house_fund_audit_signature" },
  { key: "house_fund_withdrawals", label: "House fund proposals I withdrew", table: "house_fund_withdrawal" },
  { key: "plan_goals", label: "My recovery plan: goals", table: "plan_goal" },
  { key: "plan_steps", label: "My recovery plan: steps", table: "plan_step" },
  { key: "plan_history", label: "My recovery plan: history and comments", table: "plan_event" },
  { key: "needs_screenings", label: "My needs screenings", table: "needs_screening" },
  { key: "checkins", label: "My recovery check-ins", table: "checkin" },
  { key: "referrals", label: "My referrals and appointments", table: "referral" },
  { key: "referral_history", label: "My referrals: history", table: "referral_event" },
  { key: "referral_handoffs", label: "My referrals: introductions (warm handoffs)", table: "referral_handoff" },
  { key: "referral_followups", label: "My referrals: follow-ups", table: "referral_followup" },
  { key: "consents", label: "My consents", table: "consent" },
  { key: "disclosures", label: "My disclosure log", table: "disclosure" },
];

/** Tables with a resident_id that the export leaves out, and why. */
export const NOT_EXPORTED: Record<string, string> = {
  resident_note: "staff-only notes (residents have no access under RLS; asked for in writing, staff review them)",
  screening_note: "staff-only screening notes of the application",
  invite: "the portal invitation (an account token, not information about the resident)",
  calendar_feed: "a private calendar link's token",
  pay_link: "a payment link's token",
  fee_reminder: "reminder bookkeeping (the emails sent)",
  resident_balance: "sums kept from the ledger, which is exported in full (ADR 038)",
};

export type MyData = { generatedAt: string; sections: { key: string; label: string; rows: Record<string, unknown>[] }[] };

/** One statement for every section, then `mydata.exported` in the audit log. */
export async function exportMyData(tx: Tx, format: "json" | "html"): Promise<MyData> {
  const me = await tx
    .selectFrom("resident")
    .select("id")
    .where("org_id", "=", sql<string>`current_org_id()`)
    .where("user_id", "=", sql<string>`current_app_user_id()`)
    .executeTakeFirst();
  if (!me) throw new DomainError("forbidden", "Only a resident can download their own data.");
  const parts = EXPORTERS.map(
    (e) =>
      sql`${sql.lit(e.key)}, (select coalesce(json_agg(to_jsonb(t) - ${sql.val(e.omit ?? [])}::text[]), '[]'::json)
        from ${sql.table(e.table)} t where t.org_id = current_org_id() and ${sql.ref(`t.${e.column ?? "resident_id"}`)} = ${me.id}::uuid)`,
  );
  const { rows } = await sql<{ data: Record<string, Record<string, unknown>[]> }>`select json_build_object(${sql.join(parts)}) as data`.execute(tx);
  const data = rows[0]!.data;
  await audit(tx, "mydata.exported", { type: "resident", id: me.id }, { format });
  return {
    generatedAt: new Date().toISOString(),
    sections: EXPORTERS.map((e) => ({ key: e.key, label: e.label, rows: data[e.key] ?? [] })),
  };
}
