import type { SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InviteAcceptInput, InviteNewAccountInput } from "#app/auth/forms.server";
import { getUser, requireUser } from "#app/auth/guard.server";
import { acceptInviteAsMember, acceptInviteAsNewUser, previewInvite, type Accepted } from "#app/auth/invite.server";
import { readSessionToken, sessionCookie } from "#app/auth/session.server";
import { requestMeta } from "#app/lib/http.server";
import { AuthCard } from "#app/ui/auth-card";
import { Button, Field, FormMessage, NewPasswordField } from "#app/ui/form";
import { attempt, invalid } from "#app/ui/forms.server";
import { formConstraint, type FormConstraint } from "#app/ui/constraint";
import { parseForm } from "#app/ui/parse-form";
import { useServerForm } from "#app/ui/server-form";

export const meta: MetaFunction = () => [{ title: "Invitation · Hearth" }];

type Unavailable = "unknown" | "expired" | "revoked" | "used";
const isUnavailable = (v: unknown): v is Unavailable => v === "unknown" || v === "expired" || v === "revoked" || v === "used";
const httpStatus = (reason: Unavailable) => (reason === "unknown" ? 404 : 410);


type View =
  | { kind: "unavailable"; reason: Unavailable }
  | {
      kind: "pending";
      /** Named only to the signed-in invitee: a link holder learns nothing about the org or role. */
      orgName: string | null;
      roleLabel: string | null;
      email: string;
      mode: "new-account" | "sign-in" | "confirm" | "wrong-account";
      signedInAs: string | null;
      loginHref: string;
    };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const preview = await previewInvite(token, requestMeta(request));
  if (preview.status !== "pending") {
    return data<{ view: View; constraint: FormConstraint | null }>({ view: { kind: "unavailable", reason: preview.status }, constraint: null }, { status: httpStatus(preview.status) });
  }
  const auth = await getUser(request);
  const signedInAs = auth?.user.email ?? null;
  const mode = !preview.accountExists
    ? "new-account"
    : !auth
      ? "sign-in"
      : auth.user.email.toLowerCase() === preview.email.toLowerCase()
        ? "confirm"
        : "wrong-account";
  return data<{ view: View; constraint: FormConstraint | null }>({
    view: {
      kind: "pending",
      orgName: mode === "confirm" ? preview.orgName : null,
      roleLabel: mode === "confirm" ? preview.roleLabel : null,
      email: preview.email,
      mode,
      signedInAs,
      loginHref: `/login?redirectTo=${encodeURIComponent(`/invite/${token}`)}`,
    },
    // Checked in the action only (ADR 029): the page ships no zod.
    constraint: formConstraint(InviteNewAccountInput),
  });
}

/** Where a new member lands: their org, after the second step when two-factor sign-in is required. */
function welcome({ orgSlug, twoFactorPending, sessionToken, expiresAt }: Accepted) {
  const to = twoFactorPending ? `/login/two-factor?redirectTo=${encodeURIComponent(`/o/${orgSlug}`)}` : `/o/${orgSlug}`;
  return redirect(to, { headers: { "Set-Cookie": sessionCookie(sessionToken, expiresAt) } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const meta = requestMeta(request);
  const token = params.token ?? "";
  const formData = await request.formData();

  if (formData.get("intent") === "accept") {
    // Accepting with an existing account: sign in first (and come back here).
    const auth = await requireUser(request);
    const submission = parseForm(formData, InviteAcceptInput);
    if (submission.status !== "success") return invalid("invite", submission);
    return attempt({ formId: "invite", submission }, async () =>
      welcome(await acceptInviteAsMember({ token, user: auth.user, sessionToken: readSessionToken(request) }, meta)),
    );
  }

  const submission = parseForm(formData, InviteNewAccountInput);
  if (submission.status !== "success") return invalid("invite", submission, undefined, { hideFields: ["password"] });
  const { name, password } = submission.value;
  return attempt({ formId: "invite", submission, fields: ["password"], hideFields: ["password"] }, async () =>
    welcome(await acceptInviteAsNewUser({ token, name, password, previousToken: readSessionToken(request) }, meta)),
  );
}

const UNAVAILABLE: Record<Unavailable, { title: string; body: string }> = {
  unknown: {
    title: "We couldn't find this invitation",
    body: "The link may be incomplete. Check that you opened the whole link from the email, or ask the person who invited you to send a new invitation.",
  },
  expired: {
    title: "This invitation has expired",
    body: "Invitations are valid for 7 days. Ask the person who invited you to send a new one.",
  },
  revoked: {
    title: "This invitation is no longer valid",
    body: "It was withdrawn, or replaced by a newer invitation. Check your email for a newer one, or ask the person who invited you.",
  },
  used: {
    title: "This invitation has already been used",
    body: "Each invitation link works once. If you accepted it, sign in to continue.",
  },
};

export default function InvitePage() {
  const { view: loaded, constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const detail: unknown = actionData?.detail;
  const view: View = isUnavailable(detail) ? { kind: "unavailable", reason: detail } : loaded;

  if (view.kind === "unavailable") {
    const { title, body } = UNAVAILABLE[view.reason];
    return (
      <AuthCard title={title}>
        <p>{body}</p>
        <p className="mt-6 text-sm">
          <Link to="/login">Sign in</Link>
        </p>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={view.orgName ? `Join ${view.orgName}` : "Accept your invitation"}>
      {view.orgName ? (
        <p className="mb-1">
          You've been invited to join <strong>{view.orgName}</strong> on Hearth as <strong>{view.roleLabel}</strong>.
        </p>
      ) : (
        <p className="mb-1">You've been invited to Hearth. You'll see who invited you once you're signed in.</p>
      )}
      <p className="mb-4 text-sm text-muted">The invitation was sent to {view.email}.</p>
      {view.mode === "new-account" ? (
        <NewAccountForm lastResult={actionData?.result ?? null} signedInAs={view.signedInAs} constraint={constraint} />
      ) : view.mode === "confirm" ? (
        <Form method="post" className="space-y-4">
          <FormMessage>{actionData?.result?.error?.[""]?.join(" ")}</FormMessage>
          <p>You're signed in as {view.signedInAs}.</p>
          <input type="hidden" name="intent" value="accept" />
          <Button type="submit" className="w-full">
            Accept invitation
          </Button>
        </Form>
      ) : view.mode === "sign-in" ? (
        <div className="space-y-3">
          <p>You already have a Hearth account with this email address. Sign in to accept the invitation.</p>
          <p>
            <Link to={view.loginHref}>Sign in to accept</Link>
          </p>
          <p className="text-sm text-muted">
            Forgot your password? <Link to="/forgot-password">Reset it</Link>, then open the invitation link again.
          </p>
        </div>
      ) : (
        <div className="space-y-3">
          <p>
            You're signed in as {view.signedInAs}, but this invitation is for {view.email}. Sign out, then open the
            invitation link again and sign in as {view.email}.
          </p>
          <Form method="post" action="/logout">
            <Button type="submit" variant="secondary">
              Sign out
            </Button>
          </Form>
        </div>
      )}
    </AuthCard>
  );
}

function NewAccountForm({ lastResult, signedInAs, constraint }: { lastResult: SubmissionResult<string[]> | null; signedInAs: string | null; constraint: FormConstraint | null }) {
  const [form, fields] = useServerForm<{ name: string; password: string }>({ id: "accept-invite", lastResult, constraint });
  return (
    <Form method="post" {...form.props} className="space-y-4">
      <p>Create your account to accept.</p>
      {signedInAs ? (
        <p className="text-sm text-muted">
          You're signed in as {signedInAs}. Accepting creates a separate account for this invitation and signs you in to it.
        </p>
      ) : null}
      <FormMessage>{form.errors?.join(" ")}</FormMessage>
      <input type="hidden" name="intent" value="create-account" />
      <Field field={fields.name} label="Your name" inputProps={{ autoComplete: "name" }} />
      <NewPasswordField field={fields.password} />
      <Button type="submit" className="w-full">
        Accept invitation
      </Button>
    </Form>
  );
}
