import type { SubmissionResult } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  changeName,
  changePassword,
  getAccount,
  revokeOtherSessions,
  revokeSession,
} from "#app/auth/account.server";
import { AccountNameInput, AccountPasswordInput, RevokeOtherSessionsInput, RevokeSessionInput } from "#app/auth/forms.server";
import { requireUser, type UserContext } from "#app/auth/guard.server";
import { withPlatform, type Tx } from "#app/db/tenant.server";
import { formatDateTime } from "#app/lib/dates";
import { requestMeta } from "#app/lib/http.server";
import { describeUserAgent } from "#app/lib/user-agent.server";
import { Button, Field, FormMessage, NewPasswordField } from "#app/ui/form";
import { DataTable } from "#app/ui/data-table";
import { Card, PageHeader } from "#app/ui/page";
import { PlainPage } from "#app/ui/plain-page";
import { intent, runIntent } from "#app/ui/forms.server";
import { formConstraint, type FormConstraint } from "#app/ui/constraint";
import { useFormKeys } from "#app/ui/form-keys";
import { useServerForm } from "#app/ui/server-form";
import { pageErrorOf } from "#app/ui/page-error";

export const meta: MetaFunction = () => [{ title: "Your account · Hearth" }];


const platform = (ctx: UserContext) => ctx.platform;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUser(request);
  const account = await withPlatform(platform(ctx), (tx) => getAccount(tx, ctx.user.id, ctx.session.id));
  // The forms are checked in the action only (ADR 029): the page ships no zod.
  return {
    constraints: { name: formConstraint(AccountNameInput), password: formConstraint(AccountPasswordInput) },
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

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUser(request);
  const inPlatform = <T,>(work: (tx: Tx) => Promise<T>) => withPlatform(platform(ctx), work);
  return runIntent(await request.formData(), {
    name: intent({
      schema: AccountNameInput,
      formId: "name",
      fields: ["name", "phone"],
      run: async ({ name, phone }) => {
        const { changed } = await inPlatform((tx) => changeName(tx, ctx.user.id, name, phone));
        return changed ? "Your details were updated." : "Your details are unchanged.";
      },
    }),
    password: intent({
      schema: AccountPasswordInput,
      formId: "password",
      fields: ["currentPassword", "newPassword"],
      hideFields: ["currentPassword", "newPassword"],
      resetForm: true,
      run: async ({ currentPassword, newPassword }) => {
        const { user, session } = ctx;
        const meta = requestMeta(request);
        const { otherSessionsEnded: others } = await changePassword({ userId: user.id, sessionId: session.id, email: user.email, name: user.name, currentPassword, newPassword }, meta);
        return `Your password was changed.${others ? ` ${others} other session${others === 1 ? " was" : "s were"} signed out.` : ""}`;
      },
    }),
    "revoke-others": intent({
      schema: RevokeOtherSessionsInput,
      formId: "sessions",
      button: true,
      invalidMessage: "That action isn't available.",
      run: async () => {
        const { count } = await inPlatform((tx) => revokeOtherSessions(tx, ctx.user.id, ctx.session.id));
        return count ? `Signed out ${count} other session${count === 1 ? "" : "s"}.` : "There were no other sessions.";
      },
    }),
    "revoke-session": intent({
      schema: RevokeSessionInput,
      formId: "sessions",
      button: true,
      invalidMessage: "That session has already ended.",
      run: async ({ session }) => {
        await inPlatform((tx) => revokeSession(tx, ctx.user.id, session, ctx.session.id));
        return "That session was signed out.";
      },
    }),
  });
}

export default function AccountPage() {
  const { name, phone, email, sessions, constraints } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const keyFor = useFormKeys(actionData);
  const resultFor = (formId: string) => (actionData?.formId === formId ? actionData.result : null);
  const pageError = pageErrorOf(actionData, ["name", "password"]);
  const others = sessions.filter((s) => !s.current).length;
  return (
    <PlainPage>
      <PageHeader title="Your account" description={`Signed in as ${email}.`} />
      <p className="mb-4">
        <Link to="/account/two-factor">Two-step sign-in</Link>: a code from an app on your phone each time you sign in.
      </p>
      <div aria-live="polite">{actionData?.notice ? <FormMessage kind="ok">{actionData.notice}</FormMessage> : null}</div>
      {pageError ? <FormMessage>{pageError}</FormMessage> : null}

      <NameForm key={keyFor("name")} name={name} phone={phone} lastResult={resultFor("name")} constraint={constraints.name} />
      <PasswordForm key={keyFor("password")} lastResult={resultFor("password")} constraint={constraints.password} />

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

type FormProps = { lastResult: SubmissionResult<string[]> | null; constraint: FormConstraint };

function NameForm({ name, phone, lastResult, constraint }: FormProps & { name: string; phone: string | null }) {
  const [form, fields] = useServerForm<{ name: string; phone: string }>({ id: "name", lastResult, constraint, defaultValue: { name, phone: phone ?? "" } });
  return (
    <Card title="Your details">
      <Form method="post" {...form.props} className="space-y-4">
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

function PasswordForm({ lastResult, constraint }: FormProps) {
  const [form, fields] = useServerForm<{ currentPassword: string; newPassword: string }>({ id: "password", lastResult, constraint });
  return (
    <Card title="Change password">
      <Form method="post" {...form.props} className="space-y-4">
        <input type="hidden" name="intent" value="password" />
        <p className="text-sm text-muted">Changing your password signs you out everywhere except this device.</p>
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <Field field={fields.currentPassword} label="Current password" type="password" inputProps={{ autoComplete: "current-password" }} />
        <NewPasswordField field={fields.newPassword} label="New password" />
        <Button type="submit">Change password</Button>
      </Form>
    </Card>
  );
}
