import { sql } from "kysely";
import type { HouseFundCategory, HouseFundDirection, HouseFundMethod, HouseOfficeKind } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { houseToday } from "#app/domain/dates.server";
import { sameName } from "#app/domain/documents/schemas";
import { DomainError, guardDb, notFound, parseInput } from "#app/domain/errors.server";
import { formatDay, type CalendarDate } from "#app/lib/dates";
import { id as idSchema } from "#app/lib/fields";
import { APPROVALS_NEEDED, AUDIT_SIGNATURES_NEEDED } from "./labels";
import { ApproveInput, ApproveShareInput, AuditInput, ExpenseInput, MoneyInInput, ShareInput, SignAuditInput, WithdrawInput } from "./schemas";

/**
 * A peer-run house's own fund (ADR 035): the weekly share, money in, expenses approved by
 * two of the three officers, and the monthly audit signed by all three. The database holds
 * the rules (0028: who may write, two distinct officers, sums, locks); these functions
 * parse input, say no clearly, and audit every write with ids and amounts only.
 */

/** How the database's refusals read (by constraint name or SQLSTATE). */
const REFUSALS = {
  "42501": { kind: "forbidden" as const, message: "Only the house's officers can do that." },
  house_fund_entry_member: { kind: "invalid" as const, message: "Choose a member who lives in the house now.", field: "residentId" },
  house_fund_entry_not_future: { kind: "invalid" as const, message: "Money can't be received in the future.", field: "receivedOn" },
  house_fund_entry_month_audited: {
    kind: "conflict" as const,
    message: "That month is being audited: entries dated in or before it can't be added. Record it with today's date.",
    field: "receivedOn",
  },
  house_fund_entry_idempotency_key: { kind: "conflict" as const, message: "This was already recorded." },
  house_fund_entry_amount: { kind: "invalid" as const, message: "Enter an amount from 0.01 to 1,000,000.00.", field: "amount" },
  house_fund_approval_once: { kind: "conflict" as const, message: "You have already approved this expense. Another officer needs to approve it." },
  house_fund_approval_officer: { kind: "forbidden" as const, message: "Only an officer living in the house can approve its expenses." },
  house_fund_approval_done: { kind: "conflict" as const, message: "This expense is already approved." },
  house_fund_approval_expense: { kind: "not_found" as const, message: "Expense not found." },
  house_fund_audit_key: { kind: "conflict" as const, message: "That month already has an audit.", field: "month" },
  house_fund_audit_finished: { kind: "invalid" as const, message: "Only a month that has ended can be audited.", field: "month" },
  house_fund_audit_signature_once: { kind: "conflict" as const, message: "You have already signed this audit." },
  house_fund_audit_signature_office_key: { kind: "conflict" as const, message: "Someone holding your office has already signed this audit." },
  house_fund_audit_signature_officer: { kind: "forbidden" as const, message: "Only an officer living in the house can sign its audit." },
  house_fund_audit_signature_locked: { kind: "conflict" as const, message: "This audit is complete: all three officers have signed it." },
  house_fund_audit_signature_audit_fk: { kind: "not_found" as const, message: "Audit not found." },
  house_share_approval_once: { kind: "conflict" as const, message: "You have already approved this share. Another officer needs to approve it." },
  house_share_approval_officer: { kind: "forbidden" as const, message: "Only an officer living in the house can approve its share." },
  house_share_approval_done: { kind: "conflict" as const, message: "This share is already approved." },
  house_share_approval_proposal: { kind: "not_found" as const, message: "Proposed share not found." },
  house_share_approval_rate_fk: { kind: "not_found" as const, message: "Proposed share not found." },
  house_share_approval_past: { kind: "conflict" as const, message: "This proposal starts on a day that has passed. Propose the share again from today." },
  house_share_rate_not_past: { kind: "invalid" as const, message: "Set the share from today or a later day.", field: "effectiveFrom" },
  house_fund_approval_withdrawn: { kind: "conflict" as const, message: "This expense was withdrawn, so it can't be approved." },
  house_share_approval_withdrawn: { kind: "conflict" as const, message: "This share proposal was withdrawn, so it can't be approved." },
  house_fund_withdrawal_officer: { kind: "forbidden" as const, message: "Only an officer living in the house can withdraw a proposal." },
  house_fund_withdrawal_proposal: { kind: "not_found" as const, message: "Proposal not found." },
  house_fund_withdrawal_entry_fk: { kind: "not_found" as const, message: "Proposal not found." },
  house_fund_withdrawal_rate_fk: { kind: "not_found" as const, message: "Proposal not found." },
  house_fund_withdrawal_approved: { kind: "conflict" as const, message: "Two officers have already approved this, so it can't be withdrawn." },
  house_fund_withdrawal_proposer: { kind: "forbidden" as const, message: "Only the officer who proposed it can withdraw it while they hold an office." },
  house_fund_withdrawal_entry_key: { kind: "conflict" as const, message: "This proposal was already withdrawn." },
  house_fund_withdrawal_rate_key: { kind: "conflict" as const, message: "This proposal was already withdrawn." },
  house_fund_withdrawal_reason_check: { kind: "invalid" as const, message: "Say why in at most 200 characters.", field: "reason" },
  house_share_rate_amount: { kind: "invalid" as const, message: "Enter an amount up to 1,000,000.00.", field: "amount" },
};

// ── reading ──────────────────────────────────────────────────────────────────

export type MyFundHouse = {
  residentId: string;
  legalName: string;
  houseId: string;
  houseName: string;
  timeZone: string;
  peerRun: boolean;
  today: CalendarDate;
  office: HouseOfficeKind | null;
};

/** The house the signed-in resident lives in today (the first, by name), their office there. One statement. */
export async function getMyFundHouse(tx: Tx): Promise<MyFundHouse | null> {
  const row = await sql<MyFundHouse>`
    select r.id as "residentId", r.legal_name as "legalName", h.id as "houseId", h.name as "houseName",
      h.time_zone as "timeZone", h.narr_level = 1 as "peerRun", ${houseToday()}::text as today,
      current_office_in(h.id) as office
    from resident r
    join stay s on s.org_id = r.org_id and s.resident_id = r.id
    join house h on h.org_id = s.org_id and h.id = s.house_id
    where r.org_id = current_org_id() and r.user_id = current_app_user_id() and s.during @> ${houseToday()}
    order by h.name, h.id
    limit 1`.execute(tx);
  return row.rows[0] ?? null;
}

export type FundHouse = { houseId: string; houseName: string; timeZone: string; peerRun: boolean; today: CalendarDate };

/** A house as staff read it for its fund tab (RLS: their houses), or not found. One statement. */
export async function getFundHouse(tx: Tx, houseId: string): Promise<FundHouse> {
  const hid = parseInput(idSchema, houseId);
  const row = await tx
    .selectFrom("house as h")
    .select(["h.id as houseId", "h.name as houseName", "h.time_zone as timeZone", sql<boolean>`h.narr_level = 1`.as("peerRun"), sql<string>`${houseToday()}::text`.as("today")])
    .where("h.id", "=", hid)
    .executeTakeFirst();
  if (!row) throw notFound("House");
  return row;
}

export type FundMember = { residentId: string; firstName: string; office: HouseOfficeKind | null; owedCents: number; paidCents: number };
export type FundApproval = { residentId: string; office: HouseOfficeKind; approvedAt: string };
export type FundEntry = {
  id: string;
  direction: HouseFundDirection;
  amountCents: number;
  effectiveOn: CalendarDate;
  residentId: string | null;
  method: HouseFundMethod | null;
  payee: string | null;
  category: HouseFundCategory | null;
  memo: string | null;
  receiptReference: string | null;
  recordedBy: string | null;
  createdAt: string;
  approvals: FundApproval[];
  /** An expense withdrawn before two officers approved it (never paid from the fund). */
  withdrawn: FundWithdrawal | null;
};
export type FundWithdrawal = { residentId: string; office: HouseOfficeKind; reason: string; withdrawnAt: string };
export type FundAudit = {
  id: string;
  month: CalendarDate;
  openingCents: number;
  inCents: number;
  outCents: number;
  closingCents: number;
  countedCents: number;
  note: string | null;
  preparedBy: string;
  createdAt: string;
  signatures: { residentId: string; office: HouseOfficeKind; typedName: string; signedAt: string }[];
};
export type Fund = {
  members: FundMember[];
  balanceCents: number;
  inCents: number;
  outCents: number;
  pendingCents: number;
  share: { amountCents: number; effectiveFrom: CalendarDate } | null;
  nextShare: { amountCents: number; effectiveFrom: CalendarDate } | null;
  /** Shares an officer proposed that are not in force yet (two officers approve), newest first. */
  shareProposals: { id: string; amountCents: number; effectiveFrom: CalendarDate; proposedBy: string; approvals: FundApproval[] }[];
  /** Share proposals withdrawn in the last 60 days, newest first. */
  withdrawnShares: { id: string; amountCents: number; effectiveFrom: CalendarDate; withdrawn: FundWithdrawal }[];
  entries: FundEntry[];
  audits: FundAudit[];
};

export const FUND_ENTRIES_SHOWN = 50;
export const FUND_AUDITS_SHOWN = 12;
export const SHARE_PROPOSALS_SHOWN = 5;

/**
 * Everything a member (or staff) sees of a house's fund: members with shares owed and paid,
 * the balance (money in − expenses approved by two officers), the share in force and the
 * next one, the newest entries with their approvals (pending expenses among them), the
 * newest audits with their signatures. One statement, whatever the sizes (bounded lists).
 */
export async function getFund(tx: Tx, houseId: string): Promise<Fund> {
  const hid = parseInput(idSchema, houseId);
  const APPROVALS = sql`(select count(*) from house_fund_approval a where a.org_id = f.org_id and a.entry_id = f.id)`;
  // Another member's money in, read by a member who is not an officer: name, day and amount
  // only; the method and the memo are the member's and the officers' (ADR 035).
  const IN_FORCE = sql`house_share_rate_in_force(r.org_id, r.id, r.proposed_by_resident_id)`;
  const PRIVATE = sql`(f.direction = 'in' and v.plain_member and f.resident_id is distinct from v.me)`;
  const ENTRY_WITHDRAWN = sql`exists (select 1 from house_fund_withdrawal w where w.org_id = f.org_id and w.entry_id = f.id)`;
  const RATE_WITHDRAWN = sql`exists (select 1 from house_fund_withdrawal w where w.org_id = r.org_id and w.rate_id = r.id)`;
  const result = await sql<Omit<Fund, "balanceCents">>`
    select
      coalesce((select json_agg(json_build_object('residentId', m.resident_id, 'firstName', m.first_name, 'office', m.office,
          'owedCents', m.owed_cents, 'paidCents', m.paid_cents) order by m.first_name, m.resident_id)
        from house_fund_members(h.id) m), '[]'::json) as members,
      coalesce((select sum(f.amount_cents) from house_fund_entry f where f.org_id = h.org_id and f.house_id = h.id and f.direction = 'in'), 0)::int as "inCents",
      coalesce((select sum(f.amount_cents) from house_fund_entry f where f.org_id = h.org_id and f.house_id = h.id and f.direction = 'out'
        and ${APPROVALS} >= ${APPROVALS_NEEDED}), 0)::int as "outCents",
      coalesce((select sum(f.amount_cents) from house_fund_entry f where f.org_id = h.org_id and f.house_id = h.id and f.direction = 'out'
        and ${APPROVALS} < ${APPROVALS_NEEDED} and not ${ENTRY_WITHDRAWN}), 0)::int as "pendingCents",
      (select json_build_object('amountCents', r.amount_cents, 'effectiveFrom', r.effective_from) from house_share_rate r
        where r.org_id = h.org_id and r.house_id = h.id and r.effective_from <= ${houseToday()} and ${IN_FORCE}
        order by r.effective_from desc, r.created_at desc limit 1) as share,
      (select json_build_object('amountCents', r.amount_cents, 'effectiveFrom', r.effective_from) from house_share_rate r
        where r.org_id = h.org_id and r.house_id = h.id and r.effective_from > ${houseToday()} and ${IN_FORCE}
        order by r.effective_from, r.created_at desc limit 1) as "nextShare",
      coalesce((select json_agg(p order by p."createdAt" desc, p.id desc) from (
        select r.id, r.amount_cents as "amountCents", r.effective_from as "effectiveFrom", r.created_at as "createdAt",
          r.proposed_by_resident_id as "proposedBy",
          coalesce((select json_agg(json_build_object('residentId', a.resident_id, 'office', a.office, 'approvedAt', a.approved_at) order by a.approved_at, a.id)
            from house_share_approval a where a.org_id = r.org_id and a.rate_id = r.id), '[]'::json) as approvals
        from house_share_rate r
        where r.org_id = h.org_id and r.house_id = h.id and r.effective_from >= ${houseToday()} and not ${IN_FORCE}
          and not ${RATE_WITHDRAWN}
        order by r.created_at desc, r.id desc
        limit ${SHARE_PROPOSALS_SHOWN}) p), '[]'::json) as "shareProposals",
      coalesce((select json_agg(p order by p."withdrawnAt" desc, p.id desc) from (
        select r.id, r.amount_cents as "amountCents", r.effective_from as "effectiveFrom", w.withdrawn_at as "withdrawnAt",
          json_build_object('residentId', w.resident_id, 'office', w.office, 'reason', w.reason, 'withdrawnAt', w.withdrawn_at) as withdrawn
        from house_fund_withdrawal w
        join house_share_rate r on r.org_id = w.org_id and r.house_id = w.house_id and r.id = w.rate_id
        where w.org_id = h.org_id and w.house_id = h.id and w.rate_id is not null and w.withdrawn_at > now() - interval '60 days'
        order by w.withdrawn_at desc, r.id desc
        limit ${SHARE_PROPOSALS_SHOWN}) p), '[]'::json) as "withdrawnShares",
      coalesce((select json_agg(e order by e."createdAt" desc, e.id desc) from (
        select f.id, f.direction, f.amount_cents as "amountCents", f.effective_on as "effectiveOn", f.resident_id as "residentId",
          case when ${PRIVATE} then null else f.method end as method, f.payee, f.category,
          case when ${PRIVATE} then null else f.memo end as memo, f.receipt_reference as "receiptReference", f.recorded_by_resident_id as "recordedBy",
          f.created_at as "createdAt",
          coalesce((select json_agg(json_build_object('residentId', a.resident_id, 'office', a.office, 'approvedAt', a.approved_at) order by a.approved_at, a.id)
            from house_fund_approval a where a.org_id = f.org_id and a.entry_id = f.id), '[]'::json) as approvals,
          (select json_build_object('residentId', w.resident_id, 'office', w.office, 'reason', w.reason, 'withdrawnAt', w.withdrawn_at)
            from house_fund_withdrawal w where w.org_id = f.org_id and w.entry_id = f.id) as withdrawn
        from house_fund_entry f
        where f.org_id = h.org_id and f.house_id = h.id
        order by f.created_at desc, f.id desc
        limit ${FUND_ENTRIES_SHOWN}) e), '[]'::json) as entries,
      coalesce((select json_agg(u order by u.month desc) from (
        select x.id, x.month, x.opening_cents as "openingCents", x.in_cents as "inCents", x.out_cents as "outCents",
          x.closing_cents as "closingCents", x.counted_cents as "countedCents", x.note, x.prepared_by_resident_id as "preparedBy",
          x.created_at as "createdAt",
          coalesce((select json_agg(json_build_object('residentId', g.resident_id, 'office', g.office, 'typedName', g.typed_name, 'signedAt', g.signed_at) order by g.signed_at, g.id)
            from house_fund_audit_signature g where g.org_id = x.org_id and g.audit_id = x.id), '[]'::json) as signatures
        from house_fund_audit x
        where x.org_id = h.org_id and x.house_id = h.id
        order by x.month desc
        limit ${FUND_AUDITS_SHOWN}) u), '[]'::json) as audits
    from house h
    cross join lateral (select current_app_role() = 'resident' and current_office_in(h.id) is null as plain_member,
      current_resident_id() as me) v
    where h.org_id = current_org_id() and h.id = ${hid}`.execute(tx);
  const s = result.rows[0];
  if (!s) throw notFound("House");
  return { ...s, balanceCents: s.inCents - s.outCents };
}

/** An expense is in effect once this many distinct officers approved it (the database admits no more). */
export const isApproved = (e: Pick<FundEntry, "direction" | "approvals">) => e.direction === "out" && e.approvals.length >= APPROVALS_NEEDED;
export const isComplete = (a: Pick<FundAudit, "signatures">) => a.signatures.length >= AUDIT_SIGNATURES_NEEDED;

// ── writing (officers; the share also staff) ─────────────────────────────────

/**
 * Set the weekly share from a day. Staff (owners, admins, the house's managers) set it
 * directly and may backdate it; the coordinator or the treasurer propose it from today on,
 * with their own approval, and it is in force once a second officer approves (0028).
 */
export async function setShare(tx: Tx, raw: ShareInput): Promise<{ id: string; inForce: boolean }> {
  const input = parseInput(ShareInput, raw);
  const row = await guardDb(
    tx
      .insertInto("house_share_rate")
      .values({ org_id: sql<string>`current_org_id()`, house_id: input.houseId, amount_cents: input.amount, effective_from: input.effectiveFrom })
      .returning(["id", "proposed_by_resident_id"])
      .executeTakeFirstOrThrow(),
    { ...REFUSALS, "42501": { kind: "forbidden", message: "Only the coordinator, the treasurer or the house's staff set the share." } },
  );
  const proposed = row.proposed_by_resident_id !== null;
  if (proposed) await insertShareApproval(tx, input.houseId, row.id);
  await audit(tx, proposed ? "house_fund.share_proposed" : "house_fund.share_set", { type: "house", id: input.houseId }, {
    rateId: row.id,
    amountCents: input.amount,
    effectiveFrom: input.effectiveFrom,
  });
  return { id: row.id, inForce: !proposed };
}

async function insertShareApproval(tx: Tx, houseId: string, rateId: string) {
  const me = await sql<{ residentId: string | null; office: HouseOfficeKind | null }>`
    select current_resident_id() as "residentId", current_office_in(${houseId}::uuid) as office`.execute(tx);
  const { residentId, office } = me.rows[0] ?? { residentId: null, office: null };
  if (!residentId || !office) throw new DomainError("forbidden", REFUSALS.house_share_approval_officer.message);
  return guardDb(
    tx
      .insertInto("house_share_approval")
      .values({ org_id: sql<string>`current_org_id()`, house_id: houseId, rate_id: rateId, resident_id: residentId, office })
      .returning("id")
      .executeTakeFirstOrThrow(),
    REFUSALS,
  );
}

/** A second officer approves a proposed share: then it is in force from its day. */
export async function approveShare(tx: Tx, raw: ApproveShareInput): Promise<{ inForce: boolean }> {
  const input = parseInput(ApproveShareInput, raw);
  const row = await insertShareApproval(tx, input.houseId, input.rateId);
  const count = await tx.selectFrom("house_share_approval").select(sql<number>`count(*)::int`.as("n")).where("rate_id", "=", input.rateId).executeTakeFirstOrThrow();
  const inForce = count.n >= APPROVALS_NEEDED;
  await audit(tx, "house_fund.share_approved", { type: "house", id: input.houseId }, { rateId: input.rateId, approvalId: row.id, inForce });
  return { inForce };
}

/** Lock one idempotency key and return what it already recorded (a resubmitted form records once). */
async function alreadyRecorded(tx: Tx, key: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`house_fund:${key}`}, 0))`.execute(tx);
  return tx.selectFrom("house_fund_entry").select(["id", "direction", "amount_cents", "house_id"]).where("idempotency_key", "=", key).executeTakeFirst();
}

/** "October is being audited: …" — a month locks when its audit is prepared, with every month before it (ADR 035). */
export function auditedMonthMessage(month: CalendarDate | string): string {
  const name = formatDay(`${month.slice(0, 7)}-01` as CalendarDate, "MMMM yyyy");
  return `${name} is being audited: entries dated in or before ${name} can't be added. Record it with today's date.`;
}

/** The newest audited month's name, worded for the form (the database refuses the entry anyway: 0028). */
async function refuseIfAudited(tx: Tx, houseId: string, on: string) {
  const row = await sql<{ month: string | null }>`
    select max(month)::text as month from house_fund_audit where org_id = current_org_id() and house_id = ${houseId}`.execute(tx);
  const month = row.rows[0]?.month;
  if (month && on < addMonth(month)) throw new DomainError("conflict", auditedMonthMessage(month), { field: "receivedOn" });
}

const addMonth = (first: string) => {
  const [y, m] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
};

/** The treasurer records a member's share paid into the fund. */
export async function recordMoneyIn(tx: Tx, raw: MoneyInInput): Promise<{ id: string; created: boolean }> {
  const input = parseInput(MoneyInInput, raw);
  const existing = await alreadyRecorded(tx, input.idempotencyKey);
  if (!existing) await refuseIfAudited(tx, input.houseId, input.receivedOn);
  if (existing) {
    if (existing.direction !== "in" || existing.amount_cents !== input.amount || existing.house_id !== input.houseId) {
      throw new DomainError("conflict", "This form was already used. Reload the page and try again.");
    }
    return { id: existing.id, created: false };
  }
  const row = await guardDb(
    tx
      .insertInto("house_fund_entry")
      .values({
        org_id: sql<string>`current_org_id()`,
        house_id: input.houseId,
        direction: "in",
        amount_cents: input.amount,
        effective_on: input.receivedOn,
        resident_id: input.residentId,
        method: input.method,
        memo: input.memo,
        idempotency_key: input.idempotencyKey,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
    { ...REFUSALS, "42501": { kind: "forbidden", message: "Only the house's treasurer records money in." } },
  );
  await audit(tx, "house_fund.money_in", { type: "house_fund_entry", id: row.id }, { houseId: input.houseId, residentId: input.residentId, amountCents: input.amount });
  return { id: row.id, created: true };
}

/** An officer proposes an expense; their own approval is the first of the two it needs. */
export async function proposeExpense(tx: Tx, raw: ExpenseInput): Promise<{ id: string; created: boolean }> {
  const input = parseInput(ExpenseInput, raw);
  const existing = await alreadyRecorded(tx, input.idempotencyKey);
  if (existing) {
    if (existing.direction !== "out" || existing.amount_cents !== input.amount || existing.house_id !== input.houseId) {
      throw new DomainError("conflict", "This form was already used. Reload the page and try again.");
    }
    return { id: existing.id, created: false };
  }
  const row = await guardDb(
    tx
      .insertInto("house_fund_entry")
      .values({
        org_id: sql<string>`current_org_id()`,
        house_id: input.houseId,
        direction: "out",
        amount_cents: input.amount,
        effective_on: sql<string>`current_date`,
        payee: input.payee,
        category: input.category,
        memo: input.memo,
        receipt_reference: input.receiptReference,
        idempotency_key: input.idempotencyKey,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
    { ...REFUSALS, "42501": { kind: "forbidden", message: "Only the house's officers propose expenses." } },
  );
  await insertApproval(tx, input.houseId, row.id);
  await audit(tx, "house_fund.expense_proposed", { type: "house_fund_entry", id: row.id }, { houseId: input.houseId, amountCents: input.amount, category: input.category });
  return { id: row.id, created: true };
}

async function insertApproval(tx: Tx, houseId: string, entryId: string) {
  const me = await sql<{ residentId: string | null; office: HouseOfficeKind | null }>`
    select current_resident_id() as "residentId", current_office_in(${houseId}::uuid) as office`.execute(tx);
  const { residentId, office } = me.rows[0] ?? { residentId: null, office: null };
  if (!residentId || !office) throw new DomainError("forbidden", REFUSALS.house_fund_approval_officer.message);
  return guardDb(
    tx
      .insertInto("house_fund_approval")
      .values({ org_id: sql<string>`current_org_id()`, house_id: houseId, entry_id: entryId, resident_id: residentId, office })
      .returning("id")
      .executeTakeFirstOrThrow(),
    { ...REFUSALS, house_fund_approval_entry_fk: { kind: "not_found", message: "Expense not found." } },
  );
}

/** A second officer approves an expense: then it is in effect (paid out of the fund). */
export async function approveExpense(tx: Tx, raw: ApproveInput): Promise<{ approved: boolean }> {
  const input = parseInput(ApproveInput, raw);
  const row = await insertApproval(tx, input.houseId, input.entryId);
  const count = await tx.selectFrom("house_fund_approval").select(sql<number>`count(*)::int`.as("n")).where("entry_id", "=", input.entryId).executeTakeFirstOrThrow();
  const approved = count.n >= APPROVALS_NEEDED;
  await audit(tx, "house_fund.expense_approved", { type: "house_fund_entry", id: input.entryId }, { houseId: input.houseId, approvalId: row.id, inEffect: approved });
  return { approved };
}

/**
 * An officer withdraws a pending expense or share proposal, with a reason every member reads:
 * the officer who proposed it, or any officer once the proposer holds no office there (0038).
 * Nothing is deleted: the withdrawal is its own row and the proposal takes no more approvals.
 */
export async function withdrawProposal(tx: Tx, raw: WithdrawInput): Promise<{ id: string }> {
  const input = parseInput(WithdrawInput, raw);
  const me = await sql<{ residentId: string | null; office: HouseOfficeKind | null }>`
    select current_resident_id() as "residentId", current_office_in(${input.houseId}::uuid) as office`.execute(tx);
  const { residentId, office } = me.rows[0] ?? { residentId: null, office: null };
  if (!residentId || !office) throw new DomainError("forbidden", REFUSALS.house_fund_withdrawal_officer.message);
  const row = await guardDb(
    tx
      .insertInto("house_fund_withdrawal")
      .values({
        org_id: sql<string>`current_org_id()`,
        house_id: input.houseId,
        entry_id: input.entryId ?? null,
        rate_id: input.rateId ?? null,
        resident_id: residentId,
        office,
        reason: input.reason,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
    REFUSALS,
  );
  const target = input.entryId ? { type: "house_fund_entry", id: input.entryId } : { type: "house_share_rate", id: input.rateId! };
  await audit(tx, input.entryId ? "house_fund.expense_withdrawn" : "house_fund.share_withdrawn", target, { houseId: input.houseId, withdrawalId: row.id });
  return { id: row.id };
}

/** The treasurer prepares a finished month's audit with the balance counted; the database writes the sums. */
export async function prepareAudit(tx: Tx, raw: AuditInput): Promise<{ id: string; closingCents: number; countedCents: number }> {
  const input = parseInput(AuditInput, raw);
  const row = await guardDb(
    tx
      .insertInto("house_fund_audit")
      .values({ org_id: sql<string>`current_org_id()`, house_id: input.houseId, month: `${input.month}-01`, counted_cents: input.counted, note: input.note })
      .returning(["id", "closing_cents"])
      .executeTakeFirstOrThrow(),
    { ...REFUSALS, "42501": { kind: "forbidden", message: "Only the house's treasurer prepares the audit." } },
  );
  await audit(tx, "house_fund.audit_prepared", { type: "house_fund_audit", id: row.id }, {
    houseId: input.houseId,
    month: input.month,
    closingCents: Number(row.closing_cents),
    countedCents: input.counted,
  });
  return { id: row.id, closingCents: Number(row.closing_cents), countedCents: input.counted };
}

/** An officer signs an audit by typing their full name (as document signatures: ADR 023). Complete at three. */
export async function signAudit(tx: Tx, raw: SignAuditInput): Promise<{ complete: boolean }> {
  const input = parseInput(SignAuditInput, raw);
  const me = await sql<{ residentId: string | null; legalName: string | null; office: HouseOfficeKind | null }>`
    select r.id as "residentId", r.legal_name as "legalName", current_office_in(${input.houseId}::uuid) as office
    from resident r where r.org_id = current_org_id() and r.user_id = current_app_user_id()`.execute(tx);
  const { residentId, legalName, office } = me.rows[0] ?? { residentId: null, legalName: null, office: null };
  if (!residentId || !office || !legalName) throw new DomainError("forbidden", REFUSALS.house_fund_audit_signature_officer.message);
  if (!sameName(input.typedName, legalName)) {
    throw new DomainError("invalid", `The name you typed doesn't match the name on your record. Type your full name: ${legalName}.`, { field: "typedName" });
  }
  const row = await guardDb(
    tx
      .insertInto("house_fund_audit_signature")
      .values({ org_id: sql<string>`current_org_id()`, house_id: input.houseId, audit_id: input.auditId, resident_id: residentId, office, typed_name: input.typedName })
      .returning("id")
      .executeTakeFirstOrThrow(),
    REFUSALS,
  );
  const count = await tx.selectFrom("house_fund_audit_signature").select(sql<number>`count(*)::int`.as("n")).where("audit_id", "=", input.auditId).executeTakeFirstOrThrow();
  const complete = count.n >= AUDIT_SIGNATURES_NEEDED;
  await audit(tx, "house_fund.audit_signed", { type: "house_fund_audit", id: input.auditId }, { houseId: input.houseId, signatureId: row.id, complete });
  return { complete };
}
