import { getFormProps, useForm } from "@conform-to/react";
import { formConstraint } from "#app/ui/constraint";
import { type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { requestPasswordReset } from "#app/auth/password-reset.server";
import { requestMeta } from "#app/lib/http.server";
import { AuthCard } from "#app/ui/auth-card";
import { Button, Field, FormMessage } from "#app/ui/form";
import { attempt, invalid } from "#app/ui/forms.server";
import { parseForm } from "#app/ui/parse-form";

export const meta: MetaFunction = () => [{ title: "Reset your password · Hearth" }];

const schema = z
  .object({
    email: z.string({ error: "Enter your email address." }).trim().max(254, "Use at most 254 characters.").email("Enter a valid email address."),
  })
  .strict();

/** The same answer whether or not the address has an account. */
const SENT =
  "If an account exists for that email address, we've sent it a link to reset the password. The link works once and expires in one hour.";

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseForm(await request.formData(), schema);
  if (submission.status !== "success") return invalid("forgot-password", submission);
  return attempt({ formId: "forgot-password", submission, resetForm: true }, async () => {
    await requestPasswordReset(submission.value.email, requestMeta(request));
    return SENT;
  });
}

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "forgot-password",
    lastResult: actionData?.result,
    constraint: formConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseForm(formData, schema),
  });
  return (
    <AuthCard title="Reset your password">
      {actionData?.notice ? (
        <div className="space-y-4">
          <FormMessage kind="ok">{actionData.notice}</FormMessage>
          <p className="text-sm text-muted">Nothing arrived after a few minutes? Check your spam folder, or try again.</p>
        </div>
      ) : (
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <p className="text-muted">Enter the email address you sign in with. We'll email you a link to choose a new password.</p>
          <FormMessage>{form.errors?.join(" ")}</FormMessage>
          <Field field={fields.email} label="Email" type="email" inputProps={{ autoComplete: "email" }} />
          <Button type="submit" className="w-full">
            Send reset link
          </Button>
        </Form>
      )}
      <p className="mt-6 text-sm">
        <Link to="/login">Back to sign in</Link>
      </p>
    </AuthCard>
  );
}
