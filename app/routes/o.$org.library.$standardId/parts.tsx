import type { SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { FormErrors } from "#app/ui/choices";
import type { FormConstraint } from "#app/ui/constraint";
import { Button, Field } from "#app/ui/form";
import { useServerForm } from "#app/ui/server-form";

type HeadingData = { kind: string; code: string; title: string; formId: string };
type ItemRow = { id: string; code: string; text: string; levels: string; href: string };

/** Rename a heading: folded under its title, so the page stays short (works without JavaScript). */
export function RenameHeading({ h, constraint, lastResult, open }: { h: HeadingData; constraint: FormConstraint; lastResult: SubmissionResult<string[]> | null; open: boolean }) {
  const [form, fields] = useServerForm<{ title: string }>({ id: h.formId, lastResult, constraint, defaultValue: { title: h.title } });
  return (
    <details className="text-sm" open={open || undefined}>
      <summary className="cursor-pointer text-brand-700 underline underline-offset-2">Rename<span className="sr-only">{` ${h.code}. ${h.title}`}</span></summary>
      <Form method="post" {...form.props} className="mt-2 space-y-2">
        <input type="hidden" name="intent" value="heading" />
        <input type="hidden" name="kind" value={h.kind} />
        <input type="hidden" name="code" value={h.code} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field field={fields.title} label={`New title for ${h.code}`} />
        <Button type="submit" variant="secondary">Save title</Button>
      </Form>
    </details>
  );
}

/** Delete an empty heading (a button: the refusal for one with items shows at the top of the page). */
export function DeleteHeading({ h }: { h: HeadingData }) {
  return (
    <Form method="post" className="mt-2">
      <input type="hidden" name="intent" value="delete-heading" />
      <input type="hidden" name="kind" value={h.kind} />
      <input type="hidden" name="code" value={h.code} />
      <Button type="submit" variant="secondary">Delete {h.code}<span className="sr-only">{`. ${h.title}`}</span></Button>
    </Form>
  );
}

export type AddHeadingData = { kind: string; parentCode: string | null; formId: string; summary: string; codeLabel: string; codeHint: string };

/** Add a domain, a principle under a domain or a standard under a principle: folded, works without JavaScript. */
export function AddHeading({ a, constraint, lastResult, open }: { a: AddHeadingData; constraint: FormConstraint; lastResult: SubmissionResult<string[]> | null; open: boolean }) {
  const [form, fields] = useServerForm<{ code: string; title: string; parentCode: string }>({ id: a.formId, lastResult, constraint });
  return (
    <details className="text-sm" open={open || undefined}>
      <summary className="cursor-pointer text-brand-700 underline underline-offset-2">{a.summary}</summary>
      <Form method="post" {...form.props} className="mt-2 space-y-2">
        <input type="hidden" name="intent" value="add-heading" />
        <input type="hidden" name="kind" value={a.kind} />
        <input type="hidden" name="parentCode" value={a.parentCode ?? ""} />
        <FormErrors id={form.errorId} errors={[...(form.errors ?? []), ...(fields.parentCode.errors ?? [])]} />
        <Field field={fields.code} label={a.codeLabel} hint={a.codeHint} />
        <Field field={fields.title} label="Title" />
        <Button type="submit" variant="secondary">{a.summary}</Button>
      </Form>
    </details>
  );
}

export function Items({ items, editable }: { items: ItemRow[]; editable: boolean }) {
  if (!items.length) return <p className="text-sm text-muted">No items.</p>;
  return (
    <ul className="divide-y divide-line">
      {items.map((i) => (
        <li key={i.id} className="space-y-1 py-2" data-item={i.code}>
          <p><span className="font-semibold">{i.code}</span>{` ${i.text}`}</p>
          <p className="text-xs text-muted">{i.levels}</p>
          <Link className="text-sm text-brand-700 underline underline-offset-2" to={i.href}>
            {editable ? "Edit" : "Details"}<span className="sr-only">{` item ${i.code}`}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function NewVersionForm({ orgId, constraint, lastResult }: { orgId: string; constraint: FormConstraint; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useServerForm<{ version: string }>({ id: "new-version", lastResult, constraint });
  return (
    <Form method="post" {...form.props} className="space-y-3">
      <input type="hidden" name="intent" value="new-version" />
      <input type="hidden" name="standardOrgId" value={orgId} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field field={fields.version} label="New version" hint="Letters, digits, dots and dashes, like 1.1-PA. It must differ from this one." />
      <Button type="submit">Start a new version</Button>
    </Form>
  );
}
