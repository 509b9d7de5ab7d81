import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { TwoFactorLoginInput } from "#app/auth/forms.server";
import { findPendingTwoFactor, readSessionToken, sessionCookie } from "#app/auth/session.server";
import { verifyLoginCode } from "#app/auth/two-factor.server";
import { withPlatform } from "#app/db/tenant.server";
import { requestMeta, safeRedirect } from "#app/lib/http.server";
import { AuthCard } from "#app/ui/auth-card";
import { Button, Field, FormMessage } from "#app/ui/form";
import { attempt, invalid } from "#app/ui/forms.server";
import { formConstraint } from "#app/ui/constraint";
import { parseForm } from "#app/ui/parse-form";
import { useServerForm } from "#app/ui/server-form";

export const meta: MetaFunction = () => [{ title: "Enter your code · Hearth" }];


// Only a session that has passed the password and waits for a code may see this page.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = readSessionToken(request);
  const pending = token ? await withPlatform(requestMeta(request), (tx) => findPendingTwoFactor(tx, token)) : null;
  if (!pending) throw redirect("/login");
  // Checked in the action only (ADR 029): the page ships no zod.
  return { constraint: formConstraint(TwoFactorLoginInput) };
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseForm(await request.formData(), TwoFactorLoginInput);
  if (submission.status !== "success") return invalid("two-factor-login", submission, undefined, { hideFields: ["code"] });
  const { code, remember, redirectTo } = submission.value;
  const token = readSessionToken(request) ?? "";
  // No waiting session (expired, or too many wrong codes): start again with the password.
  return attempt({ formId: "two-factor-login", submission, fields: ["code"], hideFields: ["code"], goneTo: "/login" }, async () => {
    const accepted = await verifyLoginCode({ token, code, remember: remember === "1" }, requestMeta(request));
    return redirect(safeRedirect(redirectTo, "/orgs"), { headers: { "Set-Cookie": sessionCookie(accepted.token, accepted.expiresAt) } });
  });
}

export default function TwoFactorLoginPage() {
  const { constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useServerForm<{ code: string }>({ id: "two-factor-login", lastResult: actionData?.result, constraint });
  return (
    <AuthCard title="Enter your code">
      <Form method="post" {...form.props} className="space-y-4">
        <p className="text-muted">Open your authenticator app and enter the 6-digit code for Hearth. Lost your phone? Enter one of your recovery codes.</p>
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        {searchParams.get("remember") === "1" ? <input type="hidden" name="remember" value="1" /> : null}
        <Field field={fields.code} label="Code" inputProps={{ autoComplete: "one-time-code", inputMode: "text", autoFocus: true }} />
        <Button type="submit" className="w-full">
          Sign in
        </Button>
      </Form>
      <p className="mt-6 text-sm">
        <Link to="/login">Start again</Link>
      </p>
    </AuthCard>
  );
}
