import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { OFFICE_LABELS } from "#app/domain/chores/labels";
import { getFund, getMyFundHouse, isComplete } from "#app/domain/house-fund/fund.server";
import { FUND_CATEGORIES, FUND_CATEGORY_LABELS, FUND_METHODS, FUND_METHOD_LABELS } from "#app/domain/house-fund/labels";
import { formatDay } from "#app/lib/dates";
import { formConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { FormMessage, PageNotices } from "#app/ui/form";
import { formError, runIntent } from "#app/ui/forms.server";
import { FundAudits, FundHistory, FundMembers, FundOverview, FundPending } from "#app/ui/house-fund";
import { presentFund } from "#app/ui/house-fund.server";
import { Card, EmptyState, PageHeader } from "#app/ui/page";
import { houseFundIntents } from "./intents.server";
import { auditSchema, expenseSchema, moneyInSchema, shareSchema, signSchema, withdrawSchema } from "./forms.server";
import { ApproveButton, ApproveShareButton, AuditForm, ExpenseForm, MoneyInForm, ShareForm, SignForm, WithdrawForm } from "./parts";

/**
 * The house fund of a peer-run house, as every member sees it (ADR 035): the balance, the
 * weekly share and who is up to date (first names), expenses waiting for two officers'
 * approval, the history and the monthly audits. The officers (coordinator, treasurer,
 * secretary) act here too: set the share, record money in, propose and approve expenses,
 * prepare and sign the audit. Five statements with signing in; no JavaScript needed.
 */
export const meta: MetaFunction = () => [{ title: "House fund · Hearth" }];

/** The last three months that have ended, newest first ("YYYY-MM"). */
function finishedMonths(today: string, count = 3): string[] {
  const [y, m] = today.split("-").map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 2 - i, 1));
    return d.toISOString().slice(0, 7);
  });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const home = `/o/${ctx.org.slug}/me`;
  const found = await withTenant(ctx.tenant, async (tx) => {
    const house = await getMyFundHouse(tx);
    if (!house || !house.peerRun) return { house, fund: null };
    return { house, fund: await getFund(tx, house.houseId) };
  });
  const { house, fund } = found;
  if (!house || !fund) return { home, house: house ? { name: house.houseName } : null, peerRun: false as const };
  const view = presentFund(fund, { currency: ctx.org.currency, timeZone: house.timeZone, me: { residentId: house.residentId, office: house.office } });
  const audited = new Set(fund.audits.map((a) => a.month.slice(0, 7)));
  // fund.audits is newest month first: that month and every month before it are locked.
  const newestAudit = fund.audits[0];
  const newestName = newestAudit ? formatDay(newestAudit.month, "MMMM") : null;
  const locked = newestAudit
    ? `${newestName} ${isComplete(newestAudit) ? "has been" : "is being"} audited: entries dated in or before ${newestName} can't be added.`
    : null;
  return {
    home,
    peerRun: true as const,
    house: { name: house.houseName, today: house.today },
    locked,
    office: house.office ? OFFICE_LABELS[house.office] : null,
    can: {
      act: Boolean(house.office),
      share: house.office === "coordinator" || house.office === "treasurer",
      treasurer: house.office === "treasurer",
    },
    fund: view,
    // New keys each time the page is shown: a second press or a resubmitted page records once.
    keys: { moneyIn: crypto.randomUUID(), expense: crypto.randomUUID() },
    constraints: {
      share: formConstraint(shareSchema),
      moneyIn: formConstraint(moneyInSchema),
      expense: formConstraint(expenseSchema),
      audit: formConstraint(auditSchema),
      sign: formConstraint(signSchema),
      withdraw: formConstraint(withdrawSchema),
    },
    choices: {
      members: view.members.map((m) => ({ value: m.id, label: m.name })),
      methods: FUND_METHODS.map((v) => ({ value: v, label: FUND_METHOD_LABELS[v] })),
      categories: FUND_CATEGORIES.map((v) => ({ value: v, label: FUND_CATEGORY_LABELS[v] })),
      months: finishedMonths(house.today)
        .filter((m) => !audited.has(m))
        .map((m) => ({ value: m, label: formatDay(`${m}-01`, "MMMM yyyy") })),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const house = await withTenant(ctx.tenant, (tx) => getMyFundHouse(tx));
  if (!house || !house.peerRun) return formError("none", "Only members of a peer-run house have a house fund.", 403);
  return runIntent(await request.formData(), houseFundIntents(ctx.tenant, house.houseId, ctx.org.currency));
}

export default function MyHouseFund() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const keyFor = useFormKeys(actionData);
  if (!data.peerRun) {
    return (
      <div className="mx-auto max-w-2xl space-y-4">
        <PageHeader title="House fund" description={<Link to={data.home}>Back to my home</Link>} />
        <EmptyState title="No house fund">
          {data.house ? `${data.house.name} is not a peer-run house, so it has no house fund.` : "You'll see your house's fund here while you live in a peer-run house."}
        </EmptyState>
      </div>
    );
  }
  const { fund, can, constraints, choices } = data;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="House fund" description={data.house.name} />
      <p className="-mt-4 flex flex-wrap gap-4 text-sm">
        <Link to={data.home}>Back to my home</Link>
        {data.office ? <span>{`You are the house ${data.office.toLowerCase()}.`}</span> : null}
      </p>
      <PageNotices notice={actionData?.notice} error={null}>
        {actionData?.pageError ? <FormMessage>{actionData.pageError}</FormMessage> : null}
      </PageNotices>
      <FundOverview
        fund={fund}
        approveShare={can.act ? (p) => <ApproveShareButton rateId={p.id} label={p.text} /> : undefined}
        withdrawShare={(p) => <WithdrawForm key={keyFor(`withdraw-${p.id}`)} target={{ rateId: p.id }} label={`the share of ${p.text}`} actionData={actionData} constraint={constraints.withdraw} />}
      />
      <FundPending
        fund={fund}
        approveForm={can.act ? (e) => <ApproveButton entryId={e.id} label={`${e.title}, ${e.amount}`} /> : undefined}
        withdrawForm={(e) => <WithdrawForm key={keyFor(`withdraw-${e.id}`)} target={{ entryId: e.id }} label={`${e.title}, ${e.amount}`} actionData={actionData} constraint={constraints.withdraw} />}
      />
      <FundMembers fund={fund} />
      <FundHistory fund={fund} />
      <FundAudits
        fund={fund}
        signForm={can.act ? (a) => <SignForm key={keyFor(`sign-${a.id}`)} auditId={a.id} month={a.month} actionData={actionData} constraint={constraints.sign} /> : undefined}
      />
      {can.treasurer ? (
        <Card title="Record money in">
          <MoneyInForm
            key={keyFor("money-in")}
            actionData={actionData}
            constraint={constraints.moneyIn}
            today={data.house.today}
            members={choices.members}
            methods={choices.methods}
            idempotencyKey={data.keys.moneyIn}
            locked={data.locked}
          />
        </Card>
      ) : null}
      {can.act ? (
        <Card title="Propose an expense">
          <p className="mb-2 text-sm text-muted">Your approval counts as the first; one more officer approves it before it is paid from the fund.</p>
          <ExpenseForm key={keyFor("expense")} actionData={actionData} constraint={constraints.expense} categories={choices.categories} idempotencyKey={data.keys.expense} />
        </Card>
      ) : null}
      {can.share ? (
        <Card title="The weekly share">
          <p className="mb-2 text-sm text-muted">A new share is a proposal with your approval; it is in force once one more officer approves it.</p>
          <ShareForm key={keyFor("share")} actionData={actionData} constraint={constraints.share} today={data.house.today} />
        </Card>
      ) : null}
      {can.treasurer && choices.months.length ? (
        <Card title="Prepare a monthly audit">
          <p className="mb-2 text-sm text-muted">The totals come from the fund; you enter the balance you counted. All three officers then sign it.</p>
          <AuditForm key={keyFor("audit")} actionData={actionData} constraint={constraints.audit} months={choices.months} />
        </Card>
      ) : null}
    </div>
  );
}
