import { Form } from "@remix-run/react";
import type { ChoreState } from "#app/domain/chores/labels";
import { ChoreStateBadge } from "#app/ui/chore-state";
import { FormErrors } from "#app/ui/choices";
import type { FormConstraint } from "#app/ui/constraint";
import { Button, Field, FormMessage, SelectField } from "#app/ui/form";
import type { FormActionData } from "#app/ui/forms.server";
import { useServerForm } from "#app/ui/server-form";

/**
 * The resident's chore forms are checked in the action only (`forms.server.ts`): the page
 * ships no zod and no conform runtime (first-load JS budget, ADR 029). The loader sends the
 * HTML constraints; each form is keyed by the answers (`useFormKeys`).
 */
export type MyChoreForms = { done: FormConstraint; swap: FormConstraint; keyFor: (formId: string) => string };

type ActionData = FormActionData | undefined;
type Item = {
  id: string;
  name: string;
  area: string | null;
  instructions: string | null;
  effort: number;
  when: string;
  state: ChoreState;
  note: string | null;
  sentBackReason: string | null;
  canMarkDone: boolean;
  swapTo: { value: string; label: string }[] | null;
};

export function ChoreItem({ chore, actionData, forms }: { chore: Item; actionData: ActionData; forms: MyChoreForms }) {
  return (
    <li className="rounded-lg border border-line bg-white p-3">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-semibold">{chore.name}</span>
        <ChoreStateBadge state={chore.state} />
      </div>
      <p className="text-sm text-muted">
        {chore.when}
        {chore.area ? ` · ${chore.area}` : ""}
      </p>
      {chore.instructions ? <p className="mt-1 whitespace-pre-line text-sm">{chore.instructions}</p> : null}
      {chore.note ? <p className="mt-1 text-sm">Your note: {chore.note}</p> : null}
      {chore.sentBackReason && chore.state === "sent_back" ? <p className="mt-1 text-sm">To redo: {chore.sentBackReason}</p> : null}
      {chore.canMarkDone ? <DoneForm key={forms.keyFor(`done-${chore.id}`)} chore={chore} actionData={actionData} constraint={forms.done} /> : null}
      {chore.swapTo ? <SwapForm key={forms.keyFor(`swap-${chore.id}`)} chore={chore} options={chore.swapTo} actionData={actionData} constraint={forms.swap} /> : null}
    </li>
  );
}

function DoneForm({ chore, actionData, constraint }: { chore: Item; actionData: ActionData; constraint: FormConstraint }) {
  const formId = `done-${chore.id}`;
  const [form, fields] = useServerForm<{ note: string }>({ id: formId, lastResult: actionData?.formId === formId ? actionData.result : null, constraint });
  return (
    <Form method="post" {...form.props} className="mt-2 space-y-2">
      <input type="hidden" name="intent" value="done" />
      <input type="hidden" name="assignmentId" value={chore.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field field={fields.note} label={<>Note (optional)<span className="sr-only"> for {chore.name}</span></>} inputProps={{ autoComplete: "off" }} />
      <Button type="submit">
        Mark done<span className="sr-only"> {chore.name}</span>
      </Button>
    </Form>
  );
}

function SwapForm({ chore, options, actionData, constraint }: { chore: Item; options: { value: string; label: string }[]; actionData: ActionData; constraint: FormConstraint }) {
  const formId = `swap-${chore.id}`;
  const [form, fields] = useServerForm<{ toResidentId: string }>({ id: formId, lastResult: actionData?.formId === formId ? actionData.result : null, constraint });
  const failed = actionData?.formId === formId && Boolean(actionData.error);
  return (
    <details className="mt-2" open={failed}>
      <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium text-brand-700">
        Ask someone to take it<span className="sr-only"> ({chore.name}, {chore.when})</span>
      </summary>
      {options.length ? (
        <Form method="post" {...form.props} className="space-y-2">
          <input type="hidden" name="intent" value="swap" />
          <input type="hidden" name="assignmentId" value={chore.id} />
          <FormErrors id={form.errorId} errors={form.errors} />
          <SelectField field={fields.toResidentId} label="Housemate" placeholder="Choose…" options={options} />
          <Button type="submit" variant="secondary">
            Send request
          </Button>
        </Form>
      ) : (
        <FormMessage kind="ok">Nobody else is in the house that day.</FormMessage>
      )}
    </details>
  );
}

type Swap = { id: string; chore: string; when: string; who: string };

export function SwapRequests({ incoming, outgoing }: { incoming: Swap[]; outgoing: Swap[] }) {
  if (!incoming.length && !outgoing.length) return null;
  return (
    <section aria-labelledby="requests-title" className="space-y-2 rounded-lg border border-line bg-white p-3">
      <h2 id="requests-title" className="text-lg font-semibold">
        Chore requests
      </h2>
      <ul className="space-y-3">
        {incoming.map((s) => (
          <li key={s.id}>
            <p>
              {s.who} asks you to take <strong>{s.chore}</strong> on {s.when}.
            </p>
            <div className="mt-1 flex flex-wrap gap-2">
              <AnswerButton swapId={s.id} answer="accepted" label="Take it" extra={`${s.chore}, ${s.when}`} />
              <AnswerButton swapId={s.id} answer="declined" label="Not this time" variant="secondary" extra={`${s.chore}, ${s.when}`} />
            </div>
          </li>
        ))}
        {outgoing.map((s) => (
          <li key={s.id}>
            <p>
              You asked {s.who} to take <strong>{s.chore}</strong> on {s.when}. Waiting for an answer.
            </p>
            <div className="mt-1">
              <AnswerButton swapId={s.id} answer="cancelled" label="Cancel request" variant="secondary" extra={`${s.chore}, ${s.when}`} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function AnswerButton({ swapId, answer, label, variant, extra }: { swapId: string; answer: string; label: string; variant?: "secondary"; extra: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="answer" />
      <input type="hidden" name="swapId" value={swapId} />
      <input type="hidden" name="answer" value={answer} />
      <Button type="submit" variant={variant}>
        {label}
        <span className="sr-only"> ({extra})</span>
      </Button>
    </Form>
  );
}
