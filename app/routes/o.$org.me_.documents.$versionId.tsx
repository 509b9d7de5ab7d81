import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { DOCUMENT_KIND_LABELS } from "#app/domain/documents/schemas";
import { renderMarkdown } from "#app/domain/documents/render.server";
import { getDocumentForResident, signDocument } from "#app/domain/documents/signatures.server";
import { formatInZone } from "#app/lib/dates";
import { FormErrors } from "#app/ui/choices";
import { formConstraint } from "#app/ui/constraint";
import { signSchema } from "#app/ui/document-forms.server";
import { DocumentText } from "#app/ui/documents";
import { redirectWithFlash } from "#app/ui/flash.server";
import { Button, Field, FormMessage } from "#app/ui/form";
import { attempt, invalid, orErrorPage } from "#app/ui/forms.server";
import { PageHeader } from "#app/ui/page";
import { NOT_FOUND, versionIdParam } from "#app/ui/params.server";
import { parseForm } from "#app/ui/parse-form";
import { useServerForm } from "#app/ui/server-form";

/**
 * A resident reads one version of a house document and, when it is the one in force for
 * them and not yet signed, signs it by typing their full name.
 */
export const meta: MetaFunction = () => [{ title: "House document · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const versionId = versionIdParam(params);
  const doc = await orErrorPage(withTenant(ctx.tenant, (tx) => getDocumentForResident(tx, versionId)), NOT_FOUND.document);
  const day = (d: Date) => formatInZone(d, ctx.org.timeZone, "MMM d, yyyy");
  return {
    // Checked in the action only (ADR 029): the page ships no zod.
    constraint: formConstraint(signSchema),
    base: `/o/${ctx.org.slug}/me`,
    versionId: doc.id,
    title: DOCUMENT_KIND_LABELS[doc.kind],
    detail: `${doc.houseName ?? "For every house"} · version ${doc.version}, published ${day(doc.publishedAt)}`,
    html: renderMarkdown(doc.body),
    hash: doc.contentHash,
    canSign: doc.current && !doc.signature,
    replaced: !doc.current && !doc.signature,
    signature: doc.signature ? { typedName: doc.signature.typedName, signedAt: formatInZone(doc.signature.signedAt, ctx.org.timeZone, "MMM d, yyyy, h:mm a") } : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const versionId = versionIdParam(params);
  const formData = await request.formData();
  const submission = parseForm(formData, signSchema);
  if (submission.status !== "success") return invalid("sign", submission);
  if (submission.value.versionId !== versionId) return invalid("sign", submission, "This form is for another document. Reload the page.");
  return attempt({ formId: "sign", submission, fields: ["typedName"], notFoundMessage: NOT_FOUND.document }, async () => {
    await withTenant(ctx.tenant, (tx) => signDocument(tx, submission.value));
    return redirectWithFlash(`/o/${ctx.org.slug}/me/documents`, "signed");
  });
}

export default function ReadAndSign() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useServerForm<{ versionId: string; typedName: string }>({
    id: "sign",
    lastResult: actionData?.result,
    constraint: d.constraint,
    defaultValue: { versionId: d.versionId },
  });
  return (
    <article className="mx-auto max-w-2xl space-y-4">
      <PageHeader title={d.title} description={d.detail} />
      <p className="text-sm">
        <Link to={`${d.base}/documents`}>My house documents</Link> · <Link to={d.base}>My home</Link>
      </p>
      <div className="rounded-lg border border-line bg-white p-4">
        <DocumentText html={d.html} />
      </div>
      {d.signature ? (
        <FormMessage kind="ok">
          {`You signed this version as “${d.signature.typedName}” on ${d.signature.signedAt}.`}
        </FormMessage>
      ) : null}
      {d.replaced ? (
        <p className="rounded-md border border-line bg-white p-3">
          This version has been replaced by a newer one. <Link to={`${d.base}/documents`}>See the current version to sign</Link>.
        </p>
      ) : null}
      {d.canSign ? (
        <section aria-labelledby="sign-title" className="rounded-lg border border-line bg-white p-4">
          <h2 id="sign-title" className="mb-2 font-semibold">
            Sign
          </h2>
          <Form method="post" {...form.props} className="space-y-3">
            <input type="hidden" name="versionId" value={d.versionId} />
            <FormErrors id={form.errorId} errors={form.errors} />
            <Field
              field={fields.typedName}
              label="Your full name"
              hint="Typing your name here is your signature: it says you have read this version."
              inputProps={{ autoComplete: "name" }}
            />
            <Button type="submit">Sign version</Button>
          </Form>
        </section>
      ) : null}
      <p className="break-all text-sm text-muted">Content fingerprint (SHA-256): {d.hash}</p>
    </article>
  );
}
