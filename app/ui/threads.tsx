import { Form } from "@remix-run/react";
import { FormErrors } from "#app/ui/choices";
import type { FormConstraint } from "#app/ui/constraint";
import { Button, ErrorList } from "#app/ui/form";
import { TextareaField } from "#app/ui/form-controls";
import type { FormActionData } from "#app/ui/forms.server";
import { useServerForm } from "#app/ui/server-form";

/**
 * Review threads (ADR 053) on both sides: the entries of a thread and the small form that adds
 * one. Named "threads", not "review": its client chunk's name is in every page that imports it,
 * and "review" (a grant scope) reads as another org's value to the cross-tenant probe.
 */

export type ThreadEntryView = {
  id: string; kind: "comment" | "clarification" | "reply"; kindLabel: string; body: string; who: string; org: string; when: string; fromBody: boolean;
};
export type BodyThreadView = { certifierOrgId: string; certifierName: string; open: boolean; entries: ThreadEntryView[] };

export function Thread({ entries, label }: { entries: ThreadEntryView[]; label: string }) {
  if (!entries.length) return <p className="text-sm text-muted">No comments yet.</p>;
  return (
    <ol className="space-y-2" aria-label={label}>
      {entries.map((e) => (
        <li key={e.id} className={`rounded-md border-l-4 bg-white px-3 py-2 ${e.kind === "clarification" ? "border-amber-500" : e.fromBody ? "border-line" : "border-brand-700"}`}>
          <p className="text-sm">
            <span className="font-medium">{e.kindLabel}</span>{` · ${e.who}${e.org ? `, ${e.org}` : ""} · `}<span className="text-muted">{e.when}</span>
          </p>
          <p className="mt-1 whitespace-pre-line break-words">{e.body}</p>
        </li>
      ))}
    </ol>
  );
}

/** "Awaiting …" beside an item or a thread whose clarification is open. */
export function AwaitingBadge({ children }: { children: string }) {
  return <span className="ml-1 inline-block rounded bg-amber-100 px-2 py-0.5 text-sm font-medium text-amber-900">{children}</span>;
}

type Choice = { value: string; label: string; primary?: boolean };

/**
 * A thread's form: the text and one submit button per kind (`name="kind"`), plus the hidden
 * ids; keyed by the thread's length so it starts empty after an entry was added.
 */
export function ThreadForm({
  formId, hidden, choices, label, constraint, actionData,
}: {
  formId: string; hidden: Record<string, string>; choices: Choice[]; label: string; constraint: FormConstraint; actionData?: FormActionData;
}) {
  const answered = actionData?.formId === formId ? actionData : undefined;
  const [form, fields] = useServerForm<{ body: string; kind: string }>({ id: formId, lastResult: answered?.result ?? null, constraint, defaultValue: {} });
  return (
    <Form method="post" {...form.props} className="mt-2 space-y-2" aria-label={label}>
      <input type="hidden" name="intent" value={hidden.intent} />
      {Object.entries(hidden).filter(([k]) => k !== "intent").map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextareaField field={fields.body} label={label} rows={3} />
      <ErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
      <div className="flex flex-wrap gap-2">
        {choices.map((c) => (
          <Button key={c.value} type="submit" name="kind" value={c.value} variant={c.primary ? "primary" : "secondary"}>{c.label}</Button>
        ))}
      </div>
      {answered?.notice ? <p role="status" className="text-sm text-ok">{answered.notice}</p> : null}
    </Form>
  );
}

/** One certifying body's review thread on an item (ADR 053) and the form that answers it. */
export function BodyThread({ itemId, code, thread: t, constraint, actionData }: {
  itemId: string; code: string; thread: BodyThreadView; constraint: FormConstraint; actionData?: FormActionData;
}) {
  const formId = `reply-${itemId}-${t.certifierOrgId}`;
  return (
    <section className="mt-3 border-t border-line pt-3" aria-label={`Review by ${t.certifierName} on ${code}`}>
      <h3 className="mb-2 text-sm font-semibold">
        Review by {t.certifierName}
        {t.open ? <AwaitingBadge>Clarification requested</AwaitingBadge> : null}
      </h3>
      <Thread entries={t.entries} label={`${t.certifierName}'s review thread on ${code}`} />
      <ThreadForm
        key={`${formId}-${t.entries.length}`}
        formId={formId}
        hidden={{ intent: "reply", itemId, certifierOrgId: t.certifierOrgId }}
        label={`Your answer to ${t.certifierName} on ${code}`}
        constraint={constraint}
        actionData={actionData}
        choices={[{ value: "reply", label: "Send answer", primary: true }, { value: "comment", label: "Add comment" }]}
      />
    </section>
  );
}
