import { formConstraint } from "#app/ui/constraint";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { enterPublicForm, withPlatform } from "#app/db/tenant.server";
import { submitPublicApplication } from "#app/domain/admissions/applications.server";
import { getPublicApplyPage } from "#app/domain/admissions/queries.server";
import { PublicApplicationInput } from "#app/domain/admissions/schemas";
import { PUBLIC_APPLICATION_HONEYPOT, REFERRAL_SOURCES } from "#app/domain/admissions/labels";
import { HTTP_STATUS, isDomainError } from "#app/domain/errors.server";
import { notFound, requestMeta } from "#app/lib/http.server";
import { hit, LIMITS } from "#app/auth/rate-limit.server";
import { PublicErrorBoundary } from "#app/ui/error-boundary";
import { Button, Field, FormMessage, SelectField } from "#app/ui/form";
import { CheckboxField } from "#app/ui/choices";
import { HoneypotField, RadioGroupField, TextareaField } from "#app/ui/form-controls";
import { parseForm } from "#app/ui/parse-form";
import { useServerForm } from "#app/ui/server-form";
import { possessive } from "#app/ui/possessive";

/**
 * The public application form: anyone, no sign-in. The URL names the operator by its
 * public slug (`/apply/riverside`); the page shows the operator's name and its active
 * houses and never anything about other applicants. The answer to a stored, a
 * honeypot-caught or a repeated application is the same thank-you, with no id.
 *
 * (The parameter is `slug`, not `org`: `:org` marks member-only pages, which the
 * cross-tenant probe holds to 403/404.)
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Apply to ${data.orgName} · Hearth` : "Apply · Hearth" },
];

/** Checked in the action only (ADR 029): the page ships no zod; the loader sends the HTML constraints. */
const schema = PublicApplicationInput;
const MESSAGES = {
  applicantName: "Enter your name.",
  referralSource: "Choose how you heard about us.",
  consentToContact: "Tick this box so we can get in touch with you.",
};

/** Plain words for applicants (staff pages use REFERRAL_SOURCE_LABELS). */
const REFERRAL_OPTIONS: { value: (typeof REFERRAL_SOURCES)[number]; label: string }[] = [
  { value: "self", label: "I found you myself" },
  { value: "family", label: "Family or a friend" },
  { value: "treatment_program", label: "A treatment program" },
  { value: "court", label: "A court or drug court" },
  { value: "probation", label: "Probation or parole" },
  { value: "hospital", label: "A hospital" },
  { value: "other", label: "Somewhere else" },
];

async function loadPage(request: Request, slug: string | undefined) {
  const page = await withPlatform(requestMeta(request), (tx) => getPublicApplyPage(tx, slug ?? ""));
  if (!page) notFound("We couldn't find that organisation. Check the link you were given.");
  return page;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org, houses } = await loadPage(request, params.slug);
  return { orgName: org.name, houses: houses.map((h) => ({ value: h.id, label: h.name })), constraint: formConstraint(schema) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { org } = await loadPage(request, params.slug);
  const submission = parseForm(await request.formData(), schema, MESSAGES);
  if (submission.status !== "success") return data({ result: submission.reply(), sent: false }, { status: 400 });

  const meta = requestMeta(request);
  const limit = await withPlatform(meta, (tx) => hit(tx, `apply:ip:${meta.ip ?? "unknown"}`, LIMITS.applicationPerIp));
  if (!limit.allowed) {
    const minutes = Math.ceil(limit.retryAfterSeconds / 60);
    const message = `We've received several applications from this network in a short time. Please try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or contact ${org.name} directly.`;
    return data({ result: submission.reply({ formErrors: [message] }), sent: false }, { status: 429 });
  }
  try {
    // No user, no role: row-level security lets this context add one application and read nothing.
    await withPlatform(meta, async (tx) => {
      if (!(await enterPublicForm(tx, params.slug ?? ""))) notFound();
      return submitPublicApplication(tx, submission.value);
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return data({ result: submission.reply({ formErrors: [error.message] }), sent: false }, { status: HTTP_STATUS[error.kind] });
  }
  return { result: submission.reply({ resetForm: true }), sent: true };
}

export default function ApplyPage() {
  const { orgName, houses, constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useServerForm<{
    applicantName: string;
    phone: string;
    email: string;
    referralSource: string;
    referralDetail: string;
    desiredMoveIn: string;
    houseId: string;
    needs: string;
    consentToContact: boolean;
  }>({ id: "apply", lastResult: actionData?.sent ? null : actionData?.result, constraint });
  return (
    <div className="min-h-screen bg-brand-50 px-4 py-8">
      <main id="main" className="mx-auto w-full max-w-2xl rounded-xl border border-line bg-white p-6 shadow-sm">
        {actionData?.sent ? (
          <section aria-labelledby="thanks" className="space-y-4">
            <h1 id="thanks" className="text-2xl font-semibold">
              Thank you — we've received your application
            </h1>
            <p>
              Someone from {orgName} will get in touch with you using the phone number or email address you gave us.
              Reaching out takes courage, and we're glad you did.
            </p>
            <p className="text-muted">
              If you are in crisis right now, call or text 988 (the Suicide &amp; Crisis Lifeline), or call 911 in an
              emergency.
            </p>
          </section>
        ) : (
          <>
            <h1 className="text-2xl font-semibold">{`Apply to ${orgName}`}</h1>
            <p className="mt-2 text-muted">
              Thank you for reaching out. Tell us a little about yourself and how to reach you, and someone from{" "}
              {orgName} will contact you. Only {possessive(orgName)} staff will see what you write here.
            </p>
            <Form method="post" {...form.props} className="relative mt-6 space-y-5">
              <FormMessage>{form.errors?.join(" ")}</FormMessage>
              <Field field={fields.applicantName} label="Your name" inputProps={{ autoComplete: "name" }} />
              <fieldset className="space-y-3">
                <legend className="font-medium">How can we reach you?</legend>
                <p className="text-sm text-muted">Give at least one: a phone number or an email address.</p>
                <Field field={fields.phone} label="Phone number" type="tel" inputProps={{ autoComplete: "tel" }} />
                <Field field={fields.email} label="Email address" type="email" inputProps={{ autoComplete: "email" }} />
              </fieldset>
              <RadioGroupField field={fields.referralSource} legend="How did you hear about us?" options={REFERRAL_OPTIONS} />
              <Field
                field={fields.referralDetail}
                label="Name of the program or person who referred you (optional)"
                inputProps={{ autoComplete: "off" }}
              />
              <Field field={fields.desiredMoveIn} label="When would you like to move in? (optional)" type="date" />
              {houses.length ? (
                <SelectField
                  field={fields.houseId}
                  label="Which house would you prefer? (optional)"
                  options={[{ value: "", label: "No preference" }, ...houses]}
                />
              ) : null}
              <TextareaField
                field={fields.needs}
                label="Anything you'd like us to know? (optional)"
                hint="For example, the kind of house you are looking for (such as a women's house or one where children can stay), medications you take, or accessibility needs."
                rows={5}
              />
              <CheckboxField
                field={fields.consentToContact}
                label={`I agree that ${orgName} may contact me about this application by phone or email.`}
              />
              <HoneypotField name={PUBLIC_APPLICATION_HONEYPOT} />
              <Button type="submit">Send my application</Button>
            </Form>
          </>
        )}
        <p className="mt-8 text-sm text-muted">
          Powered by <Link to="/">Hearth</Link>.
        </p>
      </main>
    </div>
  );
}

export const ErrorBoundary = PublicErrorBoundary;
