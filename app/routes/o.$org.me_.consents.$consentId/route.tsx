import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { getMyConsent, revokeConsent, signConsent } from "#app/domain/consents/consents.server";
import { CONSENT_STATUS_LABELS, EXPIRY_EVENT_LABELS, INFORMATION_LABELS, PURPOSE_LABELS, RECIPIENT_KIND_LABELS, REVOCATION_TEXT } from "#app/domain/consents/labels";
import { formatInZone } from "#app/lib/dates";
import { FormErrors } from "#app/ui/choices";
import { formConstraint } from "#app/ui/constraint";
import { redirectWithFlash } from "#app/ui/flash.server";
import { Button, Field, FormMessage } from "#app/ui/form";
import { intent, orErrorPage, runIntent, uuidParam } from "#app/ui/forms.server";
import { pageErrorOf } from "#app/ui/page-error";
import { useServerForm } from "#app/ui/server-form";
import { revokeSchema, signSchema } from "./forms.server";

/**
 * One consent as the resident reads it: every element, the right to revoke and how; the
 * signing form while it waits (typed name; works without JavaScript), Revoke while it is
 * active. The page is their copy: it prints without the app's frame.
 */
export const meta: MetaFunction = () => [{ title: "Consent · Hearth" }];

const NOT_FOUND_CONSENT = "We couldn't find that consent.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const consentId = uuidParam(params.consentId, NOT_FOUND_CONSENT);
  const c = await orErrorPage(withTenant(ctx.tenant, (tx) => getMyConsent(tx, consentId)), NOT_FOUND_CONSENT);
  const when = (d: Date) => formatInZone(d, c.timeZone, "MMM d, yyyy, h:mm a");
  return {
    // Checked in the action only (ADR 029): the page ships no zod.
    constraint: formConstraint(signSchema),
    base: `/o/${ctx.org.slug}/me`,
    id: c.id,
    orgName: ctx.org.name,
    residentName: c.residentName,
    recipient: `${c.recipientName} — ${RECIPIENT_KIND_LABELS[c.recipientKind]}`,
    purpose: PURPOSE_LABELS[c.purpose] + (c.purposeDetail ? `: ${c.purposeDetail}` : ""),
    information: c.information.map((i) => INFORMATION_LABELS[i]),
    ends: [c.expiresOn ? `On ${c.expiresOn}` : null, c.expiryEvent ? EXPIRY_EVENT_LABELS[c.expiryEvent as "end_of_stay"] : null].filter(Boolean).join(", or "),
    status: CONSENT_STATUS_LABELS[c.status],
    canSign: c.status === "waiting",
    canRevoke: c.status === "active",
    signed: c.signedAt ? `Signed as “${c.typedName}” on ${when(c.signedAt)}${c.signedIp ? ` from ${c.signedIp}` : ""}.` : null,
    revoked: c.revokedAt ? `Revoked on ${when(c.revokedAt)}.` : null,
    prepared: when(c.preparedAt),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const consentId = uuidParam(params.consentId, NOT_FOUND_CONSENT);
  const formData = await request.formData();
  return runIntent(formData, {
    sign: intent({
      schema: signSchema,
      formId: "sign",
      fields: ["typedName"],
      notFoundMessage: NOT_FOUND_CONSENT,
      run: async ({ typedName }) => {
        await withTenant(ctx.tenant, (tx) => signConsent(tx, { consentId, typedName }));
        return redirectWithFlash(`/o/${ctx.org.slug}/me/consents`, "signed");
      },
    }),
    revoke: intent({
      schema: revokeSchema,
      formId: "revoke",
      button: true,
      notFoundMessage: NOT_FOUND_CONSENT,
      run: async () => {
        await withTenant(ctx.tenant, (tx) => revokeConsent(tx, consentId, { mine: true }));
        return redirectWithFlash(`/o/${ctx.org.slug}/me/consents`, "revoked");
      },
    }),
  });
}

type ActionData = { formId: string; error: string | null; result: SubmissionResult<string[]> | null; pageError: string | null };

export default function MyConsent() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [form, fields] = useServerForm<{ consentId: string; typedName: string }>({
    id: "sign",
    lastResult: actionData?.formId === "sign" ? actionData.result : undefined,
    constraint: d.constraint,
    defaultValue: { consentId: d.id },
  });
  const pageError = pageErrorOf(actionData, [d.canSign && "sign"]);
  return (
    <article className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-semibold">Consent to share information</h1>
      <p className="text-sm print:hidden">
        <Link to={`${d.base}/consents`}>My consents</Link> · Use your browser&apos;s Print command to keep a copy.
      </p>
      {pageError ? <FormMessage>{pageError}</FormMessage> : null}
      <dl className="space-y-2 rounded-lg border border-line bg-white p-4">
        <div><dt className="font-medium">Status</dt><dd>{d.status}</dd></div>
        <div><dt className="font-medium">Whose information</dt><dd>{d.residentName}</dd></div>
        <div><dt className="font-medium">Who may share it</dt><dd>{d.orgName}</dd></div>
        <div><dt className="font-medium">Who may receive it</dt><dd>{d.recipient}</dd></div>
        <div><dt className="font-medium">Why</dt><dd>{d.purpose}</dd></div>
        <div>
          <dt className="font-medium">What, and how much</dt>
          <dd><ul className="list-disc pl-5">{d.information.map((i) => <li key={i}>{i}</li>)}</ul></dd>
        </div>
        <div><dt className="font-medium">Ends</dt><dd>{d.ends}</dd></div>
        <div><dt className="font-medium">Prepared</dt><dd>{d.prepared}</dd></div>
        <div><dt className="font-medium">Your right to revoke</dt><dd>{REVOCATION_TEXT}</dd></div>
        {d.signed ? <div><dt className="font-medium">Signature</dt><dd>{d.signed}</dd></div> : null}
        {d.revoked ? <div><dt className="font-medium">Revoked</dt><dd>{d.revoked}</dd></div> : null}
      </dl>
      {d.canSign ? (
        <section aria-labelledby="sign-title" className="rounded-lg border border-line bg-white p-4 print:hidden">
          <h2 id="sign-title" className="mb-2 font-semibold">Sign</h2>
          <Form method="post" {...form.props} className="space-y-3">
            <input type="hidden" name="intent" value="sign" />
            <input type="hidden" name="consentId" value={d.id} />
            <FormErrors id={form.errorId} errors={form.errors} />
            <Field field={fields.typedName} label="Your full name" hint="Typing your name is your signature: it says you agree to this sharing. You don't have to sign." inputProps={{ autoComplete: "name" }} />
            <Button type="submit">Sign consent</Button>
          </Form>
        </section>
      ) : null}
      {d.canRevoke ? (
        <Form method="post" className="print:hidden">
          <input type="hidden" name="consentId" value={d.id} />
          <Button type="submit" name="intent" value="revoke" variant="danger">Revoke this consent</Button>
        </Form>
      ) : null}
    </article>
  );
}
