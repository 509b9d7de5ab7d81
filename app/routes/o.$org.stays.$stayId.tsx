import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { can } from "#app/auth/permissions";
import { withTenant } from "#app/db/tenant.server";
import { listFreeBeds } from "#app/domain/admissions/queries.server";
import { CancelStayInput, DISCHARGE_REASON_LABELS, DISCHARGE_REASONS, DischargeInput, TransferInput } from "#app/domain/admissions/schemas";
import { cancelPlannedStay, dischargeStay, getStay, transferStay, type StayStatus } from "#app/domain/admissions/stays.server";
import { addDays } from "#app/lib/calendar-date";
import { todayInZone } from "#app/lib/dates";
import { isoDate } from "#app/lib/fields";
import { DateLookupForm, resultErrors } from "#app/ui/date-lookup";
import { Button, Field, FormMessage, PageNotices, SelectField } from "#app/ui/form";
import { GroupedSelectField, type OptionGroup } from "#app/ui/form-controls";
import { requiredMessages, withoutKeys } from "#app/ui/form-errors";
import { formatDay } from "#app/ui/format-day";
import { Card, PageHeader } from "#app/ui/page";
import { attempt, bedGroups, formError, orErrorPage, respond, uuidParam, type ActionData } from "./o.$org.applications.helpers.server";

// No names in the title (history, screen shares, bookmarks).
export const meta: MetaFunction = () => [{ title: "Stay · Hearth" }];

const NOT_FOUND = "We couldn't find that stay.";
const messages = requiredMessages({
  toBedId: "Choose a bed.",
  date: "Choose a date.",
  reason: "Choose a discharge reason.",
});
const STATUS_LABELS: Record<StayStatus, string> = { planned: "Planned move-in", current: "Current", ended: "Ended" };
const REASON_OPTIONS = [
  { value: "", label: "Choose a reason" },
  ...DISCHARGE_REASONS.map((value) => ({ value, label: DISCHARGE_REASON_LABELS[value] })),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const stayId = uuidParam(params.stayId, NOT_FOUND);
  const canWrite = can(ctx.role, "stays:write");
  const today = todayInZone(ctx.org.timeZone);
  const asked = isoDate.safeParse(new URL(request.url).searchParams.get("transferDate") ?? "");
  const { stay, transfer } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      const stay = await getStay(tx, stayId);
      if (!canWrite || stay.endType !== null || stay.status !== "current") return { stay, transfer: null };
      // A transfer date falls after the move-in and before any expected move-out.
      const earliest = addDays(stay.moveIn, 1);
      const fallback = today > earliest ? today : earliest;
      const date = asked.success && asked.data >= earliest ? asked.data : fallback;
      if (stay.moveOut !== null && date >= stay.moveOut) return { stay, transfer: { date, beds: null } };
      return { stay, transfer: { date, beds: await listFreeBeds(tx, { from: date, to: stay.moveOut, excludeBedId: stay.bedId }) } };
    }),
    NOT_FOUND,
  );
  const endedBy =
    stay.endType === "discharge"
      ? `Discharge — ${stay.dischargeReason ? DISCHARGE_REASON_LABELS[stay.dischargeReason] : "reason not recorded"}`
      : stay.endType === "transfer"
        ? "Transfer to another bed"
        : null;
  return {
    stay: {
      id: stay.id,
      residentId: stay.residentId,
      residentName: stay.residentName ?? "Resident",
      houseId: stay.houseId,
      place: `${stay.houseName}, ${stay.roomName} · Bed ${stay.bedLabel}`,
      houseName: stay.houseName,
      bed: `${stay.roomName} · Bed ${stay.bedLabel}`,
      moveIn: formatDay(stay.moveIn),
      moveOut: stay.moveOut ? formatDay(stay.moveOut) : null,
      moveOutKind: stay.endType ? "actual" : stay.moveOut ? "expected" : "open",
      status: stay.status,
      statusLabel: stay.endType === "discharge" && stay.status === "current" ? "Current — discharge scheduled" : STATUS_LABELS[stay.status],
      endedBy,
      destination: stay.dischargeDestination,
      transferredFromStayId: stay.transferredFromStayId,
    },
    canWrite,
    canCancel: canWrite && stay.endType === null && stay.status === "planned",
    canDischarge: canWrite && stay.endType === null && stay.status === "current",
    today,
    transfer: transfer && {
      date: transfer.date,
      dateLabel: formatDay(transfer.date),
      until: stay.moveOut ? formatDay(stay.moveOut) : null,
      bedGroups: transfer.beds ? bedGroups(transfer.beds, stay.houseId) : null,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "stays:write");
  const stayId = uuidParam(params.stayId, NOT_FOUND);
  const formData = await request.formData();
  const intent = formData.get("intent");
  // The id comes from the URL, whatever the form says.
  const fields = withoutKeys(formData, ["intent"]);
  fields.set("stayId", stayId);
  const base = `/o/${ctx.org.slug}`;

  if (intent === "transfer") {
    const submission = parseWithZod(fields, { schema: TransferInput, error: messages });
    if (submission.status !== "success") return respond({ formId: "transfer", result: submission.reply() }, 400);
    const outcome = await attempt("transfer", submission, () => withTenant(ctx.tenant, (tx) => transferStay(tx, submission.value)));
    return outcome.ok ? redirect(`${base}/stays/${outcome.value.stayId}`) : outcome.response;
  }

  if (intent === "discharge") {
    const submission = parseWithZod(fields, { schema: DischargeInput, error: messages });
    if (submission.status !== "success") return respond({ formId: "discharge", result: submission.reply() }, 400);
    const outcome = await attempt("discharge", submission, () => withTenant(ctx.tenant, (tx) => dischargeStay(tx, submission.value)));
    if (!outcome.ok) return outcome.response;
    const notice = `Discharge recorded. The bed is free from ${formatDay(submission.value.date)}.`;
    return respond({ formId: "discharge", result: submission.reply({ resetForm: true }), notice });
  }

  if (intent === "cancel") {
    const submission = parseWithZod(fields, { schema: CancelStayInput });
    if (submission.status !== "success") return respond({ formId: "cancel", result: submission.reply() }, 400);
    const outcome = await attempt("cancel", submission, () =>
      withTenant(ctx.tenant, async (tx) => {
        const { residentId } = await getStay(tx, submission.value.stayId);
        await cancelPlannedStay(tx, submission.value);
        return residentId;
      }),
    );
    return outcome.ok ? redirect(`${base}/residents/${outcome.value}`) : outcome.response;
  }

  return formError("none", "That action isn't available here.", 400);
}

export default function StayPage() {
  const { stay: s, canWrite, canCancel, canDischarge, today, transfer } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const org = useParams().org;
  const base = `/o/${org}`;
  const resultFor = (formId: string) => (actionData?.formId === formId ? actionData.result : null);
  // A refusal for a form that is not on the page (e.g. the stay changed meanwhile) shows at the top.
  const shown = new Set([canCancel && "cancel", canDischarge && transfer && "transfer", canDischarge && "discharge"].filter(Boolean));
  const elsewhere = actionData && !shown.has(actionData.formId) ? resultErrors(actionData.result) : "";
  return (
    <>
      <PageHeader title="Stay" description={s.place} />
      <PageNotices notice={actionData?.notice} error={elsewhere} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Details">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="font-medium">Resident</dt>
            <dd>
              <Link to={`${base}/residents/${s.residentId}`}>{s.residentName}</Link>
            </dd>
            <dt className="font-medium">House</dt>
            <dd>
              <Link to={`${base}/houses/${s.houseId}`}>{s.houseName}</Link>
            </dd>
            <dt className="font-medium">Bed</dt>
            <dd>{s.bed}</dd>
            <dt className="font-medium">Status</dt>
            <dd>{s.statusLabel}</dd>
            <dt className="font-medium">Move-in</dt>
            <dd>{s.moveIn}</dd>
            <dt className="font-medium">Move-out</dt>
            <dd>{s.moveOut ? `${s.moveOut}${s.moveOutKind === "expected" ? " (expected)" : ""}` : "Open-ended"}</dd>
            {s.endedBy ? (
              <>
                <dt className="font-medium">Ended by</dt>
                <dd>{s.endedBy}</dd>
              </>
            ) : null}
            {s.destination ? (
              <>
                <dt className="font-medium">Destination</dt>
                <dd>{s.destination}</dd>
              </>
            ) : null}
            {s.transferredFromStayId ? (
              <>
                <dt className="font-medium">Moved from</dt>
                <dd>
                  <Link to={`${base}/stays/${s.transferredFromStayId}`}>The previous stay</Link>
                </dd>
              </>
            ) : null}
          </dl>
        </Card>

        {canCancel ? (
          <Card title="Cancel the planned move-in">
            <Form method="post" className="space-y-3">
              <input type="hidden" name="intent" value="cancel" />
              <input type="hidden" name="stayId" value={s.id} />
              <p className="text-sm text-muted">Frees the bed for these dates. The resident's profile stays.</p>
              <FormMessage>{resultErrors(resultFor("cancel"))}</FormMessage>
              <Button type="submit" variant="danger">
                Cancel this move-in
              </Button>
            </Form>
          </Card>
        ) : null}
        {canWrite && !canCancel && !canDischarge ? (
          <Card title="Changes">
            <p className="text-sm text-muted">
              {s.status === "ended" || s.endedBy ? "This stay has ended; its record is kept." : "Nothing to change here."}
            </p>
          </Card>
        ) : null}
      </div>

      {canDischarge ? (
        <div className="mt-6 grid gap-6 lg:grid-cols-2">
          {transfer ? <TransferCard stayId={s.id} transfer={transfer} lastResult={resultFor("transfer")} /> : null}
          <DischargeCard stayId={s.id} today={today} lastResult={resultFor("discharge")} />
        </div>
      ) : null}
    </>
  );
}

type TransferData = { date: string; dateLabel: string; until: string | null; bedGroups: OptionGroup[] | null };

function TransferCard({ stayId, transfer, lastResult }: { stayId: string; transfer: TransferData; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "transfer",
    lastResult,
    constraint: getZodConstraint(TransferInput),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(withoutKeys(formData, ["intent"]), { schema: TransferInput, error: messages }),
  });
  return (
    <Card title="Transfer to another bed">
      <p className="mb-3 text-sm text-muted">
        {`In this house or another. This stay ends on the transfer date and a new one starts in the new bed${transfer.until ? `, keeping the expected move-out of ${transfer.until}` : ""}.`}
      </p>
      <DateLookupForm id="transfer-date" dates={[{ name: "transferDate", label: "Transfer date", value: transfer.date, required: true }]} />
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4 border-t border-line pt-4">
        <input type="hidden" name="intent" value="transfer" />
        <input type="hidden" name="stayId" value={stayId} />
        <input type="hidden" name="date" value={transfer.date} />
        <FormMessage>{[...(form.errors ?? []), ...(fields.date.errors ?? [])].join(" ")}</FormMessage>
        {transfer.bedGroups?.length ? (
          <>
            <GroupedSelectField
              field={fields.toBedId}
              label="New bed"
              groups={transfer.bedGroups}
              placeholder="Choose a bed"
              hint={`Beds free from ${transfer.dateLabel}${transfer.until ? ` to ${transfer.until}` : ""}.`}
            />
            <Button type="submit">Transfer on {transfer.dateLabel}</Button>
          </>
        ) : (
          <p>{transfer.bedGroups ? `No other bed is free from ${transfer.dateLabel}.` : "Choose a transfer date before the expected move-out."}</p>
        )}
      </Form>
    </Card>
  );
}

function DischargeCard({ stayId, today, lastResult }: { stayId: string; today: string; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "discharge",
    lastResult,
    constraint: getZodConstraint(DischargeInput),
    defaultValue: { date: today },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(withoutKeys(formData, ["intent"]), { schema: DischargeInput, error: messages }),
  });
  return (
    <Card title="Discharge">
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="intent" value="discharge" />
        <input type="hidden" name="stayId" value={stayId} />
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <Field field={fields.date} label="Move-out date" type="date" hint="The first night they no longer stay here. A later date schedules the discharge." />
        <SelectField field={fields.reason} label="Discharge reason" options={REASON_OPTIONS} />
        <Field field={fields.destination} label="Destination (optional)" hint="Where they are going, e.g. own apartment, family home, treatment program." />
        <Button type="submit">Record discharge</Button>
      </Form>
    </Card>
  );
}
