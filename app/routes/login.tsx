import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { formConstraint } from "#app/ui/constraint";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAnonymous } from "#app/auth/guard.server";
import { login, LoginFormInput } from "#app/auth/login.server";
import { readSessionToken, sessionCookie } from "#app/auth/session.server";
import { requestMeta, safeRedirect } from "#app/lib/http.server";
import { AuthCard } from "#app/ui/auth-card";
import { CheckboxField } from "#app/ui/choices";
import { Button, Field, FormMessage } from "#app/ui/form";

export const meta: MetaFunction = () => [{ title: "Sign in · Hearth" }];


export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  // The form's HTML constraints come from the schema on the server: the sign-in page, the
  // first one most people load, ships no zod (the action checks every field).
  return { constraint: formConstraint(LoginFormInput) };
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: LoginFormInput });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const result = await login(
    { ...submission.value, previousToken: readSessionToken(request) },
    requestMeta(request),
  );
  const to = safeRedirect(submission.value.redirectTo, "/orgs");
  if (result.ok && result.twoFactorPending) {
    return redirect(`/login/two-factor?redirectTo=${encodeURIComponent(to)}${submission.value.remember ? "&remember=1" : ""}`, {
      headers: { "Set-Cookie": sessionCookie(result.token, result.expiresAt) },
    });
  }
  if (!result.ok) {
    const minutes = result.reason === "rate_limited" ? Math.ceil(result.retryAfterSeconds / 60) : 0;
    const message =
      result.reason === "rate_limited"
        ? `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or reset your password.`
        : "That email and password don't match an account.";
    return data(
      { result: submission.reply({ formErrors: [message], hideFields: ["password"] }) },
      { status: result.reason === "rate_limited" ? 429 : 400 },
    );
  }
  return redirect(to, {
    headers: { "Set-Cookie": sessionCookie(result.token, result.expiresAt) },
  });
}

export default function LoginPage() {
  const { constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<{ email: string; password: string; remember: boolean; redirectTo: string }>({ id: "login", lastResult: actionData?.result, constraint });
  return (
    <AuthCard title="Sign in to Hearth">
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field field={fields.email} label="Email" type="email" inputProps={{ autoComplete: "email", autoFocus: true }} />
        <Field field={fields.password} label="Password" type="password" inputProps={{ autoComplete: "current-password" }} />
        <CheckboxField
          field={fields.remember}
          label="Keep me signed in"
          hint="Only on your own phone or computer. Team accounts always sign out after 30 minutes without activity."
        />
        <Button type="submit" className="w-full">
          Sign in
        </Button>
      </Form>
      <div className="mt-6 space-y-2 text-sm">
        <p>
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
        <p>
          New operator? <Link to="/signup">Create an account for your organisation</Link>
        </p>
      </div>
    </AuthCard>
  );
}
