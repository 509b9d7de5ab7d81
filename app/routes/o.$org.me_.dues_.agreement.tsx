import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { termInWords } from "#app/domain/fees/agreement";
import { AcknowledgeInput, acknowledgeMyAgreement, myAgreement } from "#app/domain/fees/agreement.server";
import { formatDay, formatInZone } from "#app/lib/dates";
import { FormErrors } from "#app/ui/choices";
import { formConstraint } from "#app/ui/constraint";
import { redirectWithFlash } from "#app/ui/flash.server";
import { Button, Field, FormMessage } from "#app/ui/form";
import { attempt, invalid, type FormActionData } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";
import { parseForm } from "#app/ui/parse-form";
import { useServerForm } from "#app/ui/server-form";

/**
 * The resident's fee agreement (ADR 031): what they will be charged, how often and from
 * when, and their acknowledgement with the house documents' e-signature (typed full name,
 * time, IP, the content hash of exactly these terms). Charges wait until they acknowledge;
 * a change to their fees asks for a new acknowledgement. Checked in the action (ADR 029).
 */
export const meta: MetaFunction = () => [{ title: "My fee agreement · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const me = await withTenant(ctx.tenant, (tx) => myAgreement(tx, ctx.org.currency));
  const base = `/o/${ctx.org.slug}/me`;
  if (!me) return { base, linked: false as const };
  return {
    base,
    linked: true as const,
    houseName: me.stay.houseName,
    contentHash: me.contentHash,
    constraint: formConstraint(AcknowledgeInput),
    needsAck: me.needsAck,
    changed: me.needsAck && me.everSigned,
    signed: me.signed
      ? {
          typedName: me.signed.typedName,
          signedAt: formatInZone(me.signed.signedAt, me.stay.timeZone, "MMM d, yyyy, h:mm a"),
          paperSignedOn: me.signed.method === "paper" && me.signed.paperSignedOn ? formatDay(me.signed.paperSignedOn) : null,
        }
      : null,
    terms: me.terms.map((t) => {
      const w = termInWords(t, ctx.org.currency);
      return { id: t.scheduleId, name: w.name, amount: w.amount, how: w.how, scope: w.scope, dates: `From ${formatDay(w.from)}${w.to ? ` to ${formatDay(w.to)}` : ""}` };
    }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const submission = parseForm(await request.formData(), AcknowledgeInput);
  if (submission.status !== "success") return invalid("acknowledge", submission);
  return attempt({ formId: "acknowledge", submission, fields: ["typedName"] }, async () => {
    await withTenant(ctx.tenant, (tx) => acknowledgeMyAgreement(tx, submission.value, ctx.org.currency));
    return redirectWithFlash(`/o/${ctx.org.slug}/me/dues/agreement`, "signed");
  });
}

export default function MyFeeAgreement() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  const [form, fields] = useServerForm<{ contentHash: string; typedName: string }>({
    id: "acknowledge",
    lastResult: actionData?.formId === "acknowledge" ? actionData.result : null,
    constraint: d.linked ? d.constraint : {},
    defaultValue: { contentHash: d.linked ? d.contentHash : "", typedName: "" },
  });
  return (
    <article className="mx-auto max-w-2xl space-y-4">
      <PageHeader title="My fee agreement" description={<Link to={`${d.base}/dues`}>Back to my dues</Link>} />
      {!d.linked ? (
        <p className="rounded-lg border border-line bg-white p-4">Once your house links your account to your resident record and your stay, your fee agreement appears here.</p>
      ) : (
        <>
          {d.changed ? <FormMessage>Your fees changed — please review and acknowledge. New charges wait until you do.</FormMessage> : null}
          <Card title={`Fees at ${d.houseName}`}>
            {d.terms.length === 0 ? (
              <p className="text-muted">No fees apply to you.</p>
            ) : (
              <ul className="divide-y divide-line" aria-label="Fees">
                {d.terms.map((t) => (
                  <li key={t.id} className="py-2">
                    <p className="font-medium">{`${t.name}: ${t.amount}`}</p>
                    <p className="text-sm text-muted">{[t.how, t.scope, t.dates].join(" · ")}</p>
                  </li>
                ))}
              </ul>
            )}
            <p className="mt-2 text-sm text-muted">
              A part of a period (moving in mid-week, leaving mid-month) is charged by the day. Charges wait until you acknowledge these terms; then they are posted from when the terms applied.
            </p>
          </Card>
          {d.signed ? (
            <FormMessage kind="ok">
              {d.signed.paperSignedOn
                ? `Signed on paper on ${d.signed.paperSignedOn}, recorded by ${d.signed.typedName} on ${d.signed.signedAt}.`
                : `You acknowledged these terms as “${d.signed.typedName}” on ${d.signed.signedAt}.`}
            </FormMessage>
          ) : null}
          {!d.signed ? (
            <section aria-labelledby="ack-title" className="rounded-lg border border-line bg-white p-4">
              <h2 id="ack-title" className="mb-2 font-semibold">
                Acknowledge
              </h2>
              <Form method="post" {...form.props} className="space-y-3">
                <input type="hidden" name="contentHash" value={d.contentHash} />
                <FormErrors id={form.errorId} errors={form.errors} />
                <Field field={fields.typedName} label="Your full name" hint="Typing your name here is your signature: it says you have read these fees and agree to them." inputProps={{ autoComplete: "name" }} />
                <Button type="submit">Acknowledge my fees</Button>
              </Form>
            </section>
          ) : null}
          <p className="break-all text-sm text-muted">Content fingerprint (SHA-256): {d.contentHash}</p>
        </>
      )}
    </article>
  );
}
