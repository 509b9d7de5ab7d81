import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formConstraint } from "#app/ui/constraint";
import { useServerForm } from "#app/ui/server-form";
import { OrgSettingsInput, RequireTwoFactorInput } from "./forms.server";
import { requireOrg } from "#app/auth/guard.server";
import { config } from "#app/config.server";
import { withTenant } from "#app/db/tenant.server";
import { getOrgSettings, setRequireTwoFactor, updateOrgSettings } from "#app/domain/orgs/orgs.server";
import { countDeadLetters } from "#app/domain/outbox/dead-letters.server";
import { forbidden } from "#app/lib/http.server";
import { COMMON_TIME_ZONES, CURRENCIES } from "#app/lib/zones";
import { Button, Field, FormMessage, SelectField } from "#app/ui/form";
import { ConfirmPanel } from "#app/ui/confirm-panel";
import { PageHeader } from "#app/ui/page";

export const meta: MetaFunction = () => [{ title: "Settings · Hearth" }];


type ActionData = {
  result?: SubmissionResult<string[]>;
  saved: boolean;
  twoFactor?: "confirm-off" | "on" | "off" | "invalid";
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "org:manage");
  const [org, undelivered] = await withTenant(ctx.tenant, async (tx) => [await getOrgSettings(tx, ctx.org.id), await countDeadLetters(tx, ctx.org.id)] as const);
  const zones = COMMON_TIME_ZONES.includes(org.time_zone as (typeof COMMON_TIME_ZONES)[number])
    ? [...COMMON_TIME_ZONES]
    : [org.time_zone, ...COMMON_TIME_ZONES];
  // Operators share this link (website, referral partners) so people can apply without an account.
  const applyUrl = ctx.org.kind === "operator" ? `${config().appUrl.origin}/apply/${org.slug}` : null;
  const operator = ctx.org.kind === "operator";
  return {
    constraint: formConstraint(OrgSettingsInput),
    operator,
    org: { name: org.name, slug: org.slug, timeZone: org.time_zone, currency: org.currency },
    zones,
    applyUrl,
    // The requirement applies to owners and admins of an operator; only the owner changes it.
    twoFactor: operator ? { required: org.require_two_factor, canChange: ctx.role === "owner" } : null,
    undelivered,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "org:manage");
  const formData = await request.formData();
  if (formData.get("intent") === "two-factor") {
    if (ctx.role !== "owner" || ctx.org.kind !== "operator") forbidden("Only an owner can change this.");
    const parsed = RequireTwoFactorInput.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return data<ActionData>({ saved: false, twoFactor: "invalid" }, { status: 400 });
    const required = parsed.data.require === "on";
    if (!required && parsed.data.confirmed !== "yes") return data<ActionData>({ saved: false, twoFactor: "confirm-off" });
    await withTenant(ctx.tenant, (tx) => setRequireTwoFactor(tx, ctx.org.id, required));
    // Now required and this session has not passed a second factor: set it up first.
    if (required && !ctx.session.twoFactorAt) throw redirect(`/account/two-factor?required=${encodeURIComponent(ctx.org.slug)}`);
    return data<ActionData>({ saved: false, twoFactor: required ? "on" : "off" });
  }
  const submission = parseWithZod(formData, { schema: OrgSettingsInput });
  if (submission.status !== "success") return data({ result: submission.reply(), saved: false }, { status: 400 });
  const currency = ctx.org.kind === "operator" ? submission.value.currency : undefined;
  if (ctx.org.kind === "operator" && !currency) {
    return data({ result: submission.reply({ fieldErrors: { currency: ["Choose a currency."] } }), saved: false }, { status: 400 });
  }
  await withTenant(ctx.tenant, (tx) => updateOrgSettings(tx, ctx.org.id, { ...submission.value, currency: currency ?? ctx.org.currency }));
  return { result: submission.reply(), saved: true };
}

export default function Settings() {
  const { operator, org, zones, applyUrl, twoFactor, undelivered, constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [form, fields] = useServerForm<{ name: string; timeZone: string; currency: string }>({
    id: "org-settings",
    lastResult: actionData?.twoFactor ? undefined : actionData?.result,
    constraint,
    defaultValue: { name: org.name, timeZone: org.timeZone, currency: org.currency },
  });
  return (
    <>
      <PageHeader title="Settings" description={`Address: /o/${org.slug}`} />
      <Form method="post" {...form.props} className="max-w-lg space-y-4 rounded-lg border border-line bg-white p-4">
        {actionData?.saved ? <FormMessage kind="ok">Settings saved.</FormMessage> : null}
        <FormMessage>{form.errors?.join(" ")}</FormMessage>
        <Field field={fields.name} label="Organisation name" inputProps={{ maxLength: 120 }} />
        <SelectField
          field={fields.timeZone}
          label={operator ? "Default time zone" : "Time zone"}
          hint={operator ? "New houses start with this zone." : "Times in the audit log and in emails use this zone."}
          options={zones.map((z) => ({ value: z, label: z.replace("_", " ") }))}
        />
        {operator ? <SelectField field={fields.currency} label="Currency" options={CURRENCIES.map((c) => ({ value: c, label: c }))} /> : null}
        <Button type="submit">Save settings</Button>
      </Form>
      {twoFactor ? <TwoFactorSetting slug={org.slug} required={twoFactor.required} canChange={twoFactor.canChange} outcome={actionData?.twoFactor} /> : null}
      <section aria-labelledby="undelivered" className="mt-6 max-w-lg rounded-lg border border-line bg-white p-4">
        <h2 id="undelivered" className="font-semibold">
          Messages that could not be sent
        </h2>
        <p className="mt-1 text-muted">
          {undelivered === 0
            ? "Every email was delivered or is still on its way."
            : `${undelivered} ${undelivered === 1 ? "email" : "emails"} could not be delivered.`}
        </p>
        <p className="mt-2">
          <Link to={`/o/${org.slug}/settings/messages`} className="underline">
            {undelivered === 0 ? "See undelivered messages" : "Review and try again"}
          </Link>
        </p>
      </section>
      {operator ? (
        <section aria-labelledby="house-documents" className="mt-6 max-w-lg rounded-lg border border-line bg-white p-4">
          <h2 id="house-documents" className="font-semibold">
            House documents
          </h2>
          <p className="mt-1 text-muted">
            House rules, resident rights and responsibilities, the grievance procedure and the good-neighbour policy that every house uses
            unless it has its own. Residents read and sign each new version.
          </p>
          <p className="mt-2">
            <Link to={`/o/${org.slug}/settings/documents`} className="underline">
              Write and publish house documents
            </Link>
          </p>
        </section>
      ) : null}
      {operator ? (
        <section aria-labelledby="payment-reminders" className="mt-6 max-w-lg rounded-lg border border-line bg-white p-4">
          <h2 id="payment-reminders" className="font-semibold">
            Payment reminders
          </h2>
          <p className="mt-1 text-muted">A brief, kind email to residents whose balance is past due, at most once a week or every two weeks. Off until you turn it on.</p>
          <p className="mt-2">
            <Link to={`/o/${org.slug}/settings/reminders`} className="underline">
              Set up payment reminders
            </Link>
          </p>
        </section>
      ) : null}
      {operator ? (
        <section aria-labelledby="org-fees" className="mt-6 max-w-lg rounded-lg border border-line bg-white p-4">
          <h2 id="org-fees" className="font-semibold">Fees for every house</h2>
          <p className="mt-1 text-muted">Program fees, move-in fees and deposits every house charges. Each house sets its own on its Fees page.</p>
          <p className="mt-2">
            <Link to={`/o/${org.slug}/settings/fees`} className="underline">Set fees for every house</Link>
          </p>
        </section>
      ) : null}
      {operator ? (
        <section aria-labelledby="online-payments" className="mt-6 max-w-lg rounded-lg border border-line bg-white p-4">
          <h2 id="online-payments" className="font-semibold">
            Online payments
          </h2>
          <p className="mt-1 text-muted">Let residents and their families pay dues by card, into your own Stripe account.</p>
          <p className="mt-2">
            <Link to={`/o/${org.slug}/settings/payments`} className="underline">
              Set up online payments
            </Link>
          </p>
        </section>
      ) : null}
      {applyUrl ? (
        <section aria-labelledby="apply-link" className="mt-6 max-w-lg rounded-lg border border-line bg-white p-4">
          <h2 id="apply-link" className="font-semibold">
            Public application form
          </h2>
          <p className="mt-1 text-muted">
            Share this link on your website or with referral partners. People can apply without an account; new
            applications appear under Applications.
          </p>
          <p className="mt-2 break-all font-mono text-sm">
            <a href={applyUrl}>{applyUrl}</a>
          </p>
        </section>
      ) : null}
    </>
  );
}

/** Two-step sign-in for owners and admins: shown to both, changed by the owner only. */
function TwoFactorSetting({ slug, required, canChange, outcome }: { slug: string; required: boolean; canChange: boolean; outcome?: ActionData["twoFactor"] }) {
  return (
    <section aria-labelledby="two-factor-setting" className="mt-6 max-w-lg space-y-3 rounded-lg border border-line bg-white p-4">
      <h2 id="two-factor-setting" className="font-semibold">
        Two-step sign-in for owners and administrators
      </h2>
      <div aria-live="polite" className="space-y-3">
        {outcome === "on" ? <FormMessage kind="ok">Owners and administrators now need two-step sign-in.</FormMessage> : null}
        {outcome === "off" ? <FormMessage kind="ok">Two-step sign-in is no longer required. Anyone may still turn it on for their own account.</FormMessage> : null}
        {outcome === "invalid" ? <FormMessage>That choice isn&apos;t available. Reload the page and try again.</FormMessage> : null}
      </div>
      <p data-testid="two-factor-required">
        {required
          ? "Required: owners and administrators sign in with a password and a code from an authenticator app."
          : "Not required: owners and administrators may sign in with a password alone."}
      </p>
      {!canChange ? (
        <p className="text-muted">Only an owner can change this.</p>
      ) : outcome === "confirm-off" && required ? (
        <ConfirmPanel
          cancelHref={`/o/${slug}/settings`}
          confirm={{
            intent: "two-factor",
            title: "Stop requiring two-step sign-in?",
            body: "Owners and administrators could then reach residents' records with a password alone: a stolen or guessed password would be enough.",
            yes: "Yes, stop requiring it",
            danger: true,
            fields: { require: "off" },
          }}
        />
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="two-factor" />
          <input type="hidden" name="require" value={required ? "off" : "on"} />
          {required ? null : (
            <p className="mb-3 text-muted">If you have not set it up on your own account yet, you will be asked to do so next.</p>
          )}
          <Button type="submit" variant="secondary">
            {required ? "Stop requiring two-step sign-in…" : "Require two-step sign-in"}
          </Button>
        </Form>
      )}
    </section>
  );
}
