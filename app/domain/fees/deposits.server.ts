import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, parseInput } from "#app/domain/errors.server";
import { appendEntry, lockedEntry } from "./ledger.server";
import { SettleDepositInput } from "./schemas";

/**
 * Deposits at discharge (ADR 031). A deposit is a liability the org holds: what is held of a
 * deposit entry is its amount less its releases (net of reversed releases); a reversed
 * deposit holds nothing. At discharge the house chooses, per held deposit: apply it to the
 * balance (a `deposit_release`), refund it (a release and a `payout` with a method), or keep
 * holding it. The database refuses a release of a non-deposit, beyond what is held, or of
 * another stay's deposit (ledger_entry_before_insert).
 */

export type HeldDeposit = { id: string; amountCents: number; heldCents: number; effectiveOn: string; houseId: string };

const HELD = sql<number>`(d.amount_cents + coalesce((select sum(c.amount_cents) from ledger_entry c where c.org_id = d.org_id and c.releases_id = d.id
  and not exists (select 1 from ledger_entry x where x.org_id = c.org_id and x.reverses_id = c.id)), 0))::bigint`;

/** The query of a resident's deposits not reversed, oldest first (`heldDeposits`; embedded by `feeResident`). */
export function depositsQuery(tx: Tx, residentId: string) {
  return tx
    .selectFrom("ledger_entry as d")
    .select(["d.id", "d.amount_cents as amountCents", HELD.as("heldCents"), sql<string>`d.effective_on::text`.as("effectiveOn"), "d.house_id as houseId"])
    .where("d.resident_id", "=", residentId)
    .where("d.kind", "=", "deposit")
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("ledger_entry as x").select("x.id").whereRef("x.org_id", "=", "d.org_id").whereRef("x.reverses_id", "=", "d.id"))))
    .orderBy("d.effective_on")
    .orderBy("d.id");
}

/** Of a resident's deposits, those that still hold money. */
export const stillHeld = (rows: HeldDeposit[]): HeldDeposit[] => rows.map((r) => ({ ...r, amountCents: Number(r.amountCents), heldCents: Number(r.heldCents) })).filter((r) => r.heldCents > 0);

/** A resident's deposits that still hold money, oldest first. One statement. */
export async function heldDeposits(tx: Tx, residentId: string): Promise<HeldDeposit[]> {
  return stillHeld(await depositsQuery(tx, residentId).execute());
}

/** Apply a held deposit to the balance, or refund it: releases all that is still held. */
export async function settleDeposit(tx: Tx, raw: SettleDepositInput, opts: { residentId?: string } = {}) {
  const input = parseInput(SettleDepositInput, raw);
  const target = await lockedEntry(tx, input.depositId);
  if (opts.residentId && target.resident_id !== opts.residentId) throw new DomainError("not_found", "Entry not found.");
  if (target.kind !== "deposit") throw new DomainError("invalid", "Only a deposit can be released.");
  const held = await tx
    .selectFrom("ledger_entry as d")
    .select(HELD.as("heldCents"))
    .select(sql<boolean>`exists (select 1 from ledger_entry x where x.org_id = d.org_id and x.reverses_id = d.id)`.as("reversed"))
    .where("d.id", "=", target.id)
    .executeTakeFirstOrThrow();
  if (held.reversed || held.heldCents <= 0) throw new DomainError("conflict", "Nothing is held of this deposit any more.");
  const at = { residentId: target.resident_id, houseId: target.house_id, stayId: target.stay_id };
  const refund = input.settle === "refund";
  const release = await appendEntry(tx, at, {
    kind: "deposit_release",
    amount_cents: -held.heldCents,
    effective_on: target.today,
    memo: input.memo ?? (refund ? "Deposit refunded" : "Deposit applied to the balance"),
    releases_id: target.id,
  });
  let payoutId: string | null = null;
  if (refund) {
    const payout = await appendEntry(tx, at, {
      kind: "payout",
      amount_cents: held.heldCents,
      effective_on: target.today,
      method: input.method!,
      memo: input.memo ?? "Deposit paid back",
      payout_of_id: release.id,
    });
    payoutId = payout.id;
  }
  await audit(tx, refund ? "ledger.deposit_refunded" : "ledger.deposit_applied", { type: "ledger_entry", id: release.id }, {
    residentId: target.resident_id,
    depositId: target.id,
    amountCents: held.heldCents,
    payoutId,
  });
  return { releaseId: release.id, payoutId, amountCents: held.heldCents };
}
