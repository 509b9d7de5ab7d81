import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { can } from "#app/domain/permissions";
import { getServiceEntry, localMoment, markServiceVerified, needsVerification } from "#app/domain/services/directory.server";
import { SERVICE_CATEGORY_LABELS, SERVICE_LANGUAGE_LABELS, SERVICE_WEEKDAYS } from "#app/domain/services/labels";
import { formatDayOr } from "#app/lib/dates";
import { takeFlash } from "#app/ui/flash.server";
import { Button, ButtonLink, FormMessage, PageNotices } from "#app/ui/form";
import { attempt, formError, orErrorPage, type FormActionData, uuidParam } from "#app/ui/forms.server";
import { Card, PageHeader } from "#app/ui/page";

/** One directory entry: what it offers, how to reach it (call, map, web), hours, and "mark verified" for staff. */
export const meta: MetaFunction = () => [{ title: "Service · Hearth" }];

const NOT_FOUND = "This service isn't in your organisation's directory.";
const serviceIdParam = (params: { serviceId?: string }) => uuidParam(params.serviceId, NOT_FOUND);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "services:read");
  const id = serviceIdParam(params);
  const e = await orErrorPage(withTenant(ctx.tenant, (tx) => getServiceEntry(tx, id)), NOT_FOUND);
  const { today } = localMoment(ctx.org.timeZone);
  const { flash, headers } = takeFlash(request, ["saved", "created"]);
  return data(
    {
      base: `/o/${ctx.org.slug}/services`,
      canWrite: can(ctx.role, "services:write"),
      flash,
      service: {
        ...e,
        categories: e.categories.map((c) => SERVICE_CATEGORY_LABELS[c]),
        languages: e.languages.map((l) => SERVICE_LANGUAGE_LABELS[l]),
        hours: e.schedules.map((s) => ({ id: s.id, day: SERVICE_WEEKDAYS[s.weekday - 1]!.label, opensAt: s.opensAt, closesAt: s.closesAt })),
        verified: formatDayOr(e.assuredDate, "never"),
        stale: needsVerification(e.assuredDate, today),
      },
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "services:write");
  const id = serviceIdParam(params);
  const formData = await request.formData();
  if (formData.get("intent") !== "verify") return formError("verify", "That action isn't available here.", 400);
  return attempt({ formId: "verify", submission: null }, async () => {
    await withTenant(ctx.tenant, (tx) => markServiceVerified(tx, id, localMoment(ctx.org.timeZone).today));
    return "Marked verified today.";
  });
}

const mapLink = (l: { address1: string | null; city: string | null; state: string | null; postalCode: string | null }) =>
  `https://www.openstreetmap.org/search?query=${encodeURIComponent([l.address1, l.city, l.state, l.postalCode].filter(Boolean).join(", "))}`;

export default function ServicePage() {
  const { base, canWrite, flash, service: s } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormActionData | undefined;
  return (
    <div className="space-y-6">
      <PageHeader title={s.name} description={s.organization.name} actions={canWrite ? <ButtonLink to={`${base}/${s.id}/edit`}>Edit</ButtonLink> : null} />
      <PageNotices notice={actionData?.notice ?? (flash ? "Saved." : null)} error={actionData?.error ?? null} />
      <p>
        <Link to={base} className="text-brand-700 underline underline-offset-2">
          Back to the directory
        </Link>
      </p>
      <Card title="About">
        <p className="text-sm">{s.categories.join(" · ")}</p>
        {s.status === "inactive" ? <FormMessage>This service is marked inactive.</FormMessage> : null}
        {s.description ? <p className="mt-2 whitespace-pre-line">{s.description}</p> : null}
        <dl className="mt-3 space-y-2 text-sm">
          {s.languages.length ? (
            <div>
              <dt className="font-medium">Languages</dt>
              <dd>{s.languages.join(", ")}</dd>
            </div>
          ) : null}
          {s.eligibility ? (
            <div>
              <dt className="font-medium">Who can use it</dt>
              <dd className="whitespace-pre-line">{s.eligibility}</dd>
            </div>
          ) : null}
          {s.fees ? (
            <div>
              <dt className="font-medium">Cost</dt>
              <dd className="whitespace-pre-line">{s.fees}</dd>
            </div>
          ) : null}
          {s.applicationProcess ? (
            <div>
              <dt className="font-medium">How to start</dt>
              <dd className="whitespace-pre-line">{s.applicationProcess}</dd>
            </div>
          ) : null}
        </dl>
      </Card>
      <Card title="Contact">
        <ul className="space-y-2">
          {s.phones.map((p) => (
            <li key={p.id}>
              <a className="text-brand-700 underline underline-offset-2" href={`tel:${p.number.replace(/[^0-9+]/g, "")}`}>
                Call {p.number}
              </a>
              {p.type !== "voice" ? ` (${p.type})` : ""}
            </li>
          ))}
          {s.url ? (
            <li>
              <a className="break-all text-brand-700 underline underline-offset-2" href={s.url} rel="noopener noreferrer">
                {s.url}
              </a>
            </li>
          ) : null}
          {s.email ? (
            <li>
              <a className="break-all text-brand-700 underline underline-offset-2" href={`mailto:${s.email}`}>
                {s.email}
              </a>
            </li>
          ) : null}
          {s.contacts.map((c) => (
            <li key={c.id}>Ask for {[c.name, c.title].filter(Boolean).join(", ")}</li>
          ))}
        </ul>
      </Card>
      {s.locations.length ? (
        <Card title="Where">
          <ul className="space-y-3">
            {s.locations.map((l) => (
              <li key={l.id}>
                <address className="not-italic">{[l.name, l.address1, [l.city, l.state, l.postalCode].filter(Boolean).join(" ")].filter(Boolean).join(", ")}</address>
                <a className="text-brand-700 underline underline-offset-2" href={mapLink(l)} rel="noopener noreferrer">
                  Open in a map
                </a>
                {l.accessibility ? <p className="text-sm">Accessibility: {l.accessibility}</p> : null}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card title="Opening hours">
        {s.hours.length ? (
          <ul className="text-sm">
            {s.hours.map((h) => (
              <li key={h.id}>
                {h.day}: {h.opensAt}–{h.closesAt}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm">Call to ask.</p>
        )}
      </Card>
      <Card title="Checked">
        <p className={s.stale ? "font-medium text-amber-800" : ""}>
          Last verified: {s.verified}
          {s.stale ? ". Not verified in the last 12 months: call to check before sending anyone." : ""}
        </p>
        {canWrite ? (
          <Form method="post" className="mt-3">
            <input type="hidden" name="intent" value="verify" />
            <Button type="submit" variant="secondary">
              Mark verified today
            </Button>
          </Form>
        ) : null}
      </Card>
    </div>
  );
}
