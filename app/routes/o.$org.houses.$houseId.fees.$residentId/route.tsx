import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { filterSchema, endPlanSchema, planSchema } from "./forms.server";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { centsToInput, formatCents } from "#app/domain/fees/money";
import { INSTALMENT_STATUS_LABELS, PLAN_EVERY, PLAN_EVERY_LABELS } from "#app/domain/fees/plans";
import { residentLedgerPage } from "#app/domain/fees/queries.server";
import { PAYMENT_METHOD_LABELS, PAYMENT_METHODS } from "#app/domain/fees/labels";
import { can } from "#app/domain/permissions";
import { formatDay } from "#app/lib/dates";
import { badRequest } from "#app/lib/http.server";
import { type ConfirmActionData } from "#app/ui/confirm.server";
import { ConfirmPanel } from "#app/ui/confirm-panel";
import { Button, FormMessage, PageNotices } from "#app/ui/form";
import { formConstraint } from "#app/ui/constraint";
import { orErrorPage, type FormActionData } from "#app/ui/forms.server";
import { EndPlanForm, PlanForm, PlanProgressView } from "#app/ui/plan-forms";
import { planSummary } from "#app/ui/statement";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { LedgerEntryList, ledgerEntryView } from "#app/ui/ledger-entries";
import { Card, PageHeader } from "#app/ui/page";
import { Pager } from "#app/ui/pager";
import { houseIdParam, NOT_FOUND, residentIdParam } from "#app/ui/params.server";

/**
 * One resident's ledger, seen from a house (fees:read; RLS shows house managers and staff
 * the entries of their houses): balance, every entry newest first, receipts, and — with
 * fees:write — correcting an entry, which asks first and records a reversing entry.
 */
export const meta: MetaFunction = () => [{ title: "Resident ledger · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "fees:read");
  const houseId = houseIdParam(params);
  const residentId = residentIdParam(params);
  const parsed = filterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) badRequest("That page of the ledger isn't valid. Go back to the start of the list.");
  const ledger = await orErrorPage(
    withTenant(ctx.tenant, (tx) => residentLedgerPage(tx, houseId, residentId, { cursor: parsed.data.cursor ?? null })),
    NOT_FOUND.resident,
  );
  const currency = ctx.org.currency;
  const houseBase = `/o/${ctx.org.slug}/houses/${houseId}`;
  const canWrite = can(ctx.role, "fees:write");
  return data({
    canWrite,
    houseBase,
    sections: houseSections(ctx.role),
    name: ledger.resident.name,
    balance: formatCents(ledger.resident.balanceCents, currency),
    next: ledger.next,
    residentId,
    today: ledger.today,
    month: ledger.today.slice(0, 7),
    statementHref: `${houseBase}/fees/${residentId}/statements/${ledger.today.slice(0, 7)}`,
    csvHref: `${houseBase}/fees/${residentId}/ledger.csv`,
    planDefault: ledger.resident.balanceCents > 0 ? centsToInput(ledger.resident.balanceCents) : "",
    plan: ledger.plan ? { id: ledger.plan.id, note: ledger.plan.note, ...planSummary(ledger.plan.progress, currency), instalments: ledger.plan.progress.instalments.map((i) => ({ seq: i.seq, due: formatDay(i.dueOn), amount: formatCents(i.amountCents, currency), status: INSTALMENT_STATUS_LABELS[i.status] })) } : null,
    constraints: { plan: formConstraint(planSchema), endPlan: formConstraint(endPlanSchema) },
    everyOptions: PLAN_EVERY.map((e) => ({ value: e, label: PLAN_EVERY_LABELS[e] })),
    methods: PAYMENT_METHODS.map((m) => ({ value: m, label: PAYMENT_METHOD_LABELS[m] })),
    deposits: ledger.deposits.map((d) => ({ id: d.id, held: formatCents(d.heldCents, currency), day: formatDay(d.effectiveOn) })),
    entries: ledger.entries.map((e) => ({
      ...ledgerEntryView(e, { currency, receiptHref: (id) => `/o/${ctx.org.slug}/receipts/${id}`, markCorrected: true }),
      canReverse: canWrite && e.kind !== "reversal" && !e.corrected,
    })),
  });
}

import type { action } from "./actions.server";
export { action } from "./actions.server";

export default function ResidentLedgerPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as (ConfirmActionData & Partial<FormActionData>) | undefined;
  const resultFor = (formId: string) => (actionData?.formId === formId ? (actionData.result ?? null) : null);
  // A plan form's refusal whose form is no longer on the page (a stale submission: a plan was
  // agreed, or ended, meanwhile): shown in the plan's card, so it always has a place.
  const planRefusal = actionData?.error && actionData.formId === (page.plan ? "plan" : "end-plan") ? actionData.error : null;
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
        <p className="mt-2 flex flex-wrap gap-4 text-sm">
          <Link to={page.statementHref}>This month's statement</Link>
          <a href={page.csvHref} download>
            Download the ledger (CSV)
          </a>
        </p>
        <Form method="post" className="mt-2">
          <input type="hidden" name="intent" value="pay-links-off" />
          <Button type="submit" variant="secondary">Turn off this resident's pay links</Button>
        </Form>
      </Card>
      <Card title="Payment plan">
        {planRefusal ? (
          <div className="mb-3">
            <FormMessage>{planRefusal}</FormMessage>
          </div>
        ) : null}
        {page.plan ? (
          <>
            <PlanProgressView plan={page.plan} />
            {page.canWrite ? (
              <details className="mt-3">
                <summary className="inline-flex min-h-11 cursor-pointer items-center text-sm font-medium text-brand-700">End this plan</summary>
                <EndPlanForm planId={page.plan.id} lastResult={resultFor("end-plan")} constraint={page.constraints.endPlan} />
              </details>
            ) : null}
          </>
        ) : (
          <>
            <p className="text-muted">No payment plan.</p>
            {page.canWrite ? (
              <div className="mt-3">
                <PlanForm residentId={page.residentId} amount={page.planDefault} today={page.today} lastResult={resultFor("plan")} constraint={page.constraints.plan} everyOptions={page.everyOptions} />
              </div>
            ) : null}
          </>
        )}
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
        <LedgerEntryList entries={page.entries} label="Entries" empty="No entries yet." receiptLabel="Open the receipt">
          {(e) =>
            e.canReverse ? (
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
            ) : null
          }
        </LedgerEntryList>
        <Pager next={page.next} nextLabel="Older entries" />
      </Card>
    </div>
  );
}
