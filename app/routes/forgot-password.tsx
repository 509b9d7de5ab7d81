import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { formConstraint } from "#app/ui/constraint";
import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { requestPasswordReset } from "#app/auth/password-reset.server";
import { requestMeta } from "#app/lib/http.server";
import { AuthCard } from "#app/ui/auth-card";
import { Button, Field, FormMessage } from "#app/ui/form";

export const meta: MetaFunction = () => [{ title: "Reset your password · Hearth" }];

const schema = z
  .object({
    email: z.string({ error: "Enter your email address." }).trim().max(254, "Use at most 254 characters.").email("Enter a valid email address."),
  })
  .strict();

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== "success") return data({ result: submission.reply(), sent: false }, { status: 400 });
  const outcome = await requestPasswordReset(submission.value.email, requestMeta(request));
  if (!outcome.ok) {
    const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
    const message = `Too many reset requests. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
    return data({ result: submission.reply({ formErrors: [message] }), sent: false }, { status: 429 });
  }
  // The same answer whether or not the address has an account.
  return data({ result: submission.reply({ resetForm: true }), sent: true });
}

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "forgot-password",
    lastResult: actionData?.result,
    constraint: formConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <AuthCard title="Reset your password">
      {actionData?.sent ? (
        <div className="space-y-4">
          <FormMessage kind="ok">
            If an account exists for that email address, we've sent it a link to reset the password. The link works
            once and expires in one hour.
          </FormMessage>
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
