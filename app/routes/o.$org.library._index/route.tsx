import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { can } from "#app/domain/permissions";
import { FormErrors } from "#app/ui/choices";
import type { FormConstraint } from "#app/ui/constraint";
import { Button, Field, FormMessage, PageNotices, SelectField } from "#app/ui/form";
import { badRequest } from "#app/lib/http.server";
import type { FormActionData } from "#app/ui/forms.server";
import { useFormKeys } from "#app/ui/form-keys";
import { pageErrorOf } from "#app/ui/page-error";
import { Card, EmptyState, PageHeader } from "#app/ui/page";
import { useServerForm } from "#app/ui/server-form";
import { libraryAction, libraryPage, libraryQuery } from "./view.server";

/**
 * The standards library of a certifying body (issue 13, capability 1; ADR 059): its own drafts
 * and published versions, every published standard (the built-in one and every certifier's,
 * a page at a time), and — for certifier administrators — the form that copies one into a new
 * draft. Auditors read. Statements: signing in (3), own versions, published standards.
 */
export const meta: MetaFunction = () => [{ title: "Standards library · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "library:read");
  const cursor = libraryQuery(request.url);
  if (!cursor) badRequest("That page of the library does not exist. Start from the first page.");
  const page = await libraryPage(ctx.tenant, ctx.org, cursor);
  return data({ ...page, canWrite: can(ctx.role, "library:write") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "library:write");
  return libraryAction(request, ctx.tenant, ctx.org.slug);
}

type Row = { key: string; href: string; title: string; detail: string };

function Rows({ rows, label }: { rows: Row[]; label: string }) {
  return (
    <ul className="divide-y divide-line" aria-label={label}>
      {rows.map((r) => (
        <li key={r.key} className="py-3">
          <Link className="font-medium text-brand-700 underline underline-offset-2" to={r.href}>{r.title}</Link>
          <p className="text-sm text-muted">{r.detail}</p>
        </li>
      ))}
    </ul>
  );
}

type CloneValues = { source: string; name: string; version: string; publisher: string };

function CloneForm({ sources, constraint, lastResult }: { sources: { value: string; label: string }[]; constraint: FormConstraint; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useServerForm<CloneValues>({ id: "clone", lastResult, constraint, defaultValue: { source: sources[0]?.value } });
  return (
    <Card title="Copy a standard into a new draft">
      <p className="mb-4 text-sm text-muted">Start your state's version from a published standard: the copy keeps every heading and item, and you edit it before publishing.</p>
      <Form method="post" {...form.props} className="space-y-4">
        <input type="hidden" name="intent" value="clone" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField field={fields.source} label="Standard to copy" options={sources} />
        <Field field={fields.name} label="Name (optional)" hint="Empty: the name of the standard you copy." />
        <Field field={fields.version} label="Version" hint="Letters, digits, dots and dashes, like 1.0-PA." />
        <Field field={fields.publisher} label="Publisher (optional)" hint="Empty: your organisation's name." />
        <Button type="submit">Copy into a draft</Button>
      </Form>
    </Card>
  );
}

export default function LibraryPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const keyFor = useFormKeys(actionData);
  const pageError = pageErrorOf(actionData, [page.canWrite && "clone"]);
  return (
    <div className="space-y-6">
      <PageHeader title="Standards library" description="The standards operators assess their houses against: yours, and every published one." />
      <PageNotices notice={actionData?.notice} error={null}>
        {pageError ? <FormMessage>{pageError}</FormMessage> : null}
      </PageNotices>
      <Card title="Your versions">
        {page.own.length ? <Rows rows={page.own} label="Your versions" /> : <EmptyState title="No versions of your own yet">Copy a published standard to start one.</EmptyState>}
      </Card>
      <Card title="Published standards">
        {page.published.length ? <Rows rows={page.published} label="Published standards" /> : <EmptyState title="No more published standards" />}
        <p className="mt-3 flex gap-4 text-sm">
          {page.paged ? <Link to={page.first}>First page</Link> : null}
          {page.next ? <Link to={page.next}>More standards</Link> : null}
        </p>
      </Card>
      {page.canWrite ? (
        <CloneForm key={keyFor("clone")} sources={page.clone.sources} constraint={page.clone.constraint} lastResult={actionData?.formId === "clone" ? actionData.result : null} />
      ) : null}
    </div>
  );
}
