import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withPlatform } from "#app/db/tenant.server";
import { formatCents } from "#app/domain/fees/money";
import { NARR_LEVEL_LABELS, POPULATION_LABELS } from "#app/domain/houses/schemas";
import { notFound, requestMeta } from "#app/lib/http.server";
import { GeneralErrorBoundary } from "#app/ui/error-boundary";
import { readPublicVacancies, VACANCY_CACHE_CONTROL } from "./vacancies.helpers.server";

/**
 * An operator's public bed vacancies (issue 12, capability 6; ADR 042): the houses it chose
 * to publish, each with its level, who it serves, fees, contact, open beds today and the
 * application link. No sign-in, nothing about residents. The same data as JSON (HSDS 3.1):
 * /vacancies/<slug>.json. (`slug`, not `org`: `:org` marks member-only pages.)
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Open beds at ${data.orgName} · Hearth` : "Open beds · Hearth" },
  { name: "description", content: "Recovery residence beds available today." },
];

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const meta = requestMeta(request);
  const answer = await withPlatform(meta, (tx) => readPublicVacancies(tx, params.slug ?? "", meta.ip));
  if (answer.status === 429) {
    throw data({ message: "Too many requests from this network. Please try again later." }, { status: 429, headers: { "Retry-After": String(answer.retryAfter) } });
  }
  if (answer.status === 404) notFound("We couldn't find that organisation. Check the link you were given.");
  const { org, houses } = answer.vacancies;
  return data(
    {
      orgName: org.name,
      feedHref: `/vacancies/${org.slug}.json`,
      applyHref: `/apply/${org.slug}`,
      houses: houses.map((h) => ({
        id: h.houseId,
        name: h.name,
        description: h.description,
        place: [h.addressLine1, h.addressLine2, `${h.city}, ${h.region} ${h.postalCode}`].filter(Boolean).join(", "),
        level: NARR_LEVEL_LABELS[h.narrLevel as 1 | 2 | 3 | 4] ?? `Level ${h.narrLevel}`,
        serves: h.populations.map((p) => POPULATION_LABELS[p as keyof typeof POPULATION_LABELS] ?? p).join(", "),
        fees: [h.weeklyFeeCents ? `${formatCents(h.weeklyFeeCents)} a week` : null, h.feesDescription].filter(Boolean).join(". "),
        phone: h.contactPhone,
        email: h.contactEmail,
        available: h.bedsAvailable,
        maximum: h.bedsMaximum,
        updated: h.updatedAt.slice(0, 10),
      })),
    },
    { headers: { "Cache-Control": VACANCY_CACHE_CONTROL } },
  );
}

const beds = (n: number) => `${n} ${n === 1 ? "bed" : "beds"}`;

export default function VacanciesPage() {
  const { orgName, feedHref, applyHref, houses } = useLoaderData<typeof loader>();
  return (
    <div className="min-h-screen bg-brand-50 px-4 py-8">
      <main id="main" className="mx-auto w-full max-w-2xl space-y-6">
        <header className="space-y-2">
          <h1 className="text-2xl font-semibold">{`Open beds at ${orgName}`}</h1>
          <p className="text-muted">
            Recovery residences with a bed free today. To ask for a place, <Link to={applyHref}>apply online</Link> or call the house.
          </p>
        </header>
        {houses.length === 0 ? (
          <p className="rounded-xl border border-line bg-white p-6">No houses are listed right now. Please check again later.</p>
        ) : (
          <ul className="space-y-4" aria-label="Houses">
            {houses.map((h) => (
              <li key={h.id} id={`house-${h.id}`} className="rounded-xl border border-line bg-white p-5 shadow-sm">
                <article aria-labelledby={`house-${h.id}-name`} className="space-y-2">
                  <h2 id={`house-${h.id}-name`} className="text-lg font-semibold">
                    {h.name}
                  </h2>
                  <p className="font-medium" data-testid="beds">
                    {h.available > 0 ? `${beds(h.available)} open today` : "No open beds today"}
                    <span className="font-normal text-muted">{` of ${beds(h.maximum)}`}</span>
                  </p>
                  {h.description ? <p className="whitespace-pre-line">{h.description}</p> : null}
                  <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                    <dt className="text-muted">Where</dt>
                    <dd className="break-words">{h.place}</dd>
                    <dt className="text-muted">Level</dt>
                    <dd>{h.level}</dd>
                    <dt className="text-muted">Serves</dt>
                    <dd>{h.serves}</dd>
                    {h.fees ? (
                      <>
                        <dt className="text-muted">Fees</dt>
                        <dd>{h.fees}</dd>
                      </>
                    ) : null}
                    {h.phone ? (
                      <>
                        <dt className="text-muted">Phone</dt>
                        <dd>
                          <a href={`tel:${h.phone}`}>{h.phone}</a>
                        </dd>
                      </>
                    ) : null}
                    {h.email ? (
                      <>
                        <dt className="text-muted">Email</dt>
                        <dd className="break-all">
                          <a href={`mailto:${h.email}`}>{h.email}</a>
                        </dd>
                      </>
                    ) : null}
                    <dt className="text-muted">Updated</dt>
                    <dd>
                      <time dateTime={h.updated}>{h.updated}</time>
                    </dd>
                  </dl>
                  <p>
                    <Link to={applyHref} className="font-medium">{`Apply to ${orgName}`}</Link>
                  </p>
                </article>
              </li>
            ))}
          </ul>
        )}
        <p className="text-sm text-muted">
          For directories: <a href={feedHref}>this list as data (Open Referral HSDS 3.1)</a>. If you are in crisis right now, call or text 988.
        </p>
      </main>
    </div>
  );
}

export function ErrorBoundary() {
  return (
    <main id="main" className="mx-auto max-w-xl p-6">
      <GeneralErrorBoundary />
    </main>
  );
}
