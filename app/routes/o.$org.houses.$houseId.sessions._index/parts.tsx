import type { SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { FormErrors } from "#app/ui/choices";
import type { FormConstraint } from "#app/ui/constraint";
import { Button, Field } from "#app/ui/form";
import type { FormActionData } from "#app/ui/forms.server";
import { Badge } from "#app/ui/occupancy";
import { usePostAction } from "#app/ui/post-action";
import { useServerForm } from "#app/ui/server-form";
import { occurrenceFormId } from "./forms";

/**
 * The sessions page's forms are checked in the action only (`forms.server.ts`): the page
 * ships no zod and no conform runtime (first-load JS budget, ADR 029). The loader sends the
 * HTML constraints; the route keys each form by the answers (`useFormKeys`).
 */
export type SessionConstraints = { move: FormConstraint; target: FormConstraint; kind: FormConstraint };
type KeyFor = (formId: string) => string;

type ActionData = FormActionData | undefined;
const resultFor = (a: ActionData, formId: string) => (a?.formId === formId ? a.result : null);

export type OccurrenceView = {
  seriesId: string;
  occursOn: string;
  title: string;
  kindLabel: string;
  place: string | null;
  status: "scheduled" | "moved" | "cancelled";
  when: string;
  originally: string | null;
  canTakeAttendance: boolean;
  canChange: boolean;
  canRestore: boolean;
  moveDefaults: { newDate: string; newTime: string };
};

export function OccurrenceItem({
  o,
  base,
  canPlan,
  actionData,
  constraint,
  keyFor,
}: {
  o: OccurrenceView;
  base: string;
  canPlan: boolean;
  actionData: ActionData;
  constraint: FormConstraint;
  keyFor: KeyFor;
}) {
  const action = usePostAction();
  const moveId = occurrenceFormId("move", o.seriesId, o.occursOn);
  const cancelId = occurrenceFormId("cancel", o.seriesId, o.occursOn);
  const failed = Boolean(actionData?.error && [moveId, cancelId].includes(actionData.formId));
  return (
    <li className="py-3">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{o.title}</span>
        {o.status === "cancelled" ? <Badge tone="danger">Cancelled</Badge> : null}
        {o.status === "moved" ? <Badge tone="warn">Moved</Badge> : null}
      </div>
      <p className={`text-sm ${o.status === "cancelled" ? "text-muted line-through" : ""}`}>
        {o.when}
        {o.place ? ` · ${o.place}` : ""}
      </p>
      {o.originally ? <p className="text-sm text-muted">Originally {o.originally}</p> : null}
      <p className="text-sm text-muted">{o.kindLabel}</p>
      {o.canTakeAttendance ? (
        <Link to={`${base}/${o.seriesId}/${o.occursOn}`} className="mt-1 inline-flex min-h-11 items-center font-medium">
          Take attendance<span className="sr-only"> for {o.title}, {o.when}</span>
        </Link>
      ) : null}
      {canPlan && o.canRestore ? (
        <Form method="post" action={action} className="mt-1">
          <input type="hidden" name="intent" value="restore-occurrence" />
          <input type="hidden" name="seriesId" value={o.seriesId} />
          <input type="hidden" name="occursOn" value={o.occursOn} />
          <Button type="submit" variant="secondary">
            {o.status === "cancelled" ? "Undo the cancellation" : "Put back at its planned time"}
            <span className="sr-only"> ({o.title}, {o.originally ?? o.when})</span>
          </Button>
        </Form>
      ) : null}
      {canPlan && o.canChange ? (
        <details className="mt-1 rounded-md border border-line px-3" open={failed}>
          <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium text-brand-700">
            Move or cancel<span className="sr-only"> {o.title}, {o.when}</span>
          </summary>
          <div className="space-y-4 pb-3">
            <MoveForm key={keyFor(moveId)} o={o} lastResult={resultFor(actionData, moveId)} constraint={constraint} />
            <Form method="post" action={action} className="space-y-2 border-t border-line pt-3">
              {actionData?.formId === cancelId && actionData.error ? <FormErrors errors={[actionData.error]} /> : null}
              <input type="hidden" name="intent" value="cancel-occurrence" />
              <input type="hidden" name="seriesId" value={o.seriesId} />
              <input type="hidden" name="occursOn" value={o.occursOn} />
              <p className="text-sm text-muted">Residents expected with a portal account get a short email.</p>
              <Button type="submit" variant="danger">
                Cancel this session<span className="sr-only"> ({o.when})</span>
              </Button>
            </Form>
          </div>
        </details>
      ) : null}
    </li>
  );
}

function MoveForm({ o, lastResult, constraint }: { o: OccurrenceView; lastResult: SubmissionResult<string[]> | null; constraint: FormConstraint }) {
  const action = usePostAction();
  const [form, fields] = useServerForm<{ newDate: string; newTime: string }>({
    id: occurrenceFormId("move", o.seriesId, o.occursOn),
    lastResult,
    constraint,
    defaultValue: o.moveDefaults,
  });
  return (
    <Form method="post" action={action} {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="move-occurrence" />
      <input type="hidden" name="seriesId" value={o.seriesId} />
      <input type="hidden" name="occursOn" value={o.occursOn} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid grid-cols-2 gap-3">
        <Field field={fields.newDate} label="New day" type="date" />
        <Field field={fields.newTime} label="New start time" type="time" />
      </div>
      <Button type="submit" variant="secondary">
        Move<span className="sr-only"> this session ({o.when})</span>
      </Button>
    </Form>
  );
}

export function TargetForm({ weekly, lastResult, constraint }: { weekly: number | null; lastResult: SubmissionResult<string[]> | null; constraint: FormConstraint }) {
  const action = usePostAction();
  const [form, fields] = useServerForm<{ weeklyTarget: string }>({
    id: "target",
    lastResult,
    constraint,
    defaultValue: { weeklyTarget: weekly === null ? "" : String(weekly) },
  });
  return (
    <Form method="post" action={action} {...form.props} className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="intent" value="set-target" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field field={fields.weeklyTarget} label="Meetings per resident each week" type="number" inputProps={{ inputMode: "numeric" }} />
      <Button type="submit" variant="secondary">
        Save target
      </Button>
    </Form>
  );
}

export function KindForm({ lastResult, constraint }: { lastResult: SubmissionResult<string[]> | null; constraint: FormConstraint }) {
  const action = usePostAction();
  const [form, fields] = useServerForm<{ name: string }>({ id: "kind", lastResult, constraint });
  return (
    <Form method="post" action={action} {...form.props} className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="intent" value="add-kind" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field field={fields.name} label="New life-skills topic" hint="Offered in every house of your organization." inputProps={{ autoComplete: "off" }} />
      <Button type="submit" variant="secondary">
        Add topic
      </Button>
    </Form>
  );
}

export { resultFor };
