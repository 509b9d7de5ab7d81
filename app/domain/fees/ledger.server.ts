import { sql, type Insertable } from "kysely";
import type { LedgerEntryTable } from "#app/db/schema";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { houseToday } from "#app/domain/dates.server";
import { DomainError, guardDb, parseInput } from "#app/domain/errors.server";
import type { CalendarDate } from "#app/lib/dates";
import { ManualEntryInput, PaymentInput, RefundInput, ReversalInput } from "./schemas";

/**
 * Writing a resident's ledger (ADR 030): manual charges and credits, payments with
 * receipts, refunds and reversals. Every entry is a new row (the table is append-only);
 * a correction points at what it corrects. Each function writes one audit event with
 * ids and amounts only.
 */

export type StayRef = { stayId: string; houseId: string; today: CalendarDate };

type EntryPlace = { residentId: string; houseId: string; stayId: string };
type EntryFields = Omit<Insertable<LedgerEntryTable>, "org_id" | "resident_id" | "house_id" | "stay_id">;

/**
 * Append one entry to a resident's ledger at a stay, in the signed org. The database
 * writes the receipt number (payments), the recorder and the time (ADR 030).
 */
export function appendEntry(tx: Tx, at: EntryPlace, fields: EntryFields) {
  return guardDb(
    tx
      .insertInto("ledger_entry")
      .values({ org_id: sql<string>`current_org_id()`, resident_id: at.residentId, house_id: at.houseId, stay_id: at.stayId, ...fields })
      .returning(["id", "receipt_number"])
      .executeTakeFirstOrThrow(),
  );
}

/**
 * The stay an entry for this resident belongs to: their current stay, else their latest
 * one that has begun, else a planned one — in `houseId` when given. None (or a resident
 * the caller cannot see) → a refusal, nothing written.
 */
export async function stayForEntry(tx: Tx, residentId: string, houseId?: string | null): Promise<StayRef> {
  let q = tx
    .selectFrom("stay as s")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "s.org_id").onRef("h.id", "=", "s.house_id"))
    .select(["s.id as stayId", "s.house_id as houseId", sql<string>`${houseToday("h")}::text`.as("today")])
    .where("s.resident_id", "=", residentId);
  if (houseId) q = q.where("s.house_id", "=", houseId);
  const row = await q
    .orderBy(sql`s.during @> ${houseToday("h")}`, "desc")
    .orderBy(sql`lower(s.during) <= ${houseToday("h")}`, "desc")
    .orderBy(sql`lower(s.during)`, "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new DomainError("conflict", "This resident has no stay here, so nothing can be recorded for them.", { field: "residentId" });
  return row;
}

/** A manual charge or credit, with a reason (shown to the resident). */
export async function recordManualEntry(tx: Tx, raw: ManualEntryInput, opts: { houseId?: string | null } = {}) {
  const input = parseInput(ManualEntryInput, raw);
  const stay = await stayForEntry(tx, input.residentId, opts.houseId);
  const amount = input.kind === "charge" ? input.amount : -input.amount;
  const row = await appendEntry(tx, { residentId: input.residentId, ...stay }, {
    kind: input.kind,
    amount_cents: amount,
    effective_on: stay.today,
    memo: input.reason,
  });
  await audit(tx, `ledger.${input.kind}_recorded`, { type: "ledger_entry", id: row.id }, { residentId: input.residentId, amountCents: amount });
  return { id: row.id, amountCents: amount };
}

/**
 * A payment taken by hand. The database gives it the org's next receipt number (ADR 030:
 * a trigger advances the counter under its row lock, so concurrent payments take
 * consecutive numbers and a rolled-back payment takes none). A payment whose idempotency
 * key was already used returns that payment (a resubmitted form, two presses, twenty
 * requests at once: one entry): one writer per key at a time.
 */
export async function recordPayment(tx: Tx, raw: PaymentInput, opts: { houseId?: string | null } = {}) {
  const input = parseInput(PaymentInput, raw);
  await sql`select pg_advisory_xact_lock(hashtextextended(${`payment:${input.idempotencyKey}`}, 0))`.execute(tx);
  const existing = await tx
    .selectFrom("ledger_entry")
    .select(["id", "receipt_number", "resident_id", "amount_cents"])
    .where("idempotency_key", "=", input.idempotencyKey)
    .executeTakeFirst();
  if (existing) {
    if (existing.resident_id !== input.residentId || existing.amount_cents !== -input.amount) {
      throw new DomainError("conflict", "This form was already used for another payment. Reload the page and try again.");
    }
    return { id: existing.id, receiptNumber: existing.receipt_number!, created: false };
  }
  const stay = await stayForEntry(tx, input.residentId, opts.houseId);
  if (input.receivedOn > stay.today) throw new DomainError("invalid", "A payment can't be received in the future.", { field: "receivedOn" });
  const row = await appendEntry(tx, { residentId: input.residentId, ...stay }, {
    kind: "payment",
    amount_cents: -input.amount,
    effective_on: input.receivedOn,
    method: input.method,
    payer: input.payer,
    reference: input.reference,
    idempotency_key: input.idempotencyKey,
  });
  const receiptNumber = row.receipt_number!;
  await audit(tx, "ledger.payment_recorded", { type: "ledger_entry", id: row.id }, {
    residentId: input.residentId,
    amountCents: -input.amount,
    method: input.method,
    payer: input.payer,
    receiptNumber,
  });
  return { id: row.id, receiptNumber, created: true };
}

type Target = { id: string; kind: string; amount_cents: number; resident_id: string; house_id: string; stay_id: string; today: string };

export async function lockedEntry(tx: Tx, entryId: string): Promise<Target> {
  // One writer at a time per corrected entry (the app role may not SELECT … FOR UPDATE an
  // append-only table): checks below see every committed correction.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`ledger:${entryId}`}, 0))`.execute(tx);
  const row = await tx
    .selectFrom("ledger_entry as e")
    .innerJoin("house as h", (j) => j.onRef("h.org_id", "=", "e.org_id").onRef("h.id", "=", "e.house_id"))
    .select(["e.id", "e.kind", "e.amount_cents", "e.resident_id", "e.house_id", "e.stay_id", sql<string>`${houseToday("h")}::text`.as("today")])
    .where("e.id", "=", entryId)
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "Entry not found.");
  return row;
}

async function correctionsOf(tx: Tx, entryId: string) {
  return tx
    .selectFrom("ledger_entry")
    .select([sql<number>`coalesce(sum(amount_cents) filter (where kind = 'refund'), 0)::bigint`.as("refunded"), sql<number>`count(*) filter (where kind = 'reversal')::int`.as("reversed")])
    .where((eb) => eb.or([eb("refund_of_id", "=", entryId), eb("reverses_id", "=", entryId)]))
    .executeTakeFirstOrThrow();
}

/** Undo an entry: a new entry of the opposite amount that points at it (once per entry). */
export async function reverseEntry(tx: Tx, raw: ReversalInput) {
  const input = parseInput(ReversalInput, raw);
  const target = await lockedEntry(tx, input.entryId);
  if (target.kind === "reversal") throw new DomainError("conflict", "A correction can't be corrected again. Record a new charge or credit instead.");
  const done = await correctionsOf(tx, target.id);
  if (done.reversed > 0) throw new DomainError("conflict", "This entry has already been corrected.");
  if (done.refunded > 0) throw new DomainError("conflict", "Part of this payment was refunded; correct the refund first.");
  const row = await appendEntry(tx, { residentId: target.resident_id, houseId: target.house_id, stayId: target.stay_id }, {
    kind: "reversal",
    amount_cents: -target.amount_cents,
    effective_on: target.today,
    memo: input.reason,
    reverses_id: target.id,
  });
  await audit(tx, "ledger.entry_reversed", { type: "ledger_entry", id: row.id }, { reversesId: target.id, amountCents: -target.amount_cents });
  return { id: row.id };
}

/** Give back (part of) a payment: at most what is left of it after earlier refunds. */
export async function refundPayment(tx: Tx, raw: RefundInput) {
  const input = parseInput(RefundInput, raw);
  const target = await lockedEntry(tx, input.paymentId);
  if (target.kind !== "payment") throw new DomainError("invalid", "Only a payment can be refunded.");
  const done = await correctionsOf(tx, target.id);
  if (done.reversed > 0) throw new DomainError("conflict", "This payment has already been corrected.");
  const left = -target.amount_cents - done.refunded;
  if (input.amount > left) throw new DomainError("conflict", "That is more than is left of this payment to refund.", { field: "amount" });
  const row = await appendEntry(tx, { residentId: target.resident_id, houseId: target.house_id, stayId: target.stay_id }, {
    kind: "refund",
    amount_cents: input.amount,
    effective_on: target.today,
    memo: input.reason,
    refund_of_id: target.id,
  });
  await audit(tx, "ledger.payment_refunded", { type: "ledger_entry", id: row.id }, { refundOfId: target.id, amountCents: input.amount });
  return { id: row.id };
}
