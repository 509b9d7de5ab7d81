import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { exportMyData } from "#app/domain/mydata/mydata.server";
import { PageHeader } from "#app/ui/page";

/** My data, readable: every section of the export as a list of records (prints well). Audited. */
export const meta: MetaFunction = () => [{ title: "My data · Hearth" }];

const show = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const mine = await withTenant(ctx.tenant, (tx) => exportMyData(tx, "html"));
  return {
    base: `/o/${ctx.org.slug}/me`,
    json: `/o/${ctx.org.slug}/me/data.json`,
    generatedAt: mine.generatedAt,
    sections: mine.sections.map((s) => ({ key: s.key, label: s.label, rows: s.rows.map((r) => Object.entries(r).map(([k, v]) => [k.replace(/_/g, " "), show(v)] as const)) })),
  };
}

export default function MyData() {
  const d = useLoaderData<typeof loader>();
  return (
    <article className="mx-auto max-w-2xl space-y-4 break-words">
      <PageHeader title="My data" description={`Everything Hearth holds about you that you can see, as of ${d.generatedAt}.`} />
      <p className="text-sm print:hidden">
        <a href={d.json} download>
          Download as JSON
        </a>{" "}
        · Use your browser&apos;s Print command for a paper copy. · <Link to={`${d.base}/consents`}>My consents</Link>
      </p>
      {d.sections.map((s) => (
        <section key={s.key} aria-labelledby={`s-${s.key}`} className="rounded-lg border border-line bg-white p-3">
          <h2 id={`s-${s.key}`} className="font-semibold">
            {s.label} ({s.rows.length})
          </h2>
          {s.rows.length === 0 ? <p className="text-sm text-muted">Nothing.</p> : null}
          {s.rows.map((r, i) => (
            <dl key={i} className="mt-2 border-t border-line pt-2 text-sm">
              {r.map(([k, v]) => (
                <div key={k} className="grid grid-cols-[8rem_1fr] gap-2">
                  <dt className="text-muted">{k}</dt>
                  <dd className="min-w-0">{v}</dd>
                </div>
              ))}
            </dl>
          ))}
        </section>
      ))}
    </article>
  );
}
