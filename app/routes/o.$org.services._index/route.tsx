import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { can } from "#app/domain/permissions";
import { localMoment, needsVerification, searchDirectory } from "#app/domain/services/directory.server";
import { SERVICE_CATEGORIES, SERVICE_CATEGORY_LABELS, SERVICE_LANGUAGE_LABELS, SERVICE_LANGUAGES } from "#app/domain/services/labels";
import { formatDayOr } from "#app/lib/dates";
import { badRequest } from "#app/lib/http.server";
import { takeFlash } from "#app/ui/flash.server";
import { Button, ButtonLink, FilterSelect, FormMessage } from "#app/ui/form";
import { EmptyState, PageHeader } from "#app/ui/page";
import { Pager } from "#app/ui/pager";
import { data } from "@remix-run/node";
import { filterSchema } from "./forms.server";

/**
 * The services directory (ADR 039): search and filters for everyone in the org, residents
 * included (nothing in it is about a person). A GET form, so it works without JavaScript and
 * a search can be bookmarked. One statement for the list (keyset pages).
 */
export const meta: MetaFunction = () => [{ title: "Services · Hearth" }];


export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "services:read");
  const url = new URL(request.url);
  const parsed = filterSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) badRequest("That search isn't valid. Choose a category and a language from the lists and try again.");
  const { cursor, ...query } = parsed.data;
  const now = localMoment(ctx.org.timeZone);
  const page = await withTenant(ctx.tenant, (tx) => searchDirectory(tx, query, { now, cursor }));
  const { flash, headers } = takeFlash(request, ["imported"]);
  return data(
    {
      base: `/o/${ctx.org.slug}/services`,
      canWrite: can(ctx.role, "services:write"),
      imported: flash === "imported",
      query: { q: query.q ?? "", category: query.category ?? "", place: query.place ?? "", language: query.language ?? "", open: query.open },
      searched: Boolean(query.q || query.category || query.place || query.language || query.open),
      next: page.next,
      rows: page.items.map((s) => ({
        id: s.id,
        name: s.name,
        organizationName: s.organizationName,
        categories: s.categories.map((c) => SERVICE_CATEGORY_LABELS[c]),
        languages: s.languages.map((l) => SERVICE_LANGUAGE_LABELS[l]),
        summary: s.description.length > 160 ? `${s.description.slice(0, 157)}…` : s.description,
        city: s.city,
        phone: s.phone,
        openNow: s.openNow,
        stale: needsVerification(s.assuredDate, now.today),
        verified: formatDayOr(s.assuredDate, "never"),
      })),
    },
    { headers },
  );
}

export default function ServicesPage() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeader
        title="Services"
        description="Places that help with treatment, health, work, food, housing and more. Search by what you need."
        actions={
          d.canWrite ? (
            <div className="flex flex-wrap gap-2">
              <ButtonLink to={`${d.base}/new`}>Add a service</ButtonLink>
              <ButtonLink to={`${d.base}/import`} variant="secondary">
                Import
              </ButtonLink>
              <ButtonLink to={`${d.base}/export`} variant="secondary">
                Export
              </ButtonLink>
            </div>
          ) : null
        }
      />
      {d.imported ? <FormMessage kind="ok">The services were imported.</FormMessage> : null}
      <Form method="get" role="search" aria-label="Search the directory" className="space-y-4 rounded-lg border border-line bg-white p-4">
        <div>
          <label htmlFor="q" className="mb-1 block font-medium">
            What do you need?
          </label>
          <input id="q" name="q" type="search" maxLength={200} defaultValue={d.query.q} placeholder="e.g. job training" className="block w-full rounded-md border border-line px-3 py-2" />
        </div>
        <div className="grid gap-4 sm:grid-cols-3">
          <FilterSelect name="category" label="Category" defaultValue={d.query.category} placeholder="Any category" options={SERVICE_CATEGORIES.map((c) => ({ value: c.code, label: c.label }))} />
          <FilterSelect name="language" label="Language" defaultValue={d.query.language} placeholder="Any language" options={SERVICE_LANGUAGES.map((l) => ({ value: l, label: SERVICE_LANGUAGE_LABELS[l] }))} />
          <div>
            <label htmlFor="place" className="mb-1 block font-medium">
              City or ZIP
            </label>
            <input id="place" name="place" maxLength={100} defaultValue={d.query.place} className="block w-full rounded-md border border-line px-3 py-2" />
          </div>
        </div>
        <label className="flex min-h-11 items-center gap-3">
          <input type="checkbox" name="open" value="now" defaultChecked={d.query.open} className="size-5 accent-brand-700" />
          <span>Open now</span>
        </label>
        <Button type="submit">Search</Button>
      </Form>
      {d.rows.length === 0 ? (
        <EmptyState title={d.searched ? "Nothing matches that search" : "The directory is empty"}>
          {d.searched ? "Try fewer words or fewer filters." : d.canWrite ? "Add a service or import a directory." : "Ask your house manager about local services."}
        </EmptyState>
      ) : (
        <ul className="space-y-3" aria-label="Services found">
          {d.rows.map((s) => (
            <li key={s.id} className="rounded-lg border border-line bg-white p-4">
              <h2 className="text-lg font-semibold">
                <Link to={`${d.base}/${s.id}`} className="text-brand-700 underline underline-offset-2">
                  {s.name}
                </Link>
              </h2>
              <p className="text-sm text-muted">
                {s.organizationName}
                {s.city ? ` · ${s.city}` : ""}
              </p>
              <p className="mt-1 text-sm">{s.categories.join(" · ")}</p>
              {s.summary ? <p className="mt-1 text-sm">{s.summary}</p> : null}
              <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
                {s.openNow ? <span className="font-medium text-green-800">Open now</span> : null}
                {s.phone ? <a href={`tel:${s.phone.replace(/[^0-9+]/g, "")}`}>Call {s.phone}</a> : null}
                {s.languages.length ? <span>{s.languages.join(", ")}</span> : null}
                {d.canWrite && s.stale ? <span className="font-medium text-amber-800">Not verified in 12 months (last: {s.verified})</span> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pager next={d.next} nextLabel="More services" />
    </div>
  );
}
