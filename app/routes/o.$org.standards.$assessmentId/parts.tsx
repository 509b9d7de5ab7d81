import { Form, Link } from "@remix-run/react";
import type { FormActionData } from "#app/ui/forms.server";
import { FormErrors } from "#app/ui/choices";
import { Button, SelectField } from "#app/ui/form";
import { TextareaField } from "#app/ui/form-controls";
import { AwaitingBadge, BodyThread } from "#app/ui/threads";
import { useServerForm } from "#app/ui/server-form";
import type { AssessmentData } from "./route";

type Item = AssessmentData["items"][number];

export function AnswerForm({ item, data, actionData }: { item: Item; data: AssessmentData; actionData?: FormActionData }) {
  const formId = `answer-${item.id}`;
  const [form, fields] = useServerForm<{ answer: string; notes: string; itemId: string }>({
    id: formId,
    lastResult: actionData?.formId === formId ? actionData.result : null,
    constraint: data.constraint,
    defaultValue: { answer: item.answer ?? "", notes: item.notes ?? "" },
  });
  return (
    <Form method="post" {...form.props} className="mt-3 space-y-3" aria-label={`Answer ${item.code}`}>
      <input type="hidden" name="intent" value="answer" />
      <input type="hidden" name="itemId" value={item.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SelectField field={fields.answer} label={`Answer for ${item.code}`} placeholder="Choose" options={data.answers} />
      <TextareaField field={fields.notes} label="Notes (optional)" rows={2} />
      <Button type="submit" variant="secondary">Save answer<span className="sr-only"> for {item.code}</span></Button>
      {actionData?.formId === formId && actionData.notice ? <p role="status" className="text-sm text-ok">{actionData.notice}</p> : null}
    </Form>
  );
}

export function ItemCard({ item, data, actionData }: { item: Item; data: AssessmentData; actionData?: FormActionData }) {
  return (
    <li className="rounded-lg border border-line bg-surface p-4" id={`item-${item.code}`}>
      <p className="text-sm font-semibold">
        {item.code} <span className="font-normal text-muted">· {data.requirementLabels[item.requirement]}</span>
        {item.awaiting ? <AwaitingBadge>Awaiting your answer</AwaitingBadge> : null}
      </p>
      <p className="mt-1">{item.text}</p>
      <p className="mt-1 text-sm">
        <span className="font-medium">Answer:</span> {data.answers.find((a) => a.value === item.answer)?.label ?? "Not answered yet"}
        {item.notes ? <span className="text-muted"> — {item.notes}</span> : null}
      </p>
      {item.auto ? (
        <p className="mt-1 text-sm">
          <span className="font-medium">From Hearth:</span> {item.auto.text}{" "}
          <span className="text-muted">(computed {item.auto.computed})</span>
          {item.auto.href ? <> · <Link className="underline underline-offset-2" to={item.auto.href}>See the records<span className="sr-only"> for {item.code}</span></Link></> : null}
        </p>
      ) : null}
      <p className="mt-1 text-sm">
        <Link className="font-medium text-brand-700 underline underline-offset-2" to={`${data.base}/items/${item.id}`}>
          Evidence ({item.evidenceCount})<span className="sr-only"> for {item.code}</span>
        </Link>
      </p>
      {data.canAnswer ? <AnswerForm item={item} data={data} actionData={actionData} /> : null}
      {item.threads.map((t) => <BodyThread key={t.certifierOrgId} itemId={item.id} code={item.code} thread={t} constraint={data.replyConstraint} actionData={actionData} />)}
    </li>
  );
}

