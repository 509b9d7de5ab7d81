import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type { FormActionData } from "#app/ui/forms.server";
import { FormErrors } from "#app/ui/choices";
import { Button, controlClass, ErrorList, Field, SelectField } from "#app/ui/form";
import { TextareaField } from "#app/ui/form-controls";
import { Card, EmptyState } from "#app/ui/page";
import { Pager } from "#app/ui/pager";
import { useServerForm } from "#app/ui/server-form";
import type { SafetyData } from "./route";

type Props = { data: SafetyData; actionData: FormActionData | undefined };

const BADGE = {
  red: "bg-red-100 text-red-900",
  amber: "bg-amber-100 text-amber-900",
  green: "bg-green-100 text-green-900",
} as const;

function Badge({ tone, children }: { tone: keyof typeof BADGE; children: ReactNode }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-sm font-medium ${BADGE[tone]}`}>{children}</span>;
}

export function ChecksCard({ data }: { data: SafetyData }) {
  if (!data.checks.length) {
    return <EmptyState title="No safety checks yet">{data.canWrite ? "Add the checks this house does regularly below." : "A house manager adds the checks this house does."}</EmptyState>;
  }
  return (
    <Card title="Checks">
      <ul className="divide-y divide-line">
        {data.checks.map((c) => (
          <li key={c.id} className="py-3" data-check={c.name}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="font-medium">{c.name}</span>
              {c.state === "overdue" ? (
                <Badge tone="red">Overdue since {c.dueLabel}</Badge>
              ) : c.state === "due_soon" ? (
                <Badge tone="amber">Due {c.dueLabel}</Badge>
              ) : (
                <Badge tone="green">Next due {c.dueLabel}</Badge>
              )}
            </div>
            <p className="text-sm text-muted">
              Every {c.intervalDays} {c.intervalDays === 1 ? "day" : "days"}. {c.lastDoneLabel ? `Last done ${c.lastDoneLabel}.` : "Not done yet."}
              {c.lastResult && c.lastResult !== "ok" ? " The last check found something to fix." : ""}
            </p>
            {c.expiry === "expired" ? (
              <p className="text-sm font-medium text-red-800">The naloxone expired on {c.expiresLabel}. Replace it.</p>
            ) : c.expiry === "expires_soon" ? (
              <p className="text-sm font-medium text-amber-900">The naloxone expires on {c.expiresLabel}.</p>
            ) : c.expiresLabel ? (
              <p className="text-sm text-muted">Naloxone expires {c.expiresLabel}.</p>
            ) : null}
            {data.canWrite ? (
              <Form method="post" className="mt-1">
                <input type="hidden" name="intent" value="archive-check" />
                <input type="hidden" name="checkId" value={c.id} />
                <Button type="submit" variant="secondary">
                  Remove<span className="sr-only"> {c.name} from the list</span>
                </Button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function FileField({ name, label, hint, accept, errors }: { name: string; label: string; hint: string; accept: string; errors?: string[] }) {
  const id = `${name}-upload`;
  return (
    <div>
      <label htmlFor={id} className="mb-1 block font-medium">
        {label}
      </label>
      <p id={`${id}-hint`} className="mb-1 text-sm text-muted">
        {hint}
      </p>
      <input
        id={id}
        type="file"
        name={name}
        accept={accept}
        aria-describedby={`${id}-hint${errors?.length ? ` ${id}-error` : ""}`}
        aria-invalid={errors?.length ? true : undefined}
        className={controlClass}
      />
      <ErrorList id={`${id}-error`} errors={errors} />
    </div>
  );
}

export function LogForm({ data, actionData }: Props) {
  const [form, fields] = useServerForm<{ checkId: string; doneOn: string; result: string; notes: string; expiresOn: string; photo: string }>({
    id: "log",
    lastResult: actionData?.formId === "log" ? actionData.result : null,
    constraint: data.constraints.log,
    defaultValue: { doneOn: data.today, result: "ok" },
  });
  return (
    <Card title="Log a check">
      <Form method="post" encType="multipart/form-data" {...form.props} className="space-y-4">
        <input type="hidden" name="intent" value="log" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField field={fields.checkId} label="Check" placeholder="Choose a check" options={data.options.checks} />
        <Field field={fields.doneOn} label="Day it was done" type="date" />
        <SelectField field={fields.result} label="Result" options={data.options.results} />
        <Field field={fields.expiresOn} label="Naloxone expiry date" type="date" hint="For naloxone: the date printed on the box." />
        <TextareaField field={fields.notes} label="Notes (optional)" rows={3} />
        <FileField name="photo" label="Photo (optional)" hint={data.upload.hint} accept={data.upload.accept} errors={fields.photo.errors} />
        <Button type="submit">Log check</Button>
      </Form>
    </Card>
  );
}

export function DocumentsCard({ data }: { data: SafetyData }) {
  return (
    <Card title="Compliance documents">
      {!data.documents.length ? (
        <p className="text-muted">No documents yet: insurance, business registration, landlord&apos;s permission, occupancy permit.</p>
      ) : (
        <ul className="divide-y divide-line">
          {data.documents.map((d) => (
            <li key={d.id} className="py-3" data-document={d.title}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium">{d.title}</span>
                {d.expiry === "expired" ? (
                  <Badge tone="red">Expired {d.expiresLabel}</Badge>
                ) : d.expiry === "expires_soon" ? (
                  <Badge tone="amber">Expires {d.expiresLabel}</Badge>
                ) : d.expiresLabel ? (
                  <Badge tone="green">Valid until {d.expiresLabel}</Badge>
                ) : (
                  <Badge tone="green">No expiry</Badge>
                )}
              </div>
              <p className="text-sm text-muted">{d.kindLabel}</p>
              <a href={d.href} className="break-all" download>
                Download {d.fileName}
              </a>
              {data.canWrite ? (
                <Form method="post" className="mt-1">
                  <input type="hidden" name="intent" value="archive-document" />
                  <input type="hidden" name="documentId" value={d.id} />
                  <Button type="submit" variant="secondary">
                    Remove<span className="sr-only"> {d.title} from the current list</span>
                  </Button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function AddDocumentForm({ data, actionData }: Props) {
  const [form, fields] = useServerForm<{ kind: string; title: string; expiresOn: string; file: string }>({
    id: "add-document",
    lastResult: actionData?.formId === "add-document" ? actionData.result : null,
    constraint: data.constraints.document,
    defaultValue: {},
  });
  return (
    <Card title="Add a document">
      <Form method="post" encType="multipart/form-data" {...form.props} className="space-y-4">
        <input type="hidden" name="intent" value="add-document" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField field={fields.kind} label="Kind of document" placeholder="Choose a kind" options={data.options.documentKinds} />
        <Field field={fields.title} label="Title" hint="For example: General liability policy 2027." />
        <Field field={fields.expiresOn} label="Expiry date (optional)" type="date" hint="Reminders go out 30 and 7 days before, and when it expires." />
        <FileField name="file" label="File" hint={data.upload.hint} accept={data.upload.accept} errors={fields.file.errors} />
        <Button type="submit">Add document</Button>
      </Form>
    </Card>
  );
}

export function AddCheckForm({ data, actionData }: Props) {
  const [form, fields] = useServerForm<{ kind: string; name: string; intervalDays: string; firstDueOn: string }>({
    id: "add-check",
    lastResult: actionData?.formId === "add-check" ? actionData.result : null,
    constraint: data.constraints.addCheck,
    defaultValue: { firstDueOn: data.today, intervalDays: "30" },
  });
  return (
    <Card title="Add a check">
      <Form method="post" {...form.props} className="space-y-4">
        <input type="hidden" name="intent" value="add-check" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField field={fields.kind} label="What is checked" placeholder="Choose" options={data.options.kinds} />
        <Field field={fields.name} label="Name" hint="For example: Smoke and CO detectors, upstairs." />
        <Field field={fields.intervalDays} label="Every how many days" type="number" hint="Usually 30; evacuation drills 90." inputProps={{ inputMode: "numeric", min: 1, max: 730 }} />
        <Field field={fields.firstDueOn} label="First due" type="date" />
        <Button type="submit">Add check</Button>
      </Form>
    </Card>
  );
}

export function HistoryCard({ data }: { data: SafetyData }) {
  return (
    <Card title="Checks done">
      {!data.history.length ? (
        <p className="text-muted">Nothing logged yet.</p>
      ) : (
        <ul className="divide-y divide-line">
          {data.history.map((l) => (
            <li key={l.id} className="py-3" data-log={l.id}>
              <p>
                <span className="font-medium">{l.checkName}</span> · {l.doneLabel} · {l.resultLabel}
              </p>
              <p className="text-sm text-muted">
                {l.loggedBy ? `Logged by ${l.loggedBy}.` : null}
                {l.expiresLabel ? ` Naloxone expires ${l.expiresLabel}.` : null}
              </p>
              {l.notes ? <p className="text-sm whitespace-pre-line">{l.notes}</p> : null}
              {l.photoHref ? (
                <a href={l.photoHref} download>
                  Photo<span className="sr-only"> of {l.checkName} on {l.doneLabel}</span>
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Pager next={data.next} nextLabel="Older checks" />
    </Card>
  );
}
