import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { SignupInput } from "#app/auth/forms.server";
import { requireAnonymous } from "#app/auth/guard.server";
import { signUp } from "#app/auth/signup.server";
import { requestMeta } from "#app/lib/http.server";
import { COMMON_TIME_ZONES, CURRENCIES } from "#app/lib/zones";
import { AuthCard } from "#app/ui/auth-card";
import { Button, Field, FormMessage, SelectField, NewPasswordField } from "#app/ui/form";
import { attempt, invalid } from "#app/ui/forms.server";
import { formConstraint } from "#app/ui/constraint";
import { parseForm } from "#app/ui/parse-form";
import { useServerForm } from "#app/ui/server-form";

export const meta: MetaFunction = () => [{ title: "Create an account · Hearth" }];


export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  // Checked in the action only (ADR 029): the page ships no zod.
  return { constraint: formConstraint(SignupInput) };
}

/** The same answer whether or not the address has an account. */
const SENT =
  "We've sent a message to the address you entered. Open the link in it to finish creating your account. The link works once and expires in 24 hours.";

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseForm(await request.formData(), SignupInput);
  if (submission.status !== "success") return invalid("signup", submission, undefined, { hideFields: ["password"] });
  return attempt({ formId: "signup", submission, fields: ["password"], hideFields: ["password"], resetForm: true }, async () => {
    await signUp(submission.value, requestMeta(request));
    return SENT;
  });
}

export default function SignupPage() {
  const { constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useServerForm<{ name: string; email: string; password: string; orgName: string; timeZone: string; currency: string }>({
    id: "signup",
    lastResult: actionData?.result,
    constraint,
    defaultValue: { timeZone: "America/New_York", currency: "USD" },
  });
  if (actionData?.notice) {
    return (
      <AuthCard title="Check your email">
        <FormMessage kind="ok">{actionData.notice}</FormMessage>
        <p className="mt-4 text-sm text-muted">Nothing arrived after a few minutes? Check your spam folder, or try again.</p>
        <p className="mt-6 text-sm">
          <Link to="/login">Back to sign in</Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Create an operator account">
      <p className="mb-4 text-muted">
        Set up your organisation. You can add houses and invite your team next. Residents and certifiers are invited by
        an organisation — they don't sign up here.
      </p>
      <Form method="post" {...form.props} className="space-y-4">
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <Field field={fields.name} label="Your name" inputProps={{ autoComplete: "name" }} />
        <Field field={fields.email} label="Email" type="email" inputProps={{ autoComplete: "email" }} />
        <NewPasswordField field={fields.password} />
        <Field field={fields.orgName} label="Organisation name" inputProps={{ autoComplete: "organization" }} />
        <SelectField
          field={fields.timeZone}
          label="Time zone"
          options={COMMON_TIME_ZONES.map((z) => ({ value: z, label: z.replace("_", " ") }))}
        />
        <SelectField field={fields.currency} label="Currency" options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
        <Button type="submit" className="w-full">
          Create account
        </Button>
      </Form>
      <p className="mt-6 text-sm">
        Already have an account? <Link to="/login">Sign in</Link>
      </p>
    </AuthCard>
  );
}
