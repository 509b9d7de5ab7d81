import { z } from "zod";
import type { TenantContext } from "#app/db/tenant.server";
import { withTenant } from "#app/db/tenant.server";
import { listOwnStandards, listPublishedStandards, type LibraryRow } from "#app/domain/standards/editor.server";
import { cloneStandard } from "#app/domain/standards/standards.server";
import { formatInZone } from "#app/lib/dates";
import { cursorParam } from "#app/lib/cursor.server";
import { formConstraint } from "#app/ui/constraint";
import { redirectWithFlash } from "#app/ui/flash.server";
import { intent, runIntent } from "#app/ui/forms.server";
import { cloneSchema } from "#app/ui/library.server";

/** The library page in words (ADR 059): own versions, then every published standard a page at a time. */
const query = z.strictObject({ cursor: cursorParam.optional() });

export function libraryQuery(url: string) {
  const parsed = query.safeParse(Object.fromEntries(new URL(url).searchParams));
  return parsed.success ? parsed.data : null;
}

const row = (base: string, timeZone: string) => (s: LibraryRow) => ({
  key: `${s.orgId}:${s.id}`,
  href: `${base}/${s.id}`,
  title: `${s.name} ${s.version}`,
  detail: [
    s.status === "draft" ? "Draft" : `Published${s.publishedAt ? ` ${formatInZone(s.publishedAt, timeZone, "MMM d, yyyy")}` : ""}`,
    `by ${s.publisher}`,
    `${s.items} items`,
    s.basedOn ? `based on ${s.basedOn}` : null,
  ].filter(Boolean).join(" · "),
  draft: s.status === "draft",
});

export async function libraryPage(tenant: TenantContext, org: { slug: string; timeZone: string }, cursor: ReturnType<typeof libraryQuery>) {
  const { own, published } = await withTenant(tenant, async (tx) => ({
    own: await listOwnStandards(tx),
    published: await listPublishedStandards(tx, { cursor: cursor?.cursor ?? null }),
  }));
  const base = `/o/${org.slug}/library`;
  const sources = [...own.filter((s) => s.status === "published"), ...published.items];
  return {
    own: own.map(row(base, org.timeZone)),
    published: published.items.map(row(base, org.timeZone)),
    next: published.next ? `${base}?cursor=${published.next}` : null,
    paged: Boolean(cursor?.cursor),
    first: base,
    clone: {
      constraint: formConstraint(cloneSchema),
      sources: sources.map((s) => ({ value: `${s.orgId}:${s.id}`, label: `${s.name} ${s.version} (${s.publisher})` })),
    },
  };
}

export async function libraryAction(request: Request, tenant: TenantContext, orgSlug: string) {
  return runIntent(await request.formData(), {
    clone: intent({
      schema: cloneSchema,
      formId: "clone",
      fields: ["source", "name", "version", "publisher"],
      run: async ({ source, name, version, publisher }) => {
        const [standardOrgId, standardId] = source.split(":") as [string, string];
        const { id } = await withTenant(tenant, (tx) => cloneStandard(tx, { standardOrgId, standardId, name, version, publisher }));
        return redirectWithFlash(`/o/${orgSlug}/library/${id}`, "created");
      },
    }),
  });
}
