import { sql } from "kysely";
import { enterPayLink, type Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, guardDb, parseInput } from "#app/domain/errors.server";
import { id as idSchema } from "#app/lib/fields";
import { generateToken, hashToken, isWellFormedToken } from "#app/lib/tokens.server";
import type { CheckoutTarget } from "./online.server";
import { PAY_LINK_DAYS } from "./schemas";

/**
 * Family pay links (ADR 032): `/pay/<token>`, 160 random bits, only the SHA-256 stored,
 * expiring after PAY_LINK_DAYS, revocable. The resident (or the team of a house they
 * live in, or an owner/admin) makes one (RLS). Opening a link signs a narrow context for
 * it in the database (`enter_pay_link`): the page learns only the org's name and the
 * amount due (`pay_link_due()`), and may start a family payment for the link's resident.
 */

/** Make a pay link for a resident; returns the raw token (shown once) and its expiry. */
export async function makePayLink(tx: Tx, residentId: string): Promise<{ id: string; token: string; expiresAt: Date }> {
  const rid = parseInput(idSchema, residentId);
  const resident = await tx.selectFrom("resident").select("id").where("id", "=", rid).executeTakeFirst();
  if (!resident) throw new DomainError("not_found", "Resident not found.");
  const token = generateToken();
  const id = crypto.randomUUID();
  const expiresAt = new Date(Date.now() + PAY_LINK_DAYS * 86_400_000);
  await guardDb(
    tx.insertInto("pay_link").values({ id, org_id: sql<string>`current_org_id()`, resident_id: rid, token_hash: hashToken(token), expires_at: expiresAt }).execute(),
  );
  await audit(tx, "pay_link.created", { type: "pay_link", id }, { residentId: rid });
  return { id, token, expiresAt };
}

/** Turn off every live pay link of a resident. Returns how many. */
export async function revokePayLinks(tx: Tx, residentId: string): Promise<number> {
  const rid = parseInput(idSchema, residentId);
  const res = await tx.updateTable("pay_link").set({ revoked_at: sql<Date>`now()` }).where("resident_id", "=", rid).where("revoked_at", "is", null).executeTakeFirst();
  const n = Number(res.numUpdatedRows);
  if (n > 0) await audit(tx, "pay_link.revoked", { type: "resident", id: rid }, { count: n });
  return n;
}

/** The signed-in resident's own resident id, or a refusal. */
export async function myResidentId(tx: Tx): Promise<string> {
  const { rows } = await sql<{ id: string | null }>`select current_resident_id() as id`.execute(tx);
  const id = rows[0]?.id;
  if (!id) throw new DomainError("forbidden", "Your account isn't linked to a resident record yet. Ask your house manager.");
  return id;
}

export type OpenPayLink = { orgName: string; currency: string; balanceCents: number; target: CheckoutTarget | null };

/**
 * What a pay link shows (the org's name and the amount due) and the payment it may start,
 * or null for an unknown, expired, revoked or malformed link. Runs the rest of the
 * transaction as the link (`enter_pay_link`).
 */
export async function openPayLink(tx: Tx, token: string): Promise<OpenPayLink | null> {
  if (!isWellFormedToken(token)) return null;
  const link = await enterPayLink(tx, token);
  if (!link) return null;
  const { rows } = await sql<{ org_name: string; currency: string; balance_cents: string; resident_id: string; house_id: string | null; stay_id: string | null }>`
    select * from pay_link_due()`.execute(tx);
  const due = rows[0];
  if (!due) return null;
  const balanceCents = Number(due.balance_cents);
  const target =
    due.house_id && due.stay_id
      ? { residentId: due.resident_id, houseId: due.house_id, stayId: due.stay_id, balanceCents, payer: "family" as const, payLinkId: link.linkId }
      : null;
  return { orgName: due.org_name, currency: due.currency, balanceCents, target };
}
