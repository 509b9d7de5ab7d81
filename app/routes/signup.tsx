import { getFormProps, useForm } from "@conform-to/react";
import { formConstraint } from "#app/ui/constraint";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { requireAnonymous } from "#app/auth/guard.server";
import { PASSWORD_MAX, passwordProblem } from "#app/auth/password-policy";
import { signUp } from "#app/auth/signup.server";
import { requestMeta } from "#app/lib/http.server";
import { COMMON_TIME_ZONES, CURRENCIES, isValidTimeZone } from "#app/lib/zones";
import { AuthCard } from "#app/ui/auth-card";
import { Button, Field, FormMessage, SelectField, NewPasswordField } from "#app/ui/form";
import { plain } from "#app/lib/fields";
import { attempt, invalid } from "#app/ui/forms.server";
import { parseForm } from "#app/ui/parse-form";

export const meta: MetaFunction = () => [{ title: "Create an account · Hearth" }];

const schema = z
  .object({
    name: plain(z.string({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(120)),
    email: z.string({ error: "Enter your email address." }).trim().max(254).email("Enter a valid email address."),
    password: z.string({ error: "Choose a password." }).max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
    orgName: plain(z.string({ error: "Enter your organisation's name." }).trim().min(2, "Enter your organisation's name.").max(120)),
    timeZone: z.string({ error: "Choose a time zone." }).refine(isValidTimeZone, "Choose a valid time zone."),
    currency: z.enum(CURRENCIES, { error: "Choose a currency." }),
  })
  .strict()
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v.password, { email: v.email, name: v.name });
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

/** The same answer whether or not the address has an account. */
const SENT =
  "We've sent a message to the address you entered. Open the link in it to finish creating your account. The link works once and expires in 24 hours.";

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseForm(await request.formData(), schema);
  if (submission.status !== "success") return invalid("signup", submission, undefined, { hideFields: ["password"] });
  return attempt({ formId: "signup", submission, fields: ["password"], hideFields: ["password"], resetForm: true }, async () => {
    await signUp(submission.value, requestMeta(request));
    return SENT;
  });
}

export default function SignupPage() {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "signup",
    lastResult: actionData?.result,
    constraint: formConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { timeZone: "America/New_York", currency: "USD" },
    onValidate: ({ formData }) => parseForm(formData, schema),
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
      <Form method="post" {...getFormProps(form)} className="space-y-4">
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
