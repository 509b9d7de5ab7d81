import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrg } from "#app/auth/guard.server";
import { withTenant } from "#app/db/tenant.server";
import { DOCUMENT_KIND_LABELS } from "#app/domain/documents/schemas";
import { listMyDocuments, listMySignatures } from "#app/domain/documents/signatures.server";
import { formatInZone } from "#app/lib/dates";
import { takeFlash } from "#app/ui/flash.server";
import { FormMessage } from "#app/ui/form";
import { Card, EmptyState, PageHeader } from "#app/ui/page";

/**
 * The resident's house documents: those waiting for their signature first (where they
 * land after signing in while any are waiting), then what they have signed. Never a wall:
 * "Continue to my home" is always there.
 */
export const meta: MetaFunction = () => [{ title: "My house documents · Hearth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrg(request, params.org, "self:read");
  const { docs, signed } = await withTenant(ctx.tenant, async (tx) => ({ docs: await listMyDocuments(tx), signed: await listMySignatures(tx) }));
  const zone = docs[0]?.timeZone ?? ctx.org.timeZone;
  const day = (d: Date) => formatInZone(d, zone, "MMM d, yyyy");
  const base = `/o/${ctx.org.slug}/me`;
  const { flash, headers } = takeFlash(request, ["signed"]);
  const item = (d: (typeof docs)[number]) => ({
    key: `${d.houseId}-${d.kind}`,
    href: `${base}/documents/${d.versionId}`,
    title: DOCUMENT_KIND_LABELS[d.kind],
    detail: `${d.houseName} · version ${d.version}, published ${day(d.publishedAt)}`,
  });
  return data(
    {
      base,
      signedNow: flash === "signed",
      waiting: docs.filter((d) => !d.signedAt).map(item),
      signed: signed.map((s) => ({
        id: s.id,
        href: `${base}/documents/${s.versionId}`,
        title: DOCUMENT_KIND_LABELS[s.kind],
        detail: `Version ${s.version}, signed ${day(s.signedAt)} as “${s.typedName}”`,
      })),
    },
    { headers },
  );
}

export default function MyDocuments() {
  const { base, signedNow, waiting, signed } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader
        title={waiting.length ? "Documents waiting for your signature" : "My house documents"}
        description={
          waiting.length
            ? "Please read each one and sign it with your full name. You can keep using everything else in the meantime."
            : "Your house's rules and other documents, and what you have signed."
        }
      />
      <div aria-live="polite" className="empty:hidden">
        {signedNow ? <FormMessage kind="ok">Thank you, your signature is saved.</FormMessage> : null}
      </div>
      {waiting.length ? (
        <Card title="Waiting for your signature">
          <ul className="space-y-2">
            {waiting.map((w) => (
              <li key={w.key}>
                <Link to={w.href} className="inline-flex min-h-11 items-center font-medium">
                  Read and sign: {w.title}
                </Link>
                <span className="block text-sm text-muted">{w.detail}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : (
        <EmptyState title="Nothing waiting">You have signed every house document that applies to you.</EmptyState>
      )}
      {signed.length ? (
        <Card title="What you have signed">
          <ul className="space-y-2">
            {signed.map((s) => (
              <li key={s.id}>
                <Link to={s.href} className="inline-flex min-h-11 items-center">
                  {s.title}
                </Link>
                <span className="block text-sm text-muted">{s.detail}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <p>
        <Link to={base} className="inline-flex min-h-11 items-center font-medium">
          Continue to my home
        </Link>
      </p>
    </div>
  );
}
