import { formConstraint } from "#app/ui/constraint";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { createApplication } from "#app/domain/admissions/applications.server";
import { ApplicationInput } from "#app/domain/admissions/schemas";
import { REFERRAL_SOURCE_LABELS, REFERRAL_SOURCES } from "#app/domain/admissions/labels";
import { listHouses } from "#app/domain/houses/houses.server";
import { Button, Field, FormMessage, SelectField } from "#app/ui/form";
import { CheckboxField } from "#app/ui/choices";
import { RadioGroupField, TextareaField } from "#app/ui/form-controls";
import { attempt, invalid } from "#app/ui/forms.server";
import { parseForm } from "#app/ui/parse-form";
import { useServerForm } from "#app/ui/server-form";
import { IntakeFactFields } from "#app/ui/intake-fields";
import { PageHeader } from "#app/ui/page";

export const meta: MetaFunction = () => [{ title: "Add an application · Hearth" }];

/** Checked in the action only (ADR 029): the page ships no zod; the loader sends the HTML constraints. */
const schema = ApplicationInput;
const MESSAGES = {
  applicantName: "Enter the applicant's name.",
  referralSource: "Choose a referral source.",
  consentToContact: "Confirm that the applicant agreed to be contacted.",
};
const REFERRAL_OPTIONS = REFERRAL_SOURCES.map((value) => ({ value, label: REFERRAL_SOURCE_LABELS[value] }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "applications:write");
  const houses = await withTenant(ctx.tenant, (tx) => listHouses(tx));
  return { houses: houses.map((h) => ({ value: h.id, label: h.name })), constraint: formConstraint(schema) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "applications:write");
  const submission = parseForm(await request.formData(), schema, MESSAGES);
  if (submission.status !== "success") return invalid("application", submission);
  return attempt({ formId: "application", submission }, async () => {
    const { id } = await withTenant(ctx.tenant, (tx) => createApplication(tx, submission.value));
    return redirect(`/o/${ctx.org.slug}/applications/${id}`);
  });
}

export default function NewApplication() {
  const { houses, constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const base = `/o/${useParams().org}/applications`;
  const [form, fields] = useServerForm<ApplicationInput>({ id: "application", lastResult: actionData?.result, constraint });
  return (
    <>
      <PageHeader title="Add an application" description="For referrals that reach you by phone, email or in person." />
      <Form method="post" {...form.props} className="max-w-2xl space-y-5 rounded-lg border border-line bg-white p-4">
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <Field field={fields.applicantName} label="Applicant's name" inputProps={{ autoComplete: "off" }} />
        <fieldset className="space-y-3">
          <legend className="font-medium">Contact</legend>
          <p className="text-sm text-muted">At least one: a phone number or an email address.</p>
          <Field field={fields.phone} label="Phone" type="tel" inputProps={{ autoComplete: "off" }} />
          <Field field={fields.email} label="Email" type="email" inputProps={{ autoComplete: "off" }} />
        </fieldset>
        <RadioGroupField field={fields.referralSource} legend="Referral source" options={REFERRAL_OPTIONS} />
        <Field field={fields.referralDetail} label="Referral details (optional)" hint="The program, court or person who referred them." />
        <Field field={fields.desiredMoveIn} label="Desired move-in date (optional)" type="date" />
        <SelectField field={fields.houseId} label="House preference" options={[{ value: "", label: "Any house" }, ...houses]} />
        <TextareaField
          field={fields.needs}
          label="Population / needs (optional)"
          hint="In the applicant's words: who they hope to live with, medications, accessibility, children."
          rows={4}
        />
        <IntakeFactFields fields={fields} withRecoveryDate />
        <CheckboxField field={fields.consentToContact} label="The applicant agreed to be contacted about this application" />
        <div className="flex flex-wrap items-center gap-4">
          <Button type="submit">Add application</Button>
          <Link to={base}>Cancel</Link>
        </div>
      </Form>
    </>
  );
}
