import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { scheduleStatus } from "#app/domain/fees/agreement";
import { createFeeSchedule } from "#app/domain/fees/charges.server";
import { formatCents } from "#app/domain/fees/money";
import {
  endFeeSchedule,
  orgSchedules,
} from "#app/domain/fees/schedules.server";
import {
  FEE_CADENCE_LABELS,
  FEE_CADENCES,
  WEEKDAY_LABELS,
} from "#app/domain/fees/labels";
import { can } from "#app/domain/permissions";
import { formatDay } from "#app/lib/dates";
import { forbidden } from "#app/lib/http.server";
import { formConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { FormMessage, PageNotices } from "#app/ui/form";
import {
  intent,
  rowId,
  runIntent,
  type FormActionData,
} from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";
import { pageErrorOf } from "#app/ui/page-error";
import {
  EndScheduleForm,
  ScheduleForm,
  type FeeFormChoices,
} from "#app/routes/o.$org.houses.$houseId.fees._index/parts";
import { endOrgScheduleSchema, orgScheduleSchema } from "./forms.server";

/**
 * The org-wide fee schedules (ADR 031): fees every house charges (a program fee, a move-in
 * fee). Owners and admins list, add and end them (fees:write and org:manage: house managers,
 * staff, residents and certifier roles are refused, and RLS refuses their writes too). A
 * house's and a bed's schedules stay on the house's Fees page; the forms are the same.
 */
export const meta: MetaFunction = () => [
  { title: "Fees for every house · Hearth" },
];

const STATUS_LABELS = {
  upcoming: "Upcoming",
  in_force: "In force",
  ended: "Ended",
} as const;

async function requireFeeOwner(request: Request, org: string | undefined) {
  const ctx = await requireOrg(request, org, "fees:write");
  if (!can(ctx.role, "org:manage"))
    forbidden("Only owners and admins set fees for every house.");
  return ctx;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireFeeOwner(request, params.org);
  const { today, schedules } = await withTenant(ctx.tenant, (tx) =>
    orgSchedules(tx)
  );
  return data({
    today,
    moneyHref: `/o/${ctx.org.slug}/money`,
    settingsHref: `/o/${ctx.org.slug}/settings`,
    constraints: {
      schedule: formConstraint(orgScheduleSchema),
      end: formConstraint(endOrgScheduleSchema),
    },
    choices: {
      methods: [],
      payers: [],
      kinds: [],
      cadences: FEE_CADENCES.map((c) => ({
        value: c,
        label: FEE_CADENCE_LABELS[c],
      })),
      weekdays: WEEKDAY_LABELS.map((l, i) => ({
        value: String(i + 1),
        label: l,
      })),
    } satisfies FeeFormChoices,
    schedules: schedules.map((s) => {
      const status = scheduleStatus(s, today);
      return {
        id: s.id,
        name: s.name,
        amount: formatCents(s.amountCents, ctx.org.currency),
        how:
          s.cadence === "monthly"
            ? `Every month on day ${s.monthDay}`
            : s.cadence === "once"
            ? s.isDeposit
              ? "Deposit, once at move-in"
              : "Once, at move-in"
            : `${FEE_CADENCE_LABELS[s.cadence]} on ${
                WEEKDAY_LABELS[(s.weekday ?? 1) - 1]
              }`,
        dates: `From ${formatDay(s.effectiveFrom)}${
          s.effectiveTo ? ` to ${formatDay(s.effectiveTo)}` : ""
        }`,
        status: STATUS_LABELS[status],
        canEnd: status !== "ended",
      };
    }),
  });
}

const orgFeeIntents = (tenant: TenantContext) => ({
  "add-schedule": intent({
    schema: orgScheduleSchema,
    formId: "schedule",
    fields: [
      "name",
      "cadence",
      "weekday",
      "monthDay",
      "amount",
      "isDeposit",
      "effectiveFrom",
      "effectiveTo",
    ],
    resetForm: true,
    run: async ({ intent: _i, ...input }) => {
      await withTenant(tenant, (tx) =>
        createFeeSchedule(tx, { ...input, houseId: null, bedId: null })
      );
      return `“${input.name}” added for every house. Its charges are posted as they fall due, once each resident has acknowledged it.`;
    },
  }),
  "end-schedule": intent({
    schema: endOrgScheduleSchema,
    formId: (formData) => `end-${rowId(formData, "scheduleId")}`,
    fields: ["lastDay"],
    run: async ({ intent: _i, ...input }) => {
      await withTenant(tenant, (tx) =>
        endFeeSchedule(tx, input, { orgWide: true })
      );
      return `The fee now ends on ${formatDay(input.lastDay)}.`;
    },
  }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireFeeOwner(request, params.org);
  return runIntent(await request.formData(), orgFeeIntents(ctx.tenant));
}

export default function OrgFeesPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    | FormActionData
    | undefined;
  const keyFor = useFormKeys(actionData);
  const resultFor = (formId: string) =>
    actionData?.formId === formId ? actionData.result : null;
  const pageError = pageErrorOf(actionData ?? null, ["schedule"]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Fees for every house"
        description="Org-wide fees apply to every resident in every house. A house's own fees are on its Fees page."
      />
      <p className="text-sm">
        <Link to={page.moneyHref}>Money</Link> ·{" "}
        <Link to={page.settingsHref}>Settings</Link>
      </p>
      <PageNotices notice={actionData?.notice} error={null}>
        {pageError ? <FormMessage>{pageError}</FormMessage> : null}
      </PageNotices>
      <Card title="Org-wide fee schedules">
        {page.schedules.length === 0 ? (
          <p className="text-muted">No fees are set for every house.</p>
        ) : (
          <ul
            className="divide-y divide-line"
            aria-label="Org-wide fee schedules"
          >
            {page.schedules.map((s) => (
              <li key={s.id} className="py-2">
                <p className="font-medium">{`${s.name}: ${s.amount}`}</p>
                <p className="text-sm text-muted">
                  {[s.status, s.how, "Every house", s.dates].join(" · ")}
                </p>
                {s.canEnd ? (
                  <EndScheduleForm
                    key={keyFor(`end-${s.id}`)}
                    scheduleId={s.id}
                    today={page.today}
                    lastResult={resultFor(`end-${s.id}`)}
                    constraint={page.constraints.end}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <div className="mt-4 border-t border-line pt-3">
          <h3 className="mb-2 font-semibold">Add a fee for every house</h3>
          <ScheduleForm
            key={keyFor("schedule")}
            today={page.today}
            lastResult={resultFor("schedule")}
            constraint={page.constraints.schedule}
            choices={page.choices}
          />
        </div>
      </Card>
    </div>
  );
}
