import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ResetPasswordInput } from "#app/auth/forms.server";
import { checkResetToken, resetPassword, type ResetTokenStatus } from "#app/auth/password-reset.server";
import { sessionCookie } from "#app/auth/session.server";
import { requestMeta } from "#app/lib/http.server";
import { AuthCard } from "#app/ui/auth-card";
import { Button, FormMessage, NewPasswordField } from "#app/ui/form";
import { attempt, invalid } from "#app/ui/forms.server";
import { formConstraint } from "#app/ui/constraint";
import { parseForm } from "#app/ui/parse-form";
import { useServerForm } from "#app/ui/server-form";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Hearth" }];

type Unusable = Exclude<ResetTokenStatus, "valid">;
const isUnusable = (v: unknown): v is Unusable => v === "unknown" || v === "expired" || v === "used";
const httpStatus = (s: Unusable) => (s === "unknown" ? 404 : 410);

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const status = await checkResetToken(token, requestMeta(request));
  if (status !== "valid") return data({ unusable: status as Unusable | null, token: "", constraint: null }, { status: httpStatus(status) });
  // Checked in the action only (ADR 029): the page ships no zod.
  return data({ unusable: null as Unusable | null, token, constraint: formConstraint(ResetPasswordInput) });
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseForm(await request.formData(), ResetPasswordInput);
  if (submission.status !== "success") return invalid("reset-password", submission, undefined, { hideFields: ["password"] });
  // An unusable link is answered with its detail (the page says why); a weak password on its field.
  return attempt({ formId: "reset-password", submission, fields: ["password"], hideFields: ["password"] }, async () => {
    const done = await resetPassword(submission.value, requestMeta(request));
    const to = done.twoFactorPending ? "/login/two-factor" : "/orgs";
    return redirect(to, { headers: { "Set-Cookie": sessionCookie(done.sessionToken, done.expiresAt) } });
  });
}

const UNUSABLE: Record<Unusable, { title: string; body: string }> = {
  unknown: {
    title: "This reset link isn't valid",
    body: "The link may be incomplete. Open the whole link from the email, or ask for a new one.",
  },
  expired: {
    title: "This reset link has expired",
    body: "Reset links work for one hour. Ask for a new one and use it soon after it arrives.",
  },
  used: {
    title: "This reset link has already been used",
    body: "Each reset link works once. If you just chose a new password, sign in with it; otherwise ask for a new link.",
  },
};

export default function ResetPasswordPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const detail: unknown = actionData?.detail;
  const unusable = isUnusable(detail) ? detail : loaderData.unusable;
  const [form, fields] = useServerForm<{ token: string; password: string }>({ id: "reset-password", lastResult: actionData?.result, constraint: loaderData.constraint });
  if (unusable) {
    const { title, body } = UNUSABLE[unusable];
    return (
      <AuthCard title={title}>
        <p>{body}</p>
        <div className="mt-6 space-y-2 text-sm">
          <p>
            <Link to="/forgot-password">Ask for a new reset link</Link>
          </p>
          <p>
            <Link to="/login">Sign in</Link>
          </p>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password">
      <Form method="post" {...form.props} className="space-y-4">
        <p className="text-muted">After you set it, you'll be signed out everywhere else and signed in here.</p>
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <input type="hidden" name="token" value={loaderData.token} />
        <NewPasswordField field={fields.password} label="New password" autoFocus />
        <Button type="submit" className="w-full">
          Set new password
        </Button>
      </Form>
    </AuthCard>
  );
}
