import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { formatCents } from "#app/domain/fees/money";
import { feeHouse, houseLedger } from "#app/domain/fees/queries.server";
import { scheduleStatus } from "#app/domain/fees/agreement";
import { houseBedChoices } from "#app/domain/fees/schedules.server";
import { ENTRY_KIND_LABELS, FEE_CADENCE_LABELS, FEE_CADENCES, PAYMENT_METHOD_LABELS, PAYMENT_METHODS, PAYMENT_PAYER_LABELS, PAYMENT_PAYERS, WEEKDAY_LABELS } from "#app/domain/fees/labels";
import { can } from "#app/domain/permissions";
import { formatDay, formatDayOr } from "#app/lib/dates";
import { formConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { Button, FormMessage, PageNotices } from "#app/ui/form";
import { orErrorPage, runIntent, type FormActionData } from "#app/ui/forms.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { Card, EmptyState, PageHeader } from "#app/ui/page";
import { pageErrorOf } from "#app/ui/page-error";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";
import { usePostAction } from "#app/ui/post-action";
import { feeIntents } from "./intents.server";
import { endScheduleSchema, entrySchema, paymentSchema, scheduleSchema } from "./forms.server";
import { EndScheduleForm, EntryForm, PaymentForm, ScheduleForm, type FeeFormChoices } from "./parts";

const STATUS_LABELS = { upcoming: "Upcoming", in_force: "In force", ended: "Ended" } as const;

/**
 * A house's fees (fees:read; RLS answers 404 for houses not theirs): each resident living
 * there with their balance, the fee schedules in force, and — with fees:write — recording
 * a payment (with a receipt), a charge or a credit, and posting what is due now.
 */
export const meta: MetaFunction = () => [{ title: "Fees · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "fees:read");
  const houseId = houseIdParam(params);
  const { page, beds } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => ({ page: await houseLedger(tx, houseId), beds: await houseBedChoices(tx, houseId) })),
    NOT_FOUND.house,
  );
  const currency = ctx.org.currency;
  const houseBase = `/o/${ctx.org.slug}/houses/${houseId}`;
  return data({
    house: { name: page.house.name, today: page.house.today },
    houseBase,
    sections: houseSections(ctx.role),
    canWrite: can(ctx.role, "fees:write"),
    idempotencyKey: crypto.randomUUID(),
    // The forms are checked in the action (`forms.server.ts`); the page gets their HTML constraints and labelled choices (ADR 029).
    constraints: { payment: formConstraint(paymentSchema), entry: formConstraint(entrySchema), schedule: formConstraint(scheduleSchema), end: formConstraint(endScheduleSchema) },
    beds,
    agreementsHref: `${houseBase}/fees/agreements`,
    choices: {
      methods: PAYMENT_METHODS.map((m) => ({ value: m, label: PAYMENT_METHOD_LABELS[m] })),
      payers: PAYMENT_PAYERS.map((p) => ({ value: p, label: PAYMENT_PAYER_LABELS[p] })),
      kinds: (["charge", "credit"] as const).map((k) => ({ value: k, label: ENTRY_KIND_LABELS[k] })),
      cadences: FEE_CADENCES.map((c) => ({ value: c, label: FEE_CADENCE_LABELS[c] })),
      weekdays: WEEKDAY_LABELS.map((l, i) => ({ value: String(i + 1), label: l })),
    } satisfies FeeFormChoices,
    residents: page.residents.map((r) => ({
      id: r.id,
      name: r.name,
      balance: formatCents(r.balanceCents, currency),
      owes: r.balanceCents > 0,
      lastPaid: formatDayOr(r.lastPaidOn, "No payment yet"),
      href: `${houseBase}/fees/${r.id}`,
    })),
    schedules: page.schedules.map((s) => ({
      id: s.id,
      name: s.name,
      amount: formatCents(s.amountCents, currency),
      how:
        s.cadence === "monthly"
          ? `Every month on day ${s.monthDay}`
          : s.cadence === "once"
            ? s.isDeposit ? "Deposit, once at move-in" : "Once, at move-in"
            : `${FEE_CADENCE_LABELS[s.cadence]} on ${WEEKDAY_LABELS[(s.weekday ?? 1) - 1]}`,
      scope: s.houseId ? (s.bedId ? `One bed (${beds.find((b) => b.value === s.bedId)?.label ?? "bed"})` : "This house") : "Every house",
      dates: `From ${formatDay(s.effectiveFrom)}${s.effectiveTo ? ` to ${formatDay(s.effectiveTo)}` : ""}`,
      status: STATUS_LABELS[scheduleStatus(s, page.house.today)],
      // Org-wide fees are ended in settings; this page ends the house's own.
      canEnd: s.houseId !== null,
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "fees:write");
  const houseId = houseIdParam(params);
  // Another org's or another house's id: 404 before any form is read.
  await orErrorPage(withTenant(ctx.tenant, (tx) => feeHouse(tx, houseId)), NOT_FOUND.house);
  return runIntent(await request.formData(), feeIntents(ctx.tenant, houseId, ctx.org.currency));
}

export default function HouseFeesPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const action = usePostAction();
  const keyFor = useFormKeys(actionData);
  const residentOptions = page.residents.map((r) => ({ value: r.id, label: r.name }));
  const resultFor = (formId: string) => (actionData?.formId === formId ? actionData.result : null);
  const pageError = pageErrorOf(actionData ?? null, [page.canWrite && page.residents.length > 0 && "payment", page.canWrite && page.residents.length > 0 && "entry", page.canWrite && "schedule"]);
  return (
    <div className="space-y-6">
      <PageHeader title="Fees" description={`${page.house.name}. Balances include every charge, payment and correction.`} />
      <HouseNav houseBase={page.houseBase} sections={page.sections} />
      <p className="text-sm">
        <a href={`${page.houseBase}/fees/ledger.csv`} download>
          Download the house's ledger (CSV)
        </a>
      </p>
      <PageNotices notice={actionData?.notice} error={null}>
        {pageError ? <FormMessage>{pageError}</FormMessage> : null}
      </PageNotices>

      <Card title="Balances">
        {page.residents.length === 0 ? (
          <EmptyState title="Nobody lives here today">Balances appear here for the residents living in the house.</EmptyState>
        ) : (
          <ul className="divide-y divide-line" aria-label="Balances">
            {page.residents.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  <Link to={r.href}>{r.name}</Link>
                  <span className="block text-sm text-muted">Last payment: {r.lastPaid}</span>
                </span>
                <span className={`font-medium tabular-nums ${r.owes ? "text-ink" : "text-muted"}`}>
                  {r.owes ? `Owes ${r.balance}` : r.balance.startsWith("−") ? `In credit ${r.balance.slice(1)}` : "Paid up"}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>

      {page.canWrite && page.residents.length > 0 ? (
        <>
          <Card title="Record a payment">
            <PaymentForm key={keyFor("payment")} residents={residentOptions} today={page.house.today} idempotencyKey={page.idempotencyKey} lastResult={resultFor("payment")} constraint={page.constraints.payment} choices={page.choices} />
          </Card>
          <Card title="Add a charge or credit">
            <EntryForm key={keyFor("entry")} residents={residentOptions} lastResult={resultFor("entry")} constraint={page.constraints.entry} choices={page.choices} />
          </Card>
        </>
      ) : null}

      <p>
        <Link to={page.agreementsHref}>Fee agreements: who has acknowledged their fees</Link>
      </p>

      <Card title="Fee schedules">
        {page.schedules.length === 0 ? (
          <p className="text-muted">No fees are set up for this house.</p>
        ) : (
          <ul className="divide-y divide-line">
            {page.schedules.map((s) => (
              <li key={s.id} className="py-2">
                <p className="font-medium">{`${s.name}: ${s.amount}`}</p>
                <p className="text-sm text-muted">{[s.status, s.how, s.scope, s.dates].join(" · ")}</p>
                {page.canWrite && s.canEnd ? (
                  <EndScheduleForm key={keyFor(`end-${s.id}`)} scheduleId={s.id} today={page.house.today} lastResult={resultFor(`end-${s.id}`)} constraint={page.constraints.end} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {page.canWrite && page.schedules.length > 0 ? (
          <Form method="post" action={action} className="mt-3">
            <input type="hidden" name="intent" value="post-charges" />
            <Button type="submit" variant="secondary">
              Post charges due now
            </Button>
            <p className="mt-1 text-sm text-muted">Hearth posts them every hour on its own; posting twice never charges twice.</p>
          </Form>
        ) : null}
        {page.canWrite ? (
          <div className="mt-4 border-t border-line pt-3">
            <h3 className="mb-2 font-semibold">Add a fee for this house</h3>
            <ScheduleForm key={keyFor("schedule")} today={page.house.today} beds={page.beds} lastResult={resultFor("schedule")} constraint={page.constraints.schedule} choices={page.choices} />
          </div>
        ) : null}
      </Card>
    </div>
  );
}
