import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { reverseEntry } from "#app/domain/fees/ledger.server";
import { formatCents } from "#app/domain/fees/money";
import { feeResident, residentLedger } from "#app/domain/fees/queries.server";
import { ENTRY_KIND_LABELS, PAYMENT_METHOD_LABELS, PAYMENT_METHODS, ReversalInput, SettleDepositInput } from "#app/domain/fees/schemas";
import { heldDeposits, settleDeposit } from "#app/domain/fees/deposits.server";
import { can } from "#app/domain/permissions";
import { cursorParam } from "#app/lib/cursor.server";
import { formatDay } from "#app/lib/dates";
import { badRequest } from "#app/lib/http.server";
import { ask, confirmed, dryRun, type ConfirmActionData } from "#app/ui/confirm.server";
import { ConfirmPanel } from "#app/ui/confirm-panel";
import { Button, FormMessage, PageNotices } from "#app/ui/form";
import { attempt, invalid, orErrorPage } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { Card, PageHeader } from "#app/ui/page";
import { Pager } from "#app/ui/pager";
import { houseIdParam, NOT_FOUND, residentIdParam } from "#app/ui/params.server";
import { parseForm } from "#app/ui/parse-form";

/**
 * One resident's ledger, seen from a house (fees:read; RLS shows house managers and staff
 * the entries of their houses): balance, every entry newest first, receipts, and — with
 * fees:write — correcting an entry, which asks first and records a reversing entry.
 */
export const meta: MetaFunction = () => [{ title: "Resident ledger · Hearth" }];

const filterSchema = z.strictObject({ cursor: cursorParam.optional() });
const reverseSchema = ReversalInput.extend({ intent: z.literal("reverse"), confirmed: z.literal("yes").optional() });
const settleSchema = SettleDepositInput.safeExtend({ intent: z.literal("settle-deposit") });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "fees:read");
  const houseId = houseIdParam(params);
  const residentId = residentIdParam(params);
  const parsed = filterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) badRequest("That page of the ledger isn't valid. Go back to the start of the list.");
  const ledger = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      await feeResident(tx, houseId, residentId);
      const ledger = await residentLedger(tx, residentId, { cursor: parsed.data.cursor ?? null });
      return { ...ledger, deposits: await heldDeposits(tx, residentId) };
    }),
    NOT_FOUND.resident,
  );
  const currency = ctx.org.currency;
  const houseBase = `/o/${ctx.org.slug}/houses/${houseId}`;
  const canWrite = can(ctx.role, "fees:write");
  return data({
    houseBase,
    sections: houseSections(ctx.role),
    name: ledger.resident.name,
    balance: formatCents(ledger.resident.balanceCents, currency),
    next: ledger.next,
    canWrite,
    methods: PAYMENT_METHODS.map((m) => ({ value: m, label: PAYMENT_METHOD_LABELS[m] })),
    deposits: ledger.deposits.map((d) => ({ id: d.id, held: formatCents(d.heldCents, currency), day: formatDay(d.effectiveOn) })),
    entries: ledger.entries.map((e) => ({
      id: e.id,
      day: formatDay(e.effectiveOn),
      what: e.kind === "payment" && e.receiptNumber ? `Payment, receipt ${e.receiptNumber}` : ENTRY_KIND_LABELS[e.kind],
      detail: e.memo ?? (e.periodStart && e.periodEnd ? `${formatDay(e.periodStart, "MMM d")} – ${formatDay(e.periodEnd, "MMM d, yyyy")}` : null),
      amount: formatCents(e.amountCents, currency),
      receiptHref: e.kind === "payment" ? `/o/${ctx.org.slug}/receipts/${e.id}` : null,
      canReverse: canWrite && e.kind !== "reversal" && !e.corrected,
      corrected: e.corrected,
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "fees:write");
  const houseId = houseIdParam(params);
  const residentId = residentIdParam(params);
  // Another org's or another house's ids: 404 before any form is read.
  await orErrorPage(withTenant(ctx.tenant, (tx) => feeResident(tx, houseId, residentId)), NOT_FOUND.resident);
  const formData = await request.formData();
  if (formData.get("intent") === "settle-deposit") {
    const settleId = `settle-${String(formData.get("depositId") ?? "").slice(0, 40)}`;
    const settled = parseForm(formData, settleSchema);
    if (settled.status !== "success") return invalid(settleId, settled, "Choose how the deposit was paid back.", { button: true });
    const { intent: _s, ...settle } = settled.value;
    return attempt({ formId: settleId, submission: null }, async () => {
      const done = await withTenant(ctx.tenant, (tx) => settleDeposit(tx, settle, { residentId }));
      return `${formatCents(done.amountCents, ctx.org.currency)} of the deposit ${settle.settle === "refund" ? "refunded" : "applied to the balance"}.`;
    });
  }
  const submission = parseForm(formData, reverseSchema);
  const formId = `reverse-${String(formData.get("entryId") ?? "").slice(0, 40)}`;
  if (submission.status !== "success") return invalid(formId, submission, "Write why this entry is being corrected.", { button: true });
  const { intent: _i, confirmed: _c, ...input } = submission.value;
  return attempt({ formId, submission: null }, async () => {
    if (!confirmed(formData)) {
      await dryRun(ctx.tenant, (tx) => reverseEntry(tx, input));
      return ask(formId, {
        intent: "reverse",
        title: "Correct this entry?",
        body: "Hearth records a new entry of the opposite amount that points at this one. Nothing is deleted; both stay on the ledger.",
        yes: "Yes, correct it",
        danger: true,
        fields: { entryId: input.entryId, reason: input.reason },
      });
    }
    await withTenant(ctx.tenant, (tx) => reverseEntry(tx, input));
    return "Entry corrected.";
  });
}

export default function ResidentLedgerPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ConfirmActionData | undefined;
  const location = useLocation();
  return (
    <div className="space-y-6">
      <PageHeader title="Resident ledger" description={<Link to={`${page.houseBase}/fees`}>Back to the house's fees</Link>} />
      <HouseNav houseBase={page.houseBase} sections={page.sections} />
      {actionData?.confirm ? <ConfirmPanel confirm={actionData.confirm} cancelHref={`${location.pathname}${location.search}`} /> : null}
      <PageNotices notice={actionData?.notice} error={null}>
        {actionData?.pageError ? <FormMessage>{actionData.pageError}</FormMessage> : null}
      </PageNotices>
      <Card title={page.name}>
        <p className="text-lg">
          Balance: <strong className="tabular-nums">{page.balance}</strong>
        </p>
        <p className="text-sm text-muted">Charges add to the balance; payments and credits take from it.</p>
      </Card>
      {page.deposits.length > 0 ? (
        <Card title="Deposits held">
          <p className="text-sm text-muted">The house holds these for the resident. At discharge, apply a deposit to what they owe, refund it, or keep holding it and decide later.</p>
          <ul className="divide-y divide-line" aria-label="Deposits held">
            {page.deposits.map((d) => (
              <li key={d.id} className="py-3">
                <p>
                  <span className="font-medium tabular-nums">{d.held}</span> <span className="text-sm text-muted">{`held since ${d.day}`}</span>
                </p>
                {page.canWrite ? (
                  <div className="mt-2 flex flex-wrap items-end gap-3">
                    <Form method="post">
                      <input type="hidden" name="intent" value="settle-deposit" />
                      <input type="hidden" name="depositId" value={d.id} />
                      <input type="hidden" name="settle" value="apply" />
                      <Button type="submit" variant="secondary">
                        Apply to the balance
                      </Button>
                    </Form>
                    <Form method="post" className="flex flex-wrap items-end gap-2">
                      <input type="hidden" name="intent" value="settle-deposit" />
                      <input type="hidden" name="depositId" value={d.id} />
                      <input type="hidden" name="settle" value="refund" />
                      <label className="flex flex-col text-sm">
                        Paid back by
                        <select name="method" required className="mt-1 min-h-11 rounded-md border border-line px-3">
                          {page.methods.map((m) => (
                            <option key={m.value} value={m.value}>
                              {m.label}
                            </option>
                          ))}
                        </select>
                      </label>
                      <label className="flex flex-col text-sm">
                        Note (optional)
                        <input name="memo" maxLength={200} className="mt-1 min-h-11 rounded-md border border-line px-3" />
                      </label>
                      <Button type="submit" variant="secondary">
                        Refund
                      </Button>
                    </Form>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card title="Entries">
        {page.entries.length === 0 ? (
          <p className="text-muted">No entries yet.</p>
        ) : (
          <ul className="divide-y divide-line" aria-label="Entries">
            {page.entries.map((e) => (
              <li key={e.id} className="py-3">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <span>
                    <span className="font-medium">{e.what}</span> <span className="text-sm text-muted">{e.day}</span>
                  </span>
                  <span className="tabular-nums">{e.amount}</span>
                </div>
                {e.detail ? <p className="text-sm">{e.detail}</p> : null}
                {e.receiptHref ? (
                  <p className="text-sm">
                    <Link to={e.receiptHref}>Open the receipt</Link>
                  </p>
                ) : null}
                {e.corrected ? <p className="text-sm text-muted">Corrected or refunded</p> : null}
                {e.canReverse ? (
                  <details className="mt-1">
                    <summary className="inline-flex min-h-11 cursor-pointer items-center text-sm font-medium text-brand-700">Correct this entry</summary>
                    <Form method="post" className="mt-2 flex flex-wrap items-end gap-2">
                      <input type="hidden" name="intent" value="reverse" />
                      <input type="hidden" name="entryId" value={e.id} />
                      <label className="flex flex-col text-sm">
                        Why
                        <input name="reason" required maxLength={200} className="mt-1 min-h-11 rounded-md border border-line px-3" />
                      </label>
                      <Button type="submit" variant="secondary">
                        Correct
                      </Button>
                    </Form>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <Pager next={page.next} nextLabel="Older entries" />
      </Card>
    </div>
  );
}
