import { getFormProps, useForm } from "@conform-to/react";
import { formConstraint } from "#app/ui/constraint";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAnonymous } from "#app/auth/guard.server";
import { login, LoginFormInput } from "#app/auth/login.server";
import { readSessionToken, sessionCookie } from "#app/auth/session.server";
import { requestMeta, safeRedirect } from "#app/lib/http.server";
import { AuthCard } from "#app/ui/auth-card";
import { CheckboxField } from "#app/ui/choices";
import { Button, Field, FormMessage } from "#app/ui/form";
import { attempt, invalid } from "#app/ui/forms.server";
import { parseForm } from "#app/ui/parse-form";

export const meta: MetaFunction = () => [{ title: "Sign in · Hearth" }];


export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  // The form's HTML constraints come from the schema on the server: the sign-in page, the
  // first one most people load, ships no zod (the action checks every field).
  return { constraint: formConstraint(LoginFormInput) };
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseForm(await request.formData(), LoginFormInput);
  if (submission.status !== "success") return invalid("login", submission, undefined, { hideFields: ["password"] });
  const { redirectTo, remember } = submission.value;
  return attempt({ formId: "login", submission, hideFields: ["password"] }, async () => {
    const signedIn = await login({ ...submission.value, previousToken: readSessionToken(request) }, requestMeta(request));
    const to = safeRedirect(redirectTo, "/orgs");
    const next = signedIn.twoFactorPending ? `/login/two-factor?redirectTo=${encodeURIComponent(to)}${remember ? "&remember=1" : ""}` : to;
    return redirect(next, { headers: { "Set-Cookie": sessionCookie(signedIn.token, signedIn.expiresAt) } });
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
