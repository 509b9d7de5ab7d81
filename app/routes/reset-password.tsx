import { getFormProps, useForm } from "@conform-to/react";
import { formConstraint } from "#app/ui/constraint";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { checkResetToken, resetPassword, type ResetTokenStatus } from "#app/auth/password-reset.server";
import { PASSWORD_MAX, passwordProblem } from "#app/auth/password-policy";
import { sessionCookie } from "#app/auth/session.server";
import { requestMeta } from "#app/lib/http.server";
import { AuthCard } from "#app/ui/auth-card";
import { Button, FormMessage, NewPasswordField } from "#app/ui/form";
import { attempt, invalid } from "#app/ui/forms.server";
import { parseForm } from "#app/ui/parse-form";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Hearth" }];

const UNUSABLE_REASON = z.enum(["unknown", "expired", "used"]) satisfies z.ZodType<Exclude<ResetTokenStatus, "valid">>;
type Unusable = z.infer<typeof UNUSABLE_REASON>;
const httpStatus = (s: Unusable) => (s === "unknown" ? 404 : 410);

const schema = z
  .object({
    token: z.string({ error: "This reset link is incomplete." }).max(100),
    password: z.string({ error: "Choose a new password." }).max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
  })
  .strict()
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v.password);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const status = await checkResetToken(token, requestMeta(request));
  if (status !== "valid") return data({ unusable: status as Unusable | null, token: "" }, { status: httpStatus(status) });
  return data({ unusable: null as Unusable | null, token });
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseForm(await request.formData(), schema);
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
  const gone = UNUSABLE_REASON.safeParse(actionData?.detail);
  const unusable = gone.success ? gone.data : loaderData.unusable;
  const [form, fields] = useForm({
    id: "reset-password",
    lastResult: actionData?.result,
    constraint: formConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseForm(formData, schema),
  });
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
      <Form method="post" {...getFormProps(form)} className="space-y-4">
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
