import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { DomainError, guardDb, parseInput } from "#app/domain/errors.server";
import { stayForEntry } from "#app/domain/fees/ledger.server";
import { formatCents } from "#app/domain/fees/money";
import { logger } from "#app/lib/logger.server";
import { Stripe, stripeClient, stripeConfigured } from "#app/lib/stripe.server";
import { MIN_ONLINE_CENTS, PayInput } from "./schemas";

/**
 * Online payment (ADR 032): Stripe Connect direct charges. A resident (or a family pay
 * link) presses Pay; we write a payment_attempt and create a Checkout Session on the
 * org's connected account (the `Stripe-Account` header) with an idempotency key derived
 * from the attempt, and redirect to it. Nothing reaches the ledger here: only a verified
 * webhook posts the payment (webhook.server.ts).
 */

/** The org's connected account when online payment is available to this context, else null. */
export async function onlineAccount(tx: Tx): Promise<string | null> {
  if (!stripeConfigured()) return null;
  const { rows } = await sql<{ account: string | null }>`select org_online_payment_account() as account`.execute(tx);
  return rows[0]?.account ?? null;
}

export type CheckoutTarget = {
  residentId: string;
  houseId: string;
  stayId: string;
  balanceCents: number;
  payer: "resident" | "family";
  payLinkId: string | null;
};

export type CheckoutPlace = { orgName: string; currency: string; successUrl: string; cancelUrl: string };

/** The amount a Pay form asks for, checked against what is owed (at most the balance). */
export function amountToPay(raw: PayInput, balanceCents: number): number {
  const input = parseInput(PayInput, raw);
  if (balanceCents < MIN_ONLINE_CENTS) throw new DomainError("conflict", "There is nothing to pay online right now.");
  const amount = input.choice === "full" ? balanceCents : input.amount;
  if (amount > balanceCents) {
    throw new DomainError("invalid", `That is more than the balance of ${formatCents(balanceCents)}. Enter at most that.`, { field: "amount" });
  }
  if (amount < MIN_ONLINE_CENTS) throw new DomainError("invalid", `Online payments start at ${formatCents(MIN_ONLINE_CENTS)}.`, { field: "amount" });
  return amount;
}

export const STRIPE_UNAVAILABLE = "Online payment isn't available right now. Please try again later or pay the house directly.";

/** A Stripe API call; Stripe's own errors (declined, down, timed out) become a clear 409. */
export async function callStripe<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) {
      logger().warn({ type: error.type, code: error.code, status: error.statusCode, requestId: error.requestId }, "stripe call failed");
      throw new DomainError("conflict", STRIPE_UNAVAILABLE);
    }
    throw error;
  }
}

/**
 * Start a Checkout Session for `target` and return its URL. The amount and the account
 * are checked first; the session is created on the connected account with the
 * idempotency key `checkout-<attempt id>` (a retried call creates nothing twice), then
 * the attempt row is written with the session's id (RLS: a resident for themself, a pay
 * link for its resident as family) in the same transaction. The webhook later requires
 * the event's session, amount and currency to match this row. The Stripe call runs inside
 * the request's one transaction (ADR 032): the client gives up after ~10 s (one retry).
 */
export async function startCheckout(tx: Tx, raw: PayInput, target: CheckoutTarget, place: CheckoutPlace): Promise<{ url: string; attemptId: string }> {
  const account = await onlineAccount(tx);
  const stripe = stripeClient();
  if (!account || !stripe) throw new DomainError("conflict", "Online payment isn't available right now. Talk to your house manager to pay.");
  const amount = amountToPay(raw, target.balanceCents);
  const attemptId = crypto.randomUUID();
  const currency = place.currency.toUpperCase();
  const metadata = {
    hearth_attempt_id: attemptId,
    hearth_resident_id: target.residentId,
    hearth_house_id: target.houseId,
    hearth_stay_id: target.stayId,
    hearth_payer: target.payer,
  };
  const successUrl = place.successUrl.replace("{ATTEMPT_ID}", attemptId);
  const session = await callStripe(() =>
    stripe.checkout.sessions.create(
      {
        mode: "payment",
        line_items: [
          {
            quantity: 1,
            price_data: { currency: currency.toLowerCase(), unit_amount: amount, product_data: { name: `Payment to ${place.orgName}` } },
          },
        ],
        client_reference_id: attemptId,
        metadata,
        payment_intent_data: { metadata },
        success_url: successUrl,
        cancel_url: place.cancelUrl,
      },
      { stripeAccount: account, idempotencyKey: `checkout-${attemptId}` },
    ),
  );
  if (!session.url) throw new DomainError("conflict", STRIPE_UNAVAILABLE);
  await guardDb(
    tx
      .insertInto("payment_attempt")
      .values({
        id: attemptId,
        org_id: sql<string>`current_org_id()`,
        resident_id: target.residentId,
        house_id: target.houseId,
        stay_id: target.stayId,
        amount_cents: amount,
        currency,
        payer: target.payer,
        pay_link_id: target.payLinkId,
        checkout_session_id: session.id,
      })
      .execute(),
  );
  await audit(tx, "payment.checkout_started", { type: "payment_attempt", id: attemptId }, {
    residentId: target.residentId,
    amountCents: amount,
    payer: target.payer,
  });
  return { url: session.url, attemptId };
}

/** The signed-in resident's Checkout target: their balance and stay. Null if not linked. */
export async function myCheckoutTarget(tx: Tx): Promise<CheckoutTarget | null> {
  const { rows } = await sql<{ id: string | null }>`select current_resident_id() as id`.execute(tx);
  const residentId = rows[0]?.id;
  if (!residentId) return null;
  const bal = await tx
    .selectFrom("ledger_entry")
    .select(sql<string>`coalesce(sum(amount_cents), 0)::bigint`.as("balance"))
    .where("resident_id", "=", residentId)
    .executeTakeFirstOrThrow();
  const stay = await stayForEntry(tx, residentId);
  return { residentId, houseId: stay.houseId, stayId: stay.stayId, balanceCents: Number(bal.balance), payer: "resident", payLinkId: null };
}

// ── Connect onboarding (owners and admins) ───────────────────────────

export type PaymentAccountStatus = { accountId: string; chargesEnabled: boolean; detailsSubmitted: boolean } | null;

export async function paymentAccount(tx: Tx): Promise<PaymentAccountStatus> {
  const row = await tx
    .selectFrom("org_payment_account")
    .select(["stripe_account_id as accountId", "charges_enabled as chargesEnabled", "details_submitted as detailsSubmitted"])
    .executeTakeFirst();
  return row ?? null;
}

/**
 * "Connect Stripe": create the org's connected account if it has none (idempotency key
 * from the org), then an onboarding Account Link; returns the link's URL.
 */
export async function startOnboarding(tx: Tx, urls: { refreshUrl: string; returnUrl: string }): Promise<string> {
  const stripe = stripeClient();
  if (!stripe) throw new DomainError("conflict", "Online payments are not configured on this Hearth.");
  let account = await paymentAccount(tx);
  if (!account) {
    const { rows } = await sql<{ org: string }>`select current_org_id()::text as org`.execute(tx);
    const created = await callStripe(() => stripe.accounts.create(
      { controller: { stripe_dashboard: { type: "full" }, fees: { payer: "account" }, losses: { payments: "stripe" } } },
      { idempotencyKey: `connect-account-${rows[0]!.org}` },
    ));
    await guardDb(
      tx
        .insertInto("org_payment_account")
        .values({ org_id: sql<string>`current_org_id()`, stripe_account_id: created.id, charges_enabled: created.charges_enabled ?? false, details_submitted: created.details_submitted ?? false })
        .execute(),
    );
    await audit(tx, "payment_account.created", { type: "org_payment_account", id: created.id });
    account = { accountId: created.id, chargesEnabled: created.charges_enabled ?? false, detailsSubmitted: created.details_submitted ?? false };
  }
  const link = await callStripe(() => stripe.accountLinks.create(
    { account: account.accountId, type: "account_onboarding", refresh_url: urls.refreshUrl, return_url: urls.returnUrl },
    { idempotencyKey: `connect-link-${account.accountId}-${Math.floor(Date.now() / 60_000)}` },
  ));
  return link.url;
}

/** Back from onboarding: ask Stripe for the account's status and store it. */
export async function refreshAccountStatus(tx: Tx): Promise<PaymentAccountStatus> {
  const stripe = stripeClient();
  const account = await paymentAccount(tx);
  if (!stripe || !account) return account;
  const fresh = await callStripe(() => stripe.accounts.retrieve(account.accountId));
  const next = { chargesEnabled: fresh.charges_enabled ?? false, detailsSubmitted: fresh.details_submitted ?? false };
  if (next.chargesEnabled !== account.chargesEnabled || next.detailsSubmitted !== account.detailsSubmitted) {
    await tx
      .updateTable("org_payment_account")
      .set({ charges_enabled: next.chargesEnabled, details_submitted: next.detailsSubmitted, updated_at: sql<Date>`now()` })
      .execute();
    await audit(tx, "payment_account.status_changed", { type: "org_payment_account", id: account.accountId }, next);
  }
  return { accountId: account.accountId, ...next };
}

/** A UUID derived from a Stripe object id: the ledger's idempotency key for its payment. */
export function keyFor(kind: string, id: string): string {
  const h = createHash("sha256").update(`stripe:${kind}:${id}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
