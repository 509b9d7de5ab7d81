import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { formConstraint } from "#app/ui/constraint";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrg } from "#app/auth/guard.server";
import { config } from "#app/config.server";
import { withTenant } from "#app/db/tenant.server";
import { getOrgSettings, updateOrgSettings } from "#app/domain/orgs/orgs.server";
import { COMMON_TIME_ZONES, CURRENCIES, isValidTimeZone } from "#app/lib/zones";
import { Button, Field, FormMessage, SelectField } from "#app/ui/form";
import { PageHeader } from "#app/ui/page";
import { plain } from "#app/lib/fields";

export const meta: MetaFunction = () => [{ title: "Settings · Hearth" }];

const schema = z
  .object({
    name: plain(z.string({ error: "Enter the organisation's name." }).trim().min(2, "Enter the organisation's name.").max(120)),
    timeZone: z.string({ error: "Choose a time zone." }).refine(isValidTimeZone, "Choose a valid time zone."),
    // Operators only (rent and fees); a certifier's form has no currency and keeps the stored one.
    currency: z.enum(CURRENCIES, { error: "Choose a currency." }).optional(),
  })
  .strict();

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "org:manage");
  const org = await withTenant(ctx.tenant, (tx) => getOrgSettings(tx, ctx.org.id));
  const zones = COMMON_TIME_ZONES.includes(org.time_zone as (typeof COMMON_TIME_ZONES)[number])
    ? [...COMMON_TIME_ZONES]
    : [org.time_zone, ...COMMON_TIME_ZONES];
  // Operators share this link (website, referral partners) so people can apply without an account.
  const applyUrl = ctx.org.kind === "operator" ? `${config().appUrl.origin}/apply/${org.slug}` : null;
  const operator = ctx.org.kind === "operator";
  return { operator, org: { name: org.name, slug: org.slug, timeZone: org.time_zone, currency: org.currency }, zones, applyUrl };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "org:manage");
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== "success") return data({ result: submission.reply(), saved: false }, { status: 400 });
  const currency = ctx.org.kind === "operator" ? submission.value.currency : undefined;
  if (ctx.org.kind === "operator" && !currency) {
    return data({ result: submission.reply({ fieldErrors: { currency: ["Choose a currency."] } }), saved: false }, { status: 400 });
  }
  await withTenant(ctx.tenant, (tx) => updateOrgSettings(tx, ctx.org.id, { ...submission.value, currency: currency ?? ctx.org.currency }));
  return { result: submission.reply(), saved: true };
}

export default function Settings() {
  const { operator, org, zones, applyUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "org-settings",
    lastResult: actionData?.result,
    constraint: formConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { name: org.name, timeZone: org.timeZone, currency: org.currency },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <>
      <PageHeader title="Settings" description={`Address: /o/${org.slug}`} />
      <Form method="post" {...getFormProps(form)} className="max-w-lg space-y-4 rounded-lg border border-line bg-white p-4">
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
