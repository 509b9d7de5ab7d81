import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { config } from "#app/config.server";
import { withTenant } from "#app/db/tenant.server";
import { DomainError } from "#app/domain/errors.server";
import { formatCents } from "#app/domain/fees/money";
import { INSTALMENT_STATUS_LABELS } from "#app/domain/fees/plans";
import { myDues } from "#app/domain/fees/queries.server";
import { myCheckoutTarget, startCheckout } from "#app/domain/payments/online.server";
import { makePayLink, myResidentId, revokePayLinks } from "#app/domain/payments/pay-links.server";
import { MIN_ONLINE_CENTS, PAY_LINK_DAYS, PayForm as PayFormSchema, PayLinkForm, PayLinksOffForm } from "#app/domain/payments/schemas";
import { cursorParam } from "#app/lib/cursor.server";
import { formatDay, monthDayIn, todayIn } from "#app/lib/dates";
import { badRequest } from "#app/lib/http.server";
import { formConstraint } from "#app/ui/constraint";
import { Button, FormMessage, PageNotices } from "#app/ui/form";
import { intent, runIntent, type FormActionData } from "#app/ui/forms.server";
import { LedgerEntryList, ledgerEntryView } from "#app/ui/ledger-entries";
import { Card, PageHeader } from "#app/ui/page";
import { Pager } from "#app/ui/pager";
import { PayForm as PayFormView, PAY_FORM_ID } from "#app/ui/pay-form";
import { PlanProgressView } from "#app/ui/plan-forms";
import { planSummary } from "#app/ui/statement";
import { stripeConfigured } from "#app/lib/stripe.server";

/**
 * The resident's dues: what they owe (or are in credit), the next charge, their history
 * with receipts, their payment plan's progress and monthly statements (ADR 033). Only their
 * own (RLS). With online payment set up (the platform's Stripe keys and the org's connected
 * account able to take charges; ADR 032) a Pay form goes to Stripe Checkout, and the
 * resident can make a link for family to pay. Works without JavaScript (but the redirect).
 */
export const meta: MetaFunction = () => [{ title: "My dues · Hearth" }];

const filterSchema = z.strictObject({ cursor: cursorParam.optional() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const parsed = filterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) badRequest("That page of your history isn't valid. Go back to the start of the list.");
  const dues = await withTenant(ctx.tenant, (tx) => myDues(tx, { cursor: parsed.data.cursor ?? null, orgToday: todayIn(ctx.org.timeZone), online: stripeConfigured() }));
  const online = dues?.onlineAccount ?? null;
  const home = `/o/${ctx.org.slug}/me`;
  if (!dues) return { home, linked: false as const };
  const c = ctx.org.currency;
  const month = dues.today.slice(0, 7);
  const lastMonth = monthDayIn(`${month}-01`, -1, 1).slice(0, 7);
  const statements = `/o/${ctx.org.slug}/me/dues/statements`;
  return {
    home,
    linked: true as const,
    // Shown only when Stripe is configured, the org's account takes charges and something is owed.
    pay: online && dues.balanceCents >= MIN_ONLINE_CENTS ? { constraint: formConstraint(PayFormSchema) } : null,
    online: Boolean(online),
    payLinkDays: PAY_LINK_DAYS,
    owes: dues.balanceCents > 0,
    balance: formatCents(Math.abs(dues.balanceCents), c),
    settled: dues.balanceCents === 0,
    next: dues.next ? { on: formatDay(dues.next.on, "EEEE, MMM d"), amount: formatCents(dues.next.amountCents, c), name: dues.next.name } : null,
    nextPage: dues.nextPage,
    statements: [
      { href: `${statements}/${month}`, label: `This month (${formatDay(`${month}-01`, "MMMM yyyy")})` },
      { href: `${statements}/${lastMonth}`, label: `Last month (${formatDay(`${lastMonth}-01`, "MMMM yyyy")})` },
    ],
    plan: dues.plan
      ? { note: dues.plan.note, ...planSummary(dues.plan.progress, c), instalments: dues.plan.progress.instalments.map((i) => ({ seq: i.seq, due: formatDay(i.dueOn), amount: formatCents(i.amountCents, c), status: INSTALMENT_STATUS_LABELS[i.status] })) }
      : null,
    entries: dues.entries.map((e) => ledgerEntryView(e, { currency: c, receiptHref: (id) => `/o/${ctx.org.slug}/receipts/${id}` })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const base = `${config().appUrl.origin}/o/${ctx.org.slug}/me/dues`;
  return runIntent(await request.formData(), {
    pay: intent({
      schema: PayFormSchema,
      formId: PAY_FORM_ID,
      fields: ["choice", "amount"],
      run: async ({ choice, amount }) => {
        const { url } = await withTenant(ctx.tenant, async (tx) => {
          const target = await myCheckoutTarget(tx);
          if (!target) throw new DomainError("forbidden", "Your account isn't linked to a resident record yet. Ask your house manager.");
          return startCheckout(tx, choice === "full" ? { choice } : { choice, amount: amount ?? "" }, target, {
            orgName: ctx.org.name,
            currency: ctx.org.currency,
            successUrl: `${base}?paid=1`,
            cancelUrl: base,
          });
        });
        return redirect(url, 303);
      },
    }),
    "pay-link": intent({
      schema: PayLinkForm,
      formId: "pay-link",
      button: true,
      run: async () => {
        const link = await withTenant(ctx.tenant, async (tx) => makePayLink(tx, await myResidentId(tx)));
        return `${config().appUrl.origin}/pay/${link.token}`;
      },
    }),
    "pay-links-off": intent({
      schema: PayLinksOffForm,
      formId: "pay-links-off",
      button: true,
      run: async () => {
        const n = await withTenant(ctx.tenant, async (tx) => revokePayLinks(tx, await myResidentId(tx)));
        return n === 0 ? "You had no pay links turned on." : n === 1 ? "Your pay link is turned off." : `Your ${n} pay links are turned off.`;
      },
    }),
  });
}

export default function MyDues() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as FormActionData | undefined;
  const payResult = answer?.formId === PAY_FORM_ID ? answer.result : null;
  const newLink = answer?.formId === "pay-link" ? answer.notice : null;
  const linksOff = answer?.formId === "pay-links-off" ? answer.notice : null;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="My dues" description={<Link to={data.home}>Back to my home</Link>} />
      {!data.linked ? (
        <p className="rounded-lg border border-line bg-white p-4">Once your house links your account to your resident record, your dues appear here.</p>
      ) : (
        <>
          <Card title="Balance">
            <p className="text-2xl font-semibold tabular-nums" data-testid="balance">
              {data.settled ? "You're all paid up." : data.owes ? `You owe ${data.balance}` : `You're ${data.balance} in credit`}
            </p>
            {data.next ? (
              <p className="mt-1">{`Next charge: ${data.next.amount} on ${data.next.on} (${data.next.name}).`}</p>
            ) : null}
            {data.pay ? (
              <PayFormView balance={data.balance} constraint={data.pay.constraint} lastResult={payResult} />
            ) : (
              <p className="mt-1 text-sm text-muted">To pay, talk to your house manager: they record cash, money orders and checks and give you a receipt.</p>
            )}
            <p className="mt-1">
              <Link to={`${data.home}/dues/agreement`}>My fee agreement</Link>: what you are charged, and your acknowledgement. When your fees change, you acknowledge them there.
            </p>
          </Card>
          {data.online ? (
            <Card title="Someone else paying?">
              <PageNotices error={answer?.formId === "pay-link" ? answer.pageError : null} />
              {newLink ? (
                <FormMessage kind="ok">
                  {`Share this link (it works for ${data.payLinkDays} days and shows only the amount due and the organisation's name): `}
                  <span className="break-all font-mono" data-testid="pay-link">{newLink}</span>
                </FormMessage>
              ) : null}
              <Form method="post" className="mt-2">
                <input type="hidden" name="intent" value="pay-link" />
                <Button type="submit" variant="secondary">Make a pay link for family</Button>
              </Form>
              {linksOff ? <FormMessage kind="ok">{linksOff}</FormMessage> : null}
              <Form method="post" className="mt-2">
                <input type="hidden" name="intent" value="pay-links-off" />
                <Button type="submit" variant="secondary">Turn off my pay links</Button>
              </Form>
            </Card>
          ) : null}
          {data.plan ? (
            <Card title="My payment plan">
              <PlanProgressView plan={data.plan} />
            </Card>
          ) : null}
          <Card title="Statements">
            <ul className="space-y-1" aria-label="Statements">
              {data.statements.map((st) => (
                <li key={st.href}>
                  <Link to={st.href}>{st.label}</Link>
                </li>
              ))}
            </ul>
          </Card>
          <Card title="History">
            <LedgerEntryList entries={data.entries} label="History" empty="Nothing yet." />
            <Pager next={data.nextPage} nextLabel="Older entries" />
          </Card>
        </>
      )}
    </div>
  );
}
