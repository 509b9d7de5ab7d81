import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { renderSVG } from "uqr";
import { TwoFactorSetupInput } from "#app/auth/forms.server";
import { requireUser } from "#app/auth/guard.server";
import { readSessionToken } from "#app/auth/session.server";
import { disableTwoFactor, enableTwoFactor, pendingEnrolment, twoFactorStatus } from "#app/auth/two-factor.server";
import { withPlatform } from "#app/db/tenant.server";
import { Button, Field, FormMessage } from "#app/ui/form";
import { Card, PageHeader } from "#app/ui/page";
import { PlainPage } from "#app/ui/plain-page";
import { formConstraint } from "#app/ui/constraint";
import { useServerForm } from "#app/ui/server-form";

export const meta: MetaFunction = () => [{ title: "Two-step sign-in · Hearth" }];


export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireUser(request);
  // Checked in the action only (ADR 029): the page ships no zod.
  const constraint = formConstraint(TwoFactorSetupInput);
  return withPlatform(auth.platform, async (tx) => {
    const status = await twoFactorStatus(tx, auth.user.id);
    if (status.enabled) return { enabled: true as const, recoveryCodesLeft: status.recoveryCodesLeft, secret: null, qr: null, constraint };
    const enrolment = await pendingEnrolment(tx, auth.user);
    const qr = enrolment ? `data:image/svg+xml;base64,${Buffer.from(renderSVG(enrolment.uri)).toString("base64")}` : null;
    return { enabled: false as const, recoveryCodesLeft: 0, secret: enrolment?.secret ?? null, qr, constraint };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: TwoFactorSetupInput });
  if (submission.status !== "success") return data({ result: submission.reply({ hideFields: ["code"] }), recoveryCodes: null, disabled: false }, { status: 400 });
  const meta = auth.platform;
  const { intent, code } = submission.value;
  if (intent === "enable") {
    const sessionToken = readSessionToken(request) ?? "";
    const codes = await withPlatform(meta, (tx) => enableTwoFactor(tx, auth.user.id, sessionToken, code));
    if (!codes) {
      return data({ result: submission.reply({ fieldErrors: { code: ["That code isn't right. Check your app and try again."] }, hideFields: ["code"] }), recoveryCodes: null, disabled: false }, { status: 400 });
    }
    return { result: submission.reply({ resetForm: true }), recoveryCodes: codes, disabled: false };
  }
  const ok = await withPlatform(meta, (tx) => disableTwoFactor(tx, auth.user.id, code));
  if (!ok) {
    return data({ result: submission.reply({ fieldErrors: { code: ["That code isn't right."] }, hideFields: ["code"] }), recoveryCodes: null, disabled: false }, { status: 400 });
  }
  return { result: submission.reply({ resetForm: true }), recoveryCodes: null, disabled: true };
}

export default function TwoFactorPage() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const required = searchParams.get("required");
  const [form, fields] = useServerForm<{ intent: string; code: string }>({ id: "two-factor", lastResult: actionData?.result, constraint: view.constraint });
  const next = required && /^[a-z0-9-]{1,48}$/.test(required) ? `/o/${required}` : "/account";
  return (
    <PlainPage>
      <PageHeader title="Two-step sign-in" description="A code from an authenticator app on your phone, each time you sign in." />
      <div className="space-y-6">
        {required ? (
          <FormMessage>Your organisation asks owners and administrators to use two-step sign-in. Set it up to continue.</FormMessage>
        ) : null}
        {actionData?.recoveryCodes ? (
          <Card title="Two-step sign-in is on">
            <p className="mb-3">
              Save these recovery codes somewhere safe. Each works once, in place of a code, if you lose your phone. They are shown only now.
            </p>
            <ul className="mb-4 grid grid-cols-2 gap-2 font-mono" aria-label="Recovery codes">
              {actionData.recoveryCodes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
            <Link to={next}>Continue</Link>
          </Card>
        ) : actionData?.disabled ? (
          <Card title="Two-step sign-in is off">
            <p>You'll sign in with your password only. <Link to="/account">Back to your account</Link></p>
          </Card>
        ) : view.enabled ? (
          <Card title="Two-step sign-in is on">
            <p className="mb-4">{view.recoveryCodesLeft} recovery codes left.</p>
            <Form method="post" {...form.props} className="space-y-4">
              <input type="hidden" name="intent" value="disable" />
              <Field field={fields.code} label="Code from your app, or a recovery code" inputProps={{ autoComplete: "one-time-code" }} />
              <Button type="submit" variant="danger">
                Turn off two-step sign-in
              </Button>
            </Form>
          </Card>
        ) : (
          <Card title="Set up two-step sign-in">
            <ol className="mb-4 list-decimal space-y-2 pl-5">
              <li>Open an authenticator app on your phone and add an account by scanning this code.</li>
              <li>Enter the 6-digit code the app shows.</li>
            </ol>
            {view.qr ? <img src={view.qr} alt="QR code for your authenticator app" width={200} height={200} className="mb-3" /> : null}
            <p className="mb-4 text-sm">
              Can't scan it? Enter this key instead: <code data-testid="totp-secret" className="break-all font-mono">{view.secret}</code>
            </p>
            <Form method="post" {...form.props} className="space-y-4">
              <input type="hidden" name="intent" value="enable" />
              <Field field={fields.code} label="Code from your app" inputProps={{ autoComplete: "one-time-code", inputMode: "numeric" }} />
              <Button type="submit">Turn on two-step sign-in</Button>
            </Form>
          </Card>
        )}
        <p className="text-sm">
          <Link to="/account">Back to your account</Link>
        </p>
      </div>
    </PlainPage>
  );
}
