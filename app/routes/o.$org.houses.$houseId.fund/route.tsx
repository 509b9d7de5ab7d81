import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import type { HouseOfficeKind } from "#app/db/schema";
import { withTenant } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { getHouseOffices, setHouseOffice } from "#app/domain/chores/chores.server";
import { OFFICE_LABELS, OFFICES } from "#app/domain/chores/labels";
import { getFund, getFundHouse } from "#app/domain/house-fund/fund.server";
import { can } from "#app/domain/permissions";
import { FormErrors } from "#app/ui/choices";
import { formConstraint, type FormConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { Button, FormMessage, PageNotices, SelectField } from "#app/ui/form";
import { intent, orErrorPage, runIntent, type FormActionData } from "#app/ui/forms.server";
import { FundAudits, FundHistory, FundMembers, FundOverview, FundPending } from "#app/ui/house-fund";
import { presentFund } from "#app/ui/house-fund.server";
import { HouseNav, houseSections } from "#app/ui/house-nav";
import { Card, EmptyState, PageHeader } from "#app/ui/page";
import { houseIdParam, NOT_FOUND } from "#app/ui/params.server";
import { useServerForm } from "#app/ui/server-form";
import { officeSchema } from "./forms.server";

/**
 * A peer-run house's fund as the org's staff see it (ADR 035): the same view the members
 * have, read-only (the residents' officers act), and — for owners, admins and the house's
 * managers — who holds the three offices. Other houses: "not a peer-run house". At most
 * eight statements: signing in (3), the house, the fund (1), the offices (2), one audit entry.
 */
export const meta: MetaFunction = () => [{ title: "House fund · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "houses:read");
  const houseId = houseIdParam(params);
  const manage = can(ctx.role, "chores:manage");
  const found = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      const house = await getFundHouse(tx, houseId);
      if (!house.peerRun) return { house, fund: null, offices: null };
      const fund = await getFund(tx, houseId);
      if (fund.members.length) await audit(tx, "house_fund.viewed", { type: "house", id: houseId }, { residentIds: fund.members.map((m) => m.residentId) });
      return { house, fund, offices: manage ? await getHouseOffices(tx, houseId) : null };
    }),
    NOT_FOUND.house,
  );
  const houseBase = `/o/${ctx.org.slug}/houses/${houseId}`;
  const base = { houseBase, sections: houseSections(ctx.role), house: { name: found.house.houseName } };
  if (!found.fund) return { ...base, peerRun: false as const };
  return {
    ...base,
    peerRun: true as const,
    fund: presentFund(found.fund, { currency: ctx.org.currency, timeZone: found.house.timeZone }),
    constraint: formConstraint(officeSchema),
    offices: found.offices
      ? {
          holders: Object.fromEntries(OFFICES.map((o) => [o, found.offices!.offices.find((x) => x.office === o)?.residentId ?? ""])) as Record<HouseOfficeKind, string>,
          options: found.offices.candidates.map((c) => ({ value: c.residentId, label: c.name })),
        }
      : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "chores:manage");
  const houseId = houseIdParam(params);
  await orErrorPage(withTenant(ctx.tenant, (tx) => getFundHouse(tx, houseId)), NOT_FOUND.house);
  return runIntent(await request.formData(), {
    office: intent({
      schema: officeSchema,
      formId: (f) => `office-${String(f.get("office") ?? "").slice(0, 20)}`,
      fields: ["residentId"],
      run: async ({ office, residentId }) => {
        const r = await withTenant(ctx.tenant, (tx) => setHouseOffice(tx, { houseId, office, residentId }));
        if (!r.changed) return "No change.";
        return residentId ? `${OFFICE_LABELS[office]} saved.` : `The ${OFFICE_LABELS[office].toLowerCase()} office is now empty.`;
      },
    }),
  });
}

export default function HouseFundTab() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const keyFor = useFormKeys(actionData);
  return (
    <div className="space-y-6">
      <PageHeader title="House fund" description={`${data.house.name}. The residents' own house account, run by their three officers.`} />
      <HouseNav houseBase={data.houseBase} sections={data.sections} />
      {!data.peerRun ? (
        <EmptyState title="Not a peer-run house">A house fund is kept by peer-run houses (support level I). Change the level on the house's edit page.</EmptyState>
      ) : (
        <>
          <PageNotices notice={actionData?.notice} error={null}>
            {actionData?.pageError ? <FormMessage>{actionData.pageError}</FormMessage> : null}
          </PageNotices>
          {data.offices ? (
            <Card title="Officers">
              <p className="mb-3 text-sm text-muted">
                Three residents living in the house, one office each. Two of them approve each expense; all three sign each month's audit.
              </p>
              <div className="space-y-4">
                {OFFICES.map((office) => (
                  <OfficeForm
                    key={keyFor(`office-${office}`)}
                    office={office}
                    holder={data.offices!.holders[office]}
                    options={data.offices!.options}
                    actionData={actionData}
                    constraint={data.constraint}
                  />
                ))}
              </div>
            </Card>
          ) : null}
          <FundOverview fund={data.fund} />
          <FundPending fund={data.fund} />
          <FundMembers fund={data.fund} />
          <FundHistory fund={data.fund} />
          <FundAudits fund={data.fund} />
        </>
      )}
    </div>
  );
}

function OfficeForm({
  office,
  holder,
  options,
  actionData,
  constraint,
}: {
  office: HouseOfficeKind;
  holder: string;
  options: { value: string; label: string }[];
  actionData: FormActionData | undefined;
  constraint: FormConstraint;
}) {
  const formId = `office-${office}`;
  const [form, fields] = useServerForm<{ residentId: string }>({
    id: formId,
    lastResult: actionData?.formId === formId ? actionData.result : null,
    constraint,
    defaultValue: { residentId: holder },
  });
  return (
    <Form method="post" {...form.props} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="intent" value="office" />
      <input type="hidden" name="office" value={office} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="min-w-48 flex-1">
        <SelectField field={fields.residentId} label={OFFICE_LABELS[office]} placeholder="Nobody" options={options} />
      </div>
      <Button type="submit" variant="secondary">
        Save<span className="sr-only"> {OFFICE_LABELS[office].toLowerCase()}</span>
      </Button>
    </Form>
  );
}
