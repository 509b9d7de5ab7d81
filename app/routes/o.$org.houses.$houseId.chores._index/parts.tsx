import { Form, Link } from "@remix-run/react";
import type { ChoreState } from "#app/domain/chores/labels";
import { CheckboxField, FormErrors } from "#app/ui/choices";
import type { FormConstraint } from "#app/ui/constraint";
import { Button, Field, FormMessage, SelectField } from "#app/ui/form";
import type { FormActionData } from "#app/ui/forms.server";
import { ChoreStateBadge } from "#app/ui/chore-state";
import { Card, EmptyState } from "#app/ui/page";
import { useServerForm } from "#app/ui/server-form";

/**
 * The chore board's forms, checked in the action only (`forms.server.ts`): the page ships no
 * zod and no conform runtime (first-load JS budget, ADR 029); the loader sends the HTML
 * constraints, and the page keys each form by the answers (`useFormKeys`).
 */
type KeyFor = (formId: string) => string;

type ActionData = FormActionData | undefined;
const resultFor = (a: ActionData, formId: string) => (a?.formId === formId ? a.result : null);

type Row = {
  id: string;
  name: string;
  area: string | null;
  effort: number;
  resident: string;
  historyHref: string;
  state: ChoreState;
  note: string | null;
  sentBackReason: string | null;
  checkable: boolean;
};

export function BoardList({ chores, actionData, constraint, keyFor }: { chores: Row[]; actionData: ActionData; constraint: FormConstraint; keyFor: KeyFor }) {
  if (!chores.length) return <EmptyState title="No chores on this day">Generate the week's rotation below, or pick another day.</EmptyState>;
  return (
    <section aria-labelledby="board-title">
      <h2 id="board-title" className="sr-only">
        Chores on this day
      </h2>
      <ul className="divide-y divide-line rounded-lg border border-line bg-white">
        {chores.map((c) => (
          <li key={c.id} className="p-3">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-semibold">{c.name}</span>
              {c.area ? <span className="text-sm text-muted">{c.area}</span> : null}
              <ChoreStateBadge state={c.state} />
            </div>
            <p className="text-sm">
              <Link to={c.historyHref}>{c.resident}</Link>
              <span className="text-muted"> · effort {c.effort}</span>
            </p>
            {c.note ? <p className="text-sm">Note: {c.note}</p> : null}
            {c.sentBackReason ? <p className="text-sm">Sent back: {c.sentBackReason}</p> : null}
            {c.checkable ? <CheckForm key={keyFor(`check-${c.id}`)} row={c} actionData={actionData} constraint={constraint} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CheckForm({ row, actionData, constraint }: { row: { id: string; name: string }; actionData: ActionData; constraint: FormConstraint }) {
  const formId = `check-${row.id}`;
  const [form, fields] = useServerForm<{ reason: string }>({ id: formId, lastResult: resultFor(actionData, formId), constraint });
  return (
    <Form method="post" {...form.props} className="mt-2 space-y-2">
      <input type="hidden" name="intent" value="check" />
      <input type="hidden" name="assignmentId" value={row.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      {actionData?.formId === formId && actionData.error && !form.errors?.length ? <FormMessage>{actionData.error}</FormMessage> : null}
      <Field field={fields.reason} label={<>Reason, if sending back<span className="sr-only"> {row.name}</span></>} inputProps={{ autoComplete: "off" }} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" name="outcome" value="verified">
          Verify<span className="sr-only"> {row.name}</span>
        </Button>
        <Button type="submit" name="outcome" value="sent_back" variant="secondary">
          Send back<span className="sr-only"> {row.name}</span>
        </Button>
      </div>
    </Form>
  );
}

export function GenerateForm({ today, actionData, constraint }: { today: string; actionData: ActionData; constraint: FormConstraint }) {
  const [form, fields] = useServerForm<{ from: string; days: string; regenerate: boolean }>({
    id: "generate",
    lastResult: resultFor(actionData, "generate"),
    constraint,
    defaultValue: { from: today, days: "7" },
  });
  return (
    <Card title="Plan the rotation">
      <Form method="post" {...form.props} className="space-y-3">
        <input type="hidden" name="intent" value="generate" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="grid gap-3 sm:grid-cols-2">
          <Field field={fields.from} label="Starting" type="date" />
          <Field field={fields.days} label="Days" type="number" hint="A week is 7; at most 28." inputProps={{ inputMode: "numeric" }} />
        </div>
        <CheckboxField
          field={fields.regenerate}
          label="Deal untouched chores again"
          hint="After a move-in or move-out: chores not yet done, from today on, are shared out again. Done chores and pending swaps stay."
        />
        <Button type="submit">Generate rotation</Button>
      </Form>
    </Card>
  );
}

export function OfficeForm({
  coordinator,
  actionData,
  constraint,
}: {
  coordinator: { holder: string; options: { value: string; label: string }[] };
  actionData: ActionData;
  constraint: FormConstraint;
}) {
  const [form, fields] = useServerForm<{ office: string; residentId: string }>({
    id: "office",
    lastResult: resultFor(actionData, "office"),
    constraint,
    defaultValue: { office: "coordinator", residentId: coordinator.holder },
  });
  return (
    <Card title="House coordinator">
      <p className="mb-3 text-sm text-muted">In a peer-run house the coordinator checks housemates' chores (never their own).</p>
      <Form method="post" {...form.props} className="space-y-3">
        <input type="hidden" name="intent" value="office" />
        <input type="hidden" name="office" value="coordinator" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField field={fields.residentId} label="Coordinator" placeholder="Nobody" options={coordinator.options} />
        <Button type="submit" variant="secondary">
          Save coordinator
        </Button>
      </Form>
    </Card>
  );
}
