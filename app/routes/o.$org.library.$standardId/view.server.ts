import type { EditorStandard, Heading } from "#app/domain/standards/editor.server";
import { formConstraint } from "#app/ui/constraint";
import { itemDefaults, itemFormData, levelsText, newVersionSchema } from "#app/ui/library.server";
import { addHeadingFormId, addHeadingSchema, headingSchema } from "./intents.server";

/** The domain a page shows: `?domain=2` (anything else: the first domain). */
export function domainParam(url: string): string | null {
  const d = new URL(url).searchParams.get("domain");
  return d && /^[0-9A-Z]{1,3}$/.test(d) ? d : null;
}

const STATUS = { draft: "Draft", published: "Published" } as const;

/** The standard page in words: the chosen domain's principles, standards and items; what the reader may change. */
export function standardPage(orgSlug: string, s: EditorStandard, canWrite: boolean) {
  const base = `/o/${orgSlug}/library/${s.id}`;
  const editable = canWrite && s.own && s.status === "draft";
  const heading = (h: Heading) => ({ kind: h.kind, code: h.code, title: h.title, formId: `heading-${h.kind}-${h.code}` });
  const domain = s.headings.find((h) => h.kind === "domain" && h.code === s.domain) ?? null;
  const principles = s.headings.filter((h) => h.kind === "principle" && h.parentCode === s.domain);
  const sections = s.headings.filter((h) => h.kind === "section");
  const add = (kind: "domain" | "principle" | "section", parentCode: string | null) => ({
    kind, parentCode, formId: addHeadingFormId(kind, parentCode),
    ...{
      domain: { summary: "Add a domain", codeLabel: "Domain number", codeHint: "1 to 99, not yet used in this version." },
      principle: { summary: `Add a principle to domain ${parentCode}`, codeLabel: "Principle letter", codeHint: "One capital letter not yet used in this version, like K." },
      section: { summary: `Add a standard to principle ${parentCode}`, codeLabel: "Standard number", codeHint: "1 to 99, not yet used in this version, like 32." },
    }[kind],
  });
  return {
    id: s.id,
    orgId: s.orgId,
    title: `${s.name} ${s.version}`,
    statusLabel: STATUS[s.status],
    detail: [`Published by ${s.publisher}`, s.basedOn ? `based on ${s.basedOn}` : null, s.own ? null : "another organisation's standard"].filter(Boolean).join(" · "),
    back: `/o/${orgSlug}/library`,
    here: base,
    editable,
    canPublish: editable,
    canStartVersion: canWrite && s.status === "published",
    domains: s.headings.filter((h) => h.kind === "domain").map((d) => ({ code: d.code, title: d.title, items: d.items, href: `${base}?domain=${d.code}`, current: d.code === s.domain })),
    domain: domain ? { ...heading(domain), addPrinciple: add("principle", domain.code) } : null,
    addDomain: add("domain", null),
    principles: principles.map((p) => ({
      ...heading(p),
      addSection: add("section", p.code),
      sections: sections.filter((x) => x.parentCode === p.code).map((x) => ({
        ...heading(x),
        items: s.items.filter((i) => i.code.split(".")[2] === x.code).map((i) => ({
          id: i.id, code: i.code, text: i.text, levels: levelsText(i.levels), href: `${base}/items/${i.id}`,
        })),
      })),
    })),
    headingConstraint: formConstraint(headingSchema),
    addHeadingConstraint: formConstraint(addHeadingSchema),
    addItem: itemFormData("add"),
    addDefaults: { ...itemDefaults(null), code: domain && principles[0] ? `${domain.code}.${principles[0].code}.` : "" },
    newVersionConstraint: formConstraint(newVersionSchema),
  };
}
