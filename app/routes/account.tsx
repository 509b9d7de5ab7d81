import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { formConstraint } from "#app/ui/constraint";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import {
  AccountActionError,
  changeName,
  changePassword,
  getAccount,
  revokeOtherSessions,
  revokeSession,
  SESSION_HANDLE_PATTERN,
} from "#app/auth/account.server";
import { requireUser, type UserContext } from "#app/auth/guard.server";
import { PASSWORD_MAX, passwordProblem } from "#app/auth/password-policy";
import { withPlatform } from "#app/db/tenant.server";
import { formatDateTime } from "#app/lib/dates";
import { optionalPhone } from "#app/lib/fields";
import { requestMeta } from "#app/lib/http.server";
import { describeUserAgent } from "#app/lib/user-agent.server";
import { Button, Field, FormMessage } from "#app/ui/form";
import { DataTable } from "#app/ui/data-table";
import { Card, PageHeader } from "#app/ui/page";
import { PlainPage } from "#app/ui/plain-page";
import { plain } from "#app/lib/fields";

export const meta: MetaFunction = () => [{ title: "Your account · Hearth" }];

const nameSchema = z
  .object({
    intent: z.literal("name"),
    name: plain(z.string({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(120, "Use at most 120 characters.")),
    phone: optionalPhone,
  })
  .strict();
const passwordSchema = z
  .object({
    intent: z.literal("password"),
    currentPassword: z.string({ error: "Enter your current password." }).max(PASSWORD_MAX, "That isn't your current password."),
    newPassword: z.string({ error: "Choose a new password." }).max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
  })
  .strict()
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v.newPassword);
    if (problem) ctx.addIssue({ code: "custom", path: ["newPassword"], message: problem });
  });
const revokeOneSchema = z.object({ intent: z.literal("revoke-session"), session: z.string().regex(SESSION_HANDLE_PATTERN) }).strict();
const revokeOthersSchema = z.object({ intent: z.literal("revoke-others") }).strict();

const platform = (ctx: UserContext) => ({ userId: ctx.user.id, requestId: ctx.requestId, ip: ctx.ip });

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUser(request);
  const account = await withPlatform(platform(ctx), (tx) => getAccount(tx, ctx.user.id, ctx.session.id));
  return {
    name: account.name,
    phone: account.phone,
    email: account.email,
    sessions: account.sessions.map((s) => ({
      handle: s.handle,
      created: formatDateTime(s.createdAt, account.timeZone),
      lastSeen: formatDateTime(s.lastSeenAt, account.timeZone),
      ip: s.ip,
      device: describeUserAgent(s.userAgent),
      current: s.current,
    })),
  };
}

type ActionResult = { formId: string; result: SubmissionResult<string[]> | null; notice: string | null; error: string | null };
function respond(body: Partial<ActionResult> & { formId: string }, status = 200) {
  return data<ActionResult>({ result: null, notice: null, error: null, ...body }, { status });
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUser(request);
  const formData = await request.formData();
  const intent = formData.get("intent");

  if (intent === "name") {
    const submission = parseWithZod(formData, { schema: nameSchema });
    if (submission.status !== "success") return respond({ formId: "name", result: submission.reply() }, 400);
    const { changed } = await withPlatform(platform(ctx), (tx) => changeName(tx, ctx.user.id, submission.value.name, submission.value.phone));
    return respond({ formId: "name", result: submission.reply(), notice: changed ? "Your details were updated." : "Your details are unchanged." });
  }

  if (intent === "password") {
    const submission = parseWithZod(formData, { schema: passwordSchema });
    const hide = { hideFields: ["currentPassword", "newPassword"] };
    if (submission.status !== "success") return respond({ formId: "password", result: submission.reply(hide) }, 400);
    const outcome = await changePassword(
      {
        userId: ctx.user.id,
        sessionId: ctx.session.id,
        email: ctx.user.email,
        name: ctx.user.name,
        currentPassword: submission.value.currentPassword,
        newPassword: submission.value.newPassword,
      },
      requestMeta(request),
    );
    if (!outcome.ok) {
      const field = outcome.reason === "current" ? "currentPassword" : outcome.reason === "new" ? "newPassword" : null;
      const result = field ? submission.reply({ ...hide, fieldErrors: { [field]: [outcome.message] } }) : submission.reply({ ...hide, formErrors: [outcome.message] });
      return respond({ formId: "password", result }, outcome.reason === "rate_limited" ? 429 : outcome.reason === "conflict" ? 409 : 400);
    }
    const others = outcome.otherSessionsEnded;
    return respond({
      formId: "password",
      result: submission.reply({ resetForm: true }),
      notice: `Your password was changed.${others ? ` ${others} other session${others === 1 ? " was" : "s were"} signed out.` : ""}`,
    });
  }

  if (intent === "revoke-others") {
    const submission = parseWithZod(formData, { schema: revokeOthersSchema });
    if (submission.status !== "success") return respond({ formId: "sessions", error: "That action isn't available." }, 400);
    const { count } = await withPlatform(platform(ctx), (tx) => revokeOtherSessions(tx, ctx.user.id, ctx.session.id));
    return respond({ formId: "sessions", notice: count ? `Signed out ${count} other session${count === 1 ? "" : "s"}.` : "There were no other sessions." });
  }

  if (intent === "revoke-session") {
    const submission = parseWithZod(formData, { schema: revokeOneSchema });
    if (submission.status !== "success") return respond({ formId: "sessions", error: "That session has already ended." }, 400);
    try {
      await withPlatform(platform(ctx), (tx) => revokeSession(tx, ctx.user.id, submission.value.session, ctx.session.id));
      return respond({ formId: "sessions", notice: "That session was signed out." });
    } catch (error) {
      if (!(error instanceof AccountActionError)) throw error;
      return respond({ formId: "sessions", error: error.message }, error.status);
    }
  }

  return respond({ formId: "none", error: "That action isn't available here." }, 400);
}

export default function AccountPage() {
  const { name, phone, email, sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (formId: string) => (actionData?.formId === formId ? actionData.result : null);
  const others = sessions.filter((s) => !s.current).length;
  return (
    <PlainPage>
      <PageHeader title="Your account" description={`Signed in as ${email}.`} />
      <p className="mb-4">
        <Link to="/account/two-factor">Two-step sign-in</Link>: a code from an app on your phone each time you sign in.
      </p>
      <div aria-live="polite">{actionData?.notice ? <FormMessage kind="ok">{actionData.notice}</FormMessage> : null}</div>
      {actionData?.error ? <FormMessage>{actionData.error}</FormMessage> : null}

      <NameForm name={name} phone={phone} lastResult={resultFor("name")} />
      <PasswordForm lastResult={resultFor("password")} />

      <Card title="Your sessions">
        <p className="mb-3 text-sm text-muted">
          The devices and browsers signed in to your account. If you don't recognise one, sign it out and change your
          password.
        </p>
        <DataTable
          caption="Your sessions"
          framed={false}
          rows={sessions}
          rowKey={(s) => s.handle}
          columns={[
            {
              header: "Device",
              rowHeader: true,
              className: "font-normal break-words",
              cell: (s) => (
                <>
                  {s.device}
                  {s.current ? <strong className="ml-2 rounded bg-brand-100 px-1.5 py-0.5 text-xs text-brand-800">This device</strong> : null}
                </>
              ),
            },
            { header: "Signed in", cell: (s) => s.created },
            { header: "Last seen", cell: (s) => s.lastSeen },
            { header: "IP address", cell: (s) => s.ip || "Unknown" },
            {
              header: "Actions",
              headerHidden: true,
              cell: (s) =>
                s.current ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke-session" />
                    <input type="hidden" name="session" value={s.handle} />
                    <Button type="submit" variant="secondary">
                      Sign out<span className="sr-only"> the session last seen {s.lastSeen}</span>
                    </Button>
                  </Form>
                ),
            },
          ]}
        />
        {others ? (
          <Form method="post" className="mt-4">
            <input type="hidden" name="intent" value="revoke-others" />
            <Button type="submit" variant="danger">
              Sign out other sessions
            </Button>
          </Form>
        ) : (
          <p className="mt-4 text-sm text-muted">You're not signed in anywhere else.</p>
        )}
      </Card>
    </PlainPage>
  );
}

function NameForm({ name, phone, lastResult }: { name: string; phone: string | null; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "name",
    lastResult,
    defaultValue: { name, phone: phone ?? "" },
    constraint: formConstraint(nameSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: nameSchema }),
  });
  return (
    <Card title="Your details">
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="intent" value="name" />
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <Field field={fields.name} label="Name" hint="Shown to the people you work with." inputProps={{ autoComplete: "name", maxLength: 120 }} />
        <Field
          field={fields.phone}
          label="Work phone (optional)"
          type="tel"
          hint="If you manage a house, its residents see this number."
          inputProps={{ autoComplete: "tel", maxLength: 40 }}
        />
        <Button type="submit">Save details</Button>
      </Form>
    </Card>
  );
}

function PasswordForm({ lastResult }: { lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm({
    id: "password",
    lastResult,
    constraint: formConstraint(passwordSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: passwordSchema }),
  });
  return (
    <Card title="Change password">
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="intent" value="password" />
        <p className="text-sm text-muted">Changing your password signs you out everywhere except this device.</p>
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <Field field={fields.currentPassword} label="Current password" type="password" inputProps={{ autoComplete: "current-password" }} />
        <Field
          field={fields.newPassword}
          label="New password"
          type="password"
          hint="At least 8 characters. A few unrelated words make a strong password."
          inputProps={{ autoComplete: "new-password" }}
        />
        <Button type="submit">Change password</Button>
      </Form>
    </Card>
  );
}
