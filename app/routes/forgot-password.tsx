import { type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ForgotPasswordInput } from "#app/auth/forms.server";
import { requestPasswordReset } from "#app/auth/password-reset.server";
import { requestMeta } from "#app/lib/http.server";
import { AuthCard } from "#app/ui/auth-card";
import { Button, Field, FormMessage } from "#app/ui/form";
import { attempt, invalid } from "#app/ui/forms.server";
import { formConstraint } from "#app/ui/constraint";
import { parseForm } from "#app/ui/parse-form";
import { useServerForm } from "#app/ui/server-form";

export const meta: MetaFunction = () => [{ title: "Reset your password · Hearth" }];

/** The same answer whether or not the address has an account. */
const SENT =
  "If an account exists for that email address, we've sent it a link to reset the password. The link works once and expires in one hour.";

/** Checked in the action only (ADR 029): the page ships no zod. */
export function loader() {
  return { constraint: formConstraint(ForgotPasswordInput) };
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseForm(await request.formData(), ForgotPasswordInput);
  if (submission.status !== "success") return invalid("forgot-password", submission);
  return attempt({ formId: "forgot-password", submission, resetForm: true }, async () => {
    await requestPasswordReset(submission.value.email, requestMeta(request));
    return SENT;
  });
}

export default function ForgotPasswordPage() {
  const { constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useServerForm<{ email: string }>({ id: "forgot-password", lastResult: actionData?.result, constraint });
  return (
    <AuthCard title="Reset your password">
      {actionData?.notice ? (
        <div className="space-y-4">
          <FormMessage kind="ok">{actionData.notice}</FormMessage>
          <p className="text-sm text-muted">Nothing arrived after a few minutes? Check your spam folder, or try again.</p>
        </div>
      ) : (
        <Form method="post" {...form.props} className="space-y-4">
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
