import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { can } from "#app/domain/permissions";
import { withTenant, type Tx } from "#app/db/tenant.server";
import { listFreeBeds } from "#app/domain/admissions/queries.server";
import {
  CancelStayInput,
  DISCHARGE_REASON_LABELS,
  DISCHARGE_REASONS,
  DischargeInput,
  HOLDABLE_REASONS,
  MAX_HOLD_DAYS,
  TransferInput,
} from "#app/domain/admissions/schemas";
import {
  cancelPlannedStay,
  dischargeStay,
  getStay,
  transferStay,
  undoDischarge,
  undoTransfer,
  type StayDto,
} from "#app/domain/admissions/stays.server";
import { addDays } from "#app/lib/calendar-date";
import { todayInZone } from "#app/lib/dates";
import { isoDate } from "#app/lib/fields";
import { BookingDateFields, LISTED_FOR, resultErrors, unlessLookup } from "#app/ui/date-lookup";
import { Button, Field, FormMessage, PageNotices, SelectField } from "#app/ui/form";
import { GroupedSelectField, type OptionGroup } from "#app/ui/form-controls";
import { requiredMessages, withoutKeys } from "#app/ui/form-errors";
import { formatDay } from "#app/ui/format-day";
import { Card, PageHeader } from "#app/ui/page";
import {
  attempt,
  bedGroups,
  DATES_CHANGED_MESSAGE,
  datesChangedSince,
  formError,
  orErrorPage,
  respond,
  uuidParam,
  type ActionData as FormActionData,
} from "./o.$org.applications.helpers.server";

// No names in the title (history, screen shares, bookmarks).
export const meta: MetaFunction = () => [{ title: "Stay · Hearth" }];

const NOT_FOUND = "We couldn't find that stay.";
const messages = requiredMessages({
  toBedId: "Choose a bed.",
  date: "Choose a date.",
  reason: "Choose a discharge reason.",
});
const REASON_OPTIONS = [
  { value: "", label: "Choose a reason" },
  ...DISCHARGE_REASONS.map((value) => ({
    value,
    label: DISCHARGE_REASON_LABELS[value],
  })),
];
/** Fields a form carries besides its schema's: the intent, the confirmation step, the listed dates. */
const CONTROL_FIELDS = ["intent", "confirmed", LISTED_FOR, "lookup"];
const DONE = z.enum(["admitted", "moved", "transfer-undone"]).nullable().catch(null);

/**
 * One status for a stay, from its dates and how it ends, so the page never says
 * "Current" beside "ended": a stay that ends by transfer or discharge on a later date
 * is current until then, and says so.
 */
function statusLabel(stay: StayDto): string {
  const on = stay.moveOut ? formatDay(stay.moveOut) : "";
  if (stay.status === "planned") return stay.transferredFromStayId ? "Planned move from another bed" : "Planned move-in";
  if (stay.status === "current") {
    if (stay.endType === "discharge") return `Current — discharge scheduled for ${on}`;
    if (stay.endType === "transfer") return `Current — moves to another bed on ${on}`;
    return "Current";
  }
  if (stay.endType === "discharge") return `Ended — discharged on ${on}`;
  if (stay.endType === "transfer") return `Ended — moved to another bed on ${on}`;
  return `Ended on ${on}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "residents:read");
  const stayId = uuidParam(params.stayId, NOT_FOUND);
  const canWrite = can(ctx.role, "stays:write");
  const today = todayInZone(ctx.org.timeZone);
  const url = new URL(request.url);
  const asked = isoDate.safeParse(url.searchParams.get("date") ?? "");
  const { stay, transfer } = await orErrorPage(
    withTenant(ctx.tenant, async (tx) => {
      const stay = await getStay(tx, stayId);
      if (!canWrite || stay.endType !== null || stay.status !== "current") return { stay, transfer: null };
      // A transfer date falls after the move-in and before any expected move-out.
      const earliest = addDays(stay.moveIn, 1);
      const fallback = today > earliest ? today : earliest;
      const problem = asked.success && asked.data < earliest ? `Choose a transfer date after the move-in (${formatDay(stay.moveIn)}).` : null;
      const date = asked.success ? asked.data : fallback;
      if (problem) return { stay, transfer: { date, problem, beds: null } };
      if (stay.moveOut !== null && date >= stay.moveOut) {
        return {
          stay,
          transfer: {
            date,
            problem: "Choose a transfer date before the expected move-out.",
            beds: null,
          },
        };
      }
      return {
        stay,
        transfer: {
          date,
          problem: null,
          beds: await listFreeBeds(tx, {
            from: date,
            to: stay.moveOut,
            excludeBedId: stay.bedId,
          }),
        },
      };
    }),
    NOT_FOUND
  );
  const endedBy =
    stay.endType === "discharge"
      ? `Discharge — ${stay.dischargeReason ? DISCHARGE_REASON_LABELS[stay.dischargeReason] : "reason not recorded"}`
      : stay.endType === "transfer"
      ? "Transfer to another bed"
      : null;
  const done = DONE.parse(url.searchParams.get("done"));
  const redoBed = z.uuid().safeParse(url.searchParams.get("toBedId"));
  const redoDate = isoDate.safeParse(url.searchParams.get("moveDate") ?? "");
  const residentName = stay.residentName ?? "Resident";
  const asNew = stay.endType === null && stay.status !== "ended";
  return {
    stay: {
      id: stay.id,
      residentId: stay.residentId,
      residentName,
      houseId: stay.houseId,
      place: `${stay.houseName}, ${stay.roomName} · Bed ${stay.bedLabel}`,
      houseName: stay.houseName,
      bed: `${stay.roomName} · Bed ${stay.bedLabel}`,
      moveIn: formatDay(stay.moveIn),
      moveOut: stay.moveOut ? formatDay(stay.moveOut) : null,
      moveOutKind: stay.endType ? "actual" : stay.moveOut ? "expected" : "open",
      status: stay.status,
      statusLabel: statusLabel(stay),
      endedBy,
      destination: stay.dischargeDestination,
      transferredFromStayId: stay.transferredFromStayId,
      transferredToStayId: stay.transferredToStayId,
    },
    canWrite,
    // Every state a stay can reach offers a way back from a mistake:
    canCancel: canWrite && stay.endType === null && stay.status === "planned" && !stay.transferredFromStayId,
    canUndoMove: canWrite && stay.endType === null && stay.transferredFromStayId !== null,
    canUndoTransfer: canWrite && stay.endType === "transfer",
    canUndoDischarge: canWrite && stay.endType === "discharge",
    canDischarge: canWrite && stay.endType === null && stay.status === "current",
    today,
    landing:
      done === "admitted" && asNew
        ? {
            kind: "admitted" as const,
            text: `${residentName} is admitted to ${stay.houseName}, ${stay.roomName} · Bed ${stay.bedLabel}, from ${formatDay(stay.moveIn)}.`,
          }
        : done === "moved" && asNew && stay.transferredFromStayId
        ? {
            kind: "moved" as const,
            text: `${residentName} moves to ${stay.houseName}, ${stay.roomName} · Bed ${stay.bedLabel} on ${formatDay(stay.moveIn)}.`,
          }
        : done === "transfer-undone" && asNew
        ? {
            kind: "transfer-undone" as const,
            text: `The move was cancelled: ${residentName} stays in ${stay.houseName}, ${stay.roomName} · Bed ${stay.bedLabel}.`,
            redo: canWrite && redoBed.success && redoDate.success ? { toBedId: redoBed.data, date: redoDate.data } : null,
          }
        : null,
    transfer: transfer && {
      date: transfer.date,
      dateLabel: formatDay(transfer.date),
      problem: transfer.problem ?? (url.searchParams.has("datesChanged") ? DATES_CHANGED_MESSAGE : null),
      until: stay.moveOut ? formatDay(stay.moveOut) : null,
      bedGroups: transfer.beds ? bedGroups(transfer.beds, stay.houseId) : null,
    },
  };
}

/** What to confirm before a discharge, a cancellation or an undo (the second step works without JavaScript). */
type Confirm = {
  intent: string;
  title: string;
  body: string;
  yes: string;
  danger: boolean;
  fields: Record<string, string>;
};
type ActionData = FormActionData & {
  confirm?: Confirm;
  undo?: { intent: string; label: string };
};

const confirmed = (formData: FormData) => formData.get("confirmed") === "yes";

const ROLLBACK = Symbol("dry run");
/**
 * The confirmation step runs the change and rolls it back, so a refusal (a date before
 * the move-in, a stay that changed meanwhile) shows before the question, not after.
 */
async function dryRun(tenant: Parameters<typeof withTenant>[0], work: (tx: Tx) => Promise<unknown>): Promise<void> {
  try {
    await withTenant(tenant, async (tx) => {
      await work(tx);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
}
const ask = (formId: string, confirm: Confirm, result: SubmissionResult<string[]> | null = null) =>
  data<ActionData>({ formId, result, notice: null, error: null, confirm });

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "stays:write");
  const stayId = uuidParam(params.stayId, NOT_FOUND);
  const formData = await request.formData();
  const intent = formData.get("intent");
  // The id comes from the URL, whatever the form says.
  const fields = withoutKeys(formData, CONTROL_FIELDS);
  fields.set("stayId", stayId);
  const base = `/o/${ctx.org.slug}`;
  const url = new URL(request.url);

  if (intent === "transfer") {
    // The transfer date the person sees is the one used; changed after the list? Show the new list.
    const changed = datesChangedSince(url, formData, ["date"], ["toBedId"]);
    if (changed) return changed;
    const submission = parseWithZod(fields, {
      schema: TransferInput,
      error: messages,
    });
    if (submission.status !== "success") return respond({ formId: "transfer", result: submission.reply() }, 400);
    const outcome = await attempt("transfer", submission, () => withTenant(ctx.tenant, (tx) => transferStay(tx, submission.value)));
    return outcome.ok ? redirect(`${base}/stays/${outcome.value.stayId}?done=moved`) : outcome.response;
  }

  if (intent === "discharge") {
    const submission = parseWithZod(fields, {
      schema: DischargeInput,
      error: messages,
    });
    if (submission.status !== "success") return respond({ formId: "discharge", result: submission.reply() }, 400);
    const v = submission.value;
    if (!confirmed(formData)) {
      const check = await attempt("discharge", submission, () => dryRun(ctx.tenant, (tx) => dischargeStay(tx, v)));
      if (!check.ok) return check.response;
      const hold = v.holdBedDays ? ` The bed is held for ${v.holdBedDays} day${v.holdBedDays === 1 ? "" : "s"} from then.` : "";
      return ask(
        "discharge",
        {
          intent: "discharge",
          title: "Record this discharge?",
          body: `Move-out ${formatDay(v.date)} — ${DISCHARGE_REASON_LABELS[v.reason]}. The stay ends and the bed is free from that date.${hold}`,
          yes: "Yes, record the discharge",
          danger: true,
          fields: {
            date: v.date,
            reason: v.reason,
            destination: v.destination ?? "",
            holdBedDays: v.holdBedDays ? String(v.holdBedDays) : "",
          },
        },
        submission.reply()
      );
    }
    const outcome = await attempt("discharge", submission, () => withTenant(ctx.tenant, (tx) => dischargeStay(tx, v)));
    if (!outcome.ok) return outcome.response;
    const held = outcome.value.heldUntil ? ` The bed is held until ${formatDay(outcome.value.heldUntil)}.` : "";
    return data<ActionData>({
      formId: "discharge",
      result: submission.reply({ resetForm: true }),
      notice: `Discharge recorded. The bed is free from ${formatDay(v.date)}.${held}`,
      error: null,
      undo: { intent: "undo-discharge", label: "Undo the discharge" },
    });
  }

  if (intent === "cancel" || intent === "undo-transfer") {
    const formId = intent;
    const submission = parseWithZod(fields, { schema: CancelStayInput });
    if (submission.status !== "success") return respond({ formId, result: submission.reply() }, 400);
    if (!confirmed(formData)) {
      const check = await attempt(formId, submission, () =>
        dryRun(ctx.tenant, (tx) => (intent === "cancel" ? cancelPlannedStay(tx, submission.value) : undoTransfer(tx, submission.value)))
      );
      if (!check.ok) return check.response;
      return ask(formId, {
        intent,
        title: intent === "cancel" ? "Cancel this move-in?" : "Undo this move?",
        body:
          intent === "cancel"
            ? "The booking is removed and the bed is free for these dates. The resident's profile stays."
            : "The resident stays in the bed they moved from, as if the move had not been recorded.",
        yes: intent === "cancel" ? "Yes, cancel the move-in" : "Yes, undo the move",
        danger: true,
        fields: {},
      });
    }
    const outcome = await attempt(formId, submission, () =>
      withTenant(ctx.tenant, async (tx) => {
        const stay = await getStay(tx, submission.value.stayId);
        if (intent === "cancel") {
          const { undidTransferOf } = await cancelPlannedStay(tx, submission.value);
          return { stay, originalStayId: undidTransferOf };
        }
        const { originalStayId, undoneStayId } = await undoTransfer(tx, submission.value);
        // Undone from the stay that was left: the move went to the removed stay's bed.
        return { stay: undoneStayId === stay.id ? stay : null, originalStayId };
      })
    );
    if (!outcome.ok) return outcome.response;
    const { stay, originalStayId } = outcome.value;
    if (originalStayId) {
      const redo = stay ? `&toBedId=${stay.bedId}&moveDate=${stay.moveIn}` : "";
      return redirect(`${base}/stays/${originalStayId}?done=transfer-undone${redo}`);
    }
    const q = new URLSearchParams({
      cancelled: "1",
      bedId: stay!.bedId,
      moveInDate: stay!.moveIn,
    });
    if (stay!.moveOut) q.set("expectedMoveOutDate", stay!.moveOut);
    return redirect(`${base}/residents/${stay!.residentId}?${q}`);
  }

  if (intent === "undo-discharge") {
    const submission = parseWithZod(fields, { schema: CancelStayInput });
    if (submission.status !== "success") return respond({ formId: intent, result: submission.reply() }, 400);
    if (!confirmed(formData)) {
      const check = await attempt(intent, submission, () => dryRun(ctx.tenant, (tx) => undoDischarge(tx, submission.value)));
      if (!check.ok) return check.response;
      return ask(intent, {
        intent,
        title: "Undo this discharge?",
        body: "The stay continues, open-ended, and the discharge reason and destination are removed.",
        yes: "Yes, undo the discharge",
        danger: false,
        fields: {},
      });
    }
    const outcome = await attempt(intent, submission, () => withTenant(ctx.tenant, (tx) => undoDischarge(tx, submission.value)));
    if (!outcome.ok) return outcome.response;
    return respond({
      formId: intent,
      result: null,
      notice: "Discharge undone. The stay continues.",
    });
  }

  return formError("none", "That action isn't available here.", 400);
}

/** After a refused booking (e.g. the bed was just taken) the list is read again, so the taken bed is gone. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

const linkButton = "inline-flex min-h-11 items-center justify-center rounded-md px-4 py-2 font-medium no-underline";
const primaryLink = `${linkButton} bg-brand-700 text-white hover:bg-brand-800`;
const secondaryLink = `${linkButton} border border-line bg-white text-ink hover:bg-stone-100`;

export default function StayPage() {
  const {
    stay: s,
    canWrite,
    canCancel,
    canUndoMove,
    canUndoTransfer,
    canUndoDischarge,
    canDischarge,
    today,
    transfer,
    landing,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const location = useLocation();
  const org = useParams().org;
  const base = `/o/${org}`;
  const resultFor = (formId: string) => (actionData?.formId === formId && !actionData.confirm ? actionData.result : null);
  // A refusal for a form that is not on the page (e.g. the stay changed meanwhile) shows at the top.
  const shown = new Set(
    [
      canCancel && "cancel",
      canUndoMove && "undo-transfer",
      canUndoTransfer && "undo-transfer",
      canUndoDischarge && "undo-discharge",
      canDischarge && transfer && "transfer",
      canDischarge && "discharge",
    ].filter(Boolean)
  );
  const elsewhere = actionData && !actionData.confirm && !shown.has(actionData.formId) ? resultErrors(actionData.result) : "";
  const hasCorrection = canCancel || canUndoMove || canUndoTransfer || canUndoDischarge;
  return (
    <>
      <PageHeader title="Stay" description={s.place} />
      {landing && !actionData ? (
        <section aria-labelledby="landing" className="mb-6 rounded-lg border border-green-300 bg-green-50 p-4">
          <div role="status">
            <h2 id="landing" className="font-semibold text-ok">
              {landing.kind === "admitted" ? "Admitted" : landing.kind === "moved" ? "Move recorded" : "Move cancelled"}
            </h2>
            <p className="mt-1">{landing.text}</p>
          </div>
          <div className="mt-3 flex flex-wrap gap-3">
            {landing.kind === "admitted" ? (
              <>
                <Link to={`${base}/residents/${s.residentId}`} className={primaryLink}>
                  Open their profile
                  <span className="sr-only">: {s.residentName}</span>
                </Link>
                <Link to={`${base}/houses/${s.houseId}`} className={secondaryLink}>
                  Back to {s.houseName}
                </Link>
              </>
            ) : (
              <Link to={`${base}/houses/${s.houseId}`} className={primaryLink}>
                Back to {s.houseName}
              </Link>
            )}
            {landing.kind === "moved" ? <UndoButton intent="undo-transfer" label="Undo this move" /> : null}
            {landing.kind === "transfer-undone" && landing.redo ? (
              <Form method="post" action={location.pathname}>
                <input type="hidden" name="intent" value="transfer" />
                <input type="hidden" name="toBedId" value={landing.redo.toBedId} />
                <input type="hidden" name="date" value={landing.redo.date} />
                <input type="hidden" name={LISTED_FOR} value={landing.redo.date} />
                <Button type="submit" variant="secondary">
                  Undo: record the move again
                </Button>
              </Form>
            ) : null}
          </div>
        </section>
      ) : null}
      {actionData?.confirm ? <ConfirmPanel confirm={actionData.confirm} cancelHref={`${location.pathname}${location.search}`} /> : null}
      <PageNotices notice={actionData?.notice} error={elsewhere} />
      {actionData?.undo && actionData.notice ? (
        <div className="-mt-2 mb-4">
          <UndoButton intent={actionData.undo.intent} label={actionData.undo.label} />
        </div>
      ) : null}
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
                <dt className="font-medium">Ends by</dt>
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
            {s.transferredToStayId ? (
              <>
                <dt className="font-medium">Moved to</dt>
                <dd>
                  <Link to={`${base}/stays/${s.transferredToStayId}`}>The next stay</Link>
                </dd>
              </>
            ) : null}
          </dl>
        </Card>

        {hasCorrection ? (
          <Card title="Correct a mistake">
            <div className="space-y-4">
              {canCancel ? (
                <CorrectionForm intent="cancel" label="Cancel this move-in" lastResult={resultFor("cancel")}>
                  Frees the bed for these dates. The resident's profile stays.
                </CorrectionForm>
              ) : null}
              {canUndoMove ? (
                <CorrectionForm intent="undo-transfer" label="Undo this move" lastResult={resultFor("undo-transfer")}>
                  The resident stays in the bed they moved from, as before the move was recorded.
                </CorrectionForm>
              ) : null}
              {canUndoTransfer ? (
                <CorrectionForm intent="undo-transfer" label="Undo the move to another bed" lastResult={resultFor("undo-transfer")}>
                  This stay continues as before the move was recorded, and the stay in the new bed is removed.
                </CorrectionForm>
              ) : null}
              {canUndoDischarge ? (
                <CorrectionForm intent="undo-discharge" label="Undo the discharge" lastResult={resultFor("undo-discharge")}>
                  The stay continues, open-ended; the discharge reason and destination are removed.
                </CorrectionForm>
              ) : null}
              <p className="text-sm text-muted">Each correction asks you to confirm and is kept in the audit log.</p>
            </div>
          </Card>
        ) : canWrite && !canDischarge ? (
          <Card title="Changes">
            <p className="text-sm text-muted">{s.status === "ended" ? "This stay has ended; its record is kept." : "Nothing to change here."}</p>
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

function UndoButton({ intent, label }: { intent: string; label: string }) {
  const location = useLocation();
  return (
    <Form method="post" action={location.pathname}>
      <input type="hidden" name="intent" value={intent} />
      {/* The undo right after an action is the confirmation's way back: one step. */}
      <input type="hidden" name="confirmed" value="yes" />
      <Button type="submit" variant="secondary">
        {label}
      </Button>
    </Form>
  );
}

function ConfirmPanel({ confirm, cancelHref }: { confirm: Confirm; cancelHref: string }) {
  return (
    <section aria-labelledby="confirm-title" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <div role="alert">
        <h2 id="confirm-title" className="font-semibold">
          {confirm.title}
        </h2>
        <p className="mt-1">{confirm.body}</p>
      </div>

      <Form method="post" className="mt-3 flex flex-wrap gap-3">
        <input type="hidden" name="intent" value={confirm.intent} />
        <input type="hidden" name="confirmed" value="yes" />
        {Object.entries(confirm.fields).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
        <Button type="submit" variant={confirm.danger ? "danger" : "primary"}>
          {confirm.yes}
        </Button>
        <Link to={cancelHref} className={secondaryLink}>
          Go back
        </Link>
      </Form>
    </section>
  );
}

function CorrectionForm({
  intent,
  label,
  lastResult,
  children,
}: {
  intent: string;
  label: string;
  lastResult: SubmissionResult<string[]> | null;
  children: React.ReactNode;
}) {
  return (
    <Form method="post" className="space-y-2">
      <input type="hidden" name="intent" value={intent} />
      <p className="text-sm text-muted">{children}</p>
      <FormMessage>{resultErrors(lastResult)}</FormMessage>
      <Button type="submit" variant="secondary">
        {label}
      </Button>
    </Form>
  );
}

type TransferData = {
  date: string;
  dateLabel: string;
  problem: string | null;
  until: string | null;
  bedGroups: OptionGroup[] | null;
};

function TransferCard({ stayId, transfer, lastResult }: { stayId: string; transfer: TransferData; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "transfer",
    lastResult,
    constraint: getZodConstraint(TransferInput),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: unlessLookup((formData) =>
      parseWithZod(withoutKeys(formData, CONTROL_FIELDS), {
        schema: TransferInput,
        error: messages,
      }),
    ),
  });
  return (
    <div id="transfer-card" className="scroll-mt-4">
      <Card title="Transfer to another bed">
        <p className="mb-3 text-sm text-muted">
          {`In this house or another. This stay ends on the transfer date and a new one starts in the new bed${
            transfer.until ? `, keeping the expected move-out of ${transfer.until}` : ""
          }.`}
        </p>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <input type="hidden" name="intent" value="transfer" />
          <input type="hidden" name="stayId" value={stayId} />
          <BookingDateFields
            id="transfer-date"
            dates={[
              {
                name: "date",
                label: "Transfer date",
                value: transfer.date,
                required: true,
              },
            ]}
            problem={transfer.problem}
            errors={{ date: fields.date.errors }}
          />
          <FormMessage>{form.errors?.join(" ")}</FormMessage>
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
            <p>{transfer.bedGroups ? `No other bed is free from ${transfer.dateLabel}.` : "Correct the transfer date to see the free beds."}</p>
          )}
        </Form>
      </Card>
    </div>
  );
}

function DischargeCard({ stayId, today, lastResult }: { stayId: string; today: string; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "discharge",
    lastResult,
    constraint: getZodConstraint(DischargeInput),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) =>
      parseWithZod(withoutKeys(formData, CONTROL_FIELDS), {
        schema: DischargeInput,
        error: messages,
      }),
  });
  const [reason, setReason] = useState(String(fields.reason.initialValue ?? ""));
  const holdable = (HOLDABLE_REASONS as readonly string[]).includes(reason);
  return (
    <div id="discharge-card" className="scroll-mt-4">
      <Card title="Discharge">
        <Form
          method="post"
          {...getFormProps(form)}
          className="space-y-4"
          onChange={(e) => {
            const target = e.target as HTMLSelectElement;
            if (target.name === "reason") setReason(target.value);
          }}
        >
          <input type="hidden" name="intent" value="discharge" />
          <input type="hidden" name="stayId" value={stayId} />
          <FormMessage>{form.errors?.join(" ")}</FormMessage>
          <Field
            field={fields.date}
            label="Move-out date"
            type="date"
            hint={`The first night they no longer stay here (today is ${formatDay(today)}). A later date schedules the discharge.`}
          />
          <SelectField field={fields.reason} label="Discharge reason" options={REASON_OPTIONS} />
          <Field
            field={fields.destination}
            label="Destination (optional)"
            hint="Where they are going, e.g. own apartment, family home, treatment program."
          />
          <div hidden={Boolean(reason) && !holdable && !fields.holdBedDays.errors}>
            <Field
              field={fields.holdBedDays}
              label="Hold the bed for their return (optional)"
              type="number"
              inputProps={{ inputMode: "numeric", min: 1, max: MAX_HOLD_DAYS }}
              hint={`Days from the move-out date, up to ${MAX_HOLD_DAYS}. Only after a hospital or treatment stay, or a return to use with a plan to come back.`}
            />
          </div>
          <p className="text-sm text-muted">You'll be asked to confirm before anything is recorded.</p>
          <Button type="submit" variant="secondary">
            Record discharge…
          </Button>
        </Form>
      </Card>
    </div>
  );
}
