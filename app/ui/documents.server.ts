import type { DocumentKind } from "#app/db/schema";
import { withTenant, type TenantContext } from "#app/db/tenant.server";
import { discardDraft, publishDraft, saveDraft, type DocumentVersion, type Scope } from "#app/domain/documents/documents.server";
import { renderMarkdown } from "#app/domain/documents/render.server";
import { DOCUMENT_KIND_LABELS, DOCUMENT_KINDS } from "#app/domain/documents/schemas";
import { formatDateTime } from "#app/lib/dates";
import { discardDraftSchema, discardFormId, editorFormId, publishSchema, saveDraftSchema } from "./document-forms";
import { intent } from "./forms.server";

/**
 * The document editor's work and data, the same for the org defaults (settings) and a
 * house's own documents: save a draft, publish it (saved and published in one
 * transaction), discard it.
 */
export function documentIntents(tenant: TenantContext, scope: Scope) {
  const fields = ["body", "kind"] as const;
  return {
    "save-draft": intent({
      schema: saveDraftSchema,
      formId: (f) => editorFormId(String(f.get("kind") ?? "").slice(0, 40)),
      fields,
      run: async ({ kind, body }) => {
        await withTenant(tenant, (tx) => saveDraft(tx, scope, { kind, body }));
        return `Draft of the ${DOCUMENT_KIND_LABELS[kind].toLowerCase()} saved. Residents see it once you publish it.`;
      },
    }),
    publish: intent({
      schema: publishSchema,
      formId: (f) => editorFormId(String(f.get("kind") ?? "").slice(0, 40)),
      fields,
      run: async ({ kind, body }) => {
        const published = await withTenant(tenant, async (tx) => {
          const draft = await saveDraft(tx, scope, { kind, body });
          return publishDraft(tx, scope, { draftId: draft.id });
        });
        const asked = published.notified === 1 ? "1 resident was emailed" : `${published.notified} residents were emailed`;
        return `${DOCUMENT_KIND_LABELS[kind]} version ${published.version} published. Residents are asked to sign it; ${asked}.`;
      },
    }),
    "discard-draft": intent({
      schema: discardDraftSchema,
      formId: (f) => discardFormId(String(f.get("kind") ?? "").slice(0, 40)),
      button: true,
      invalidMessage: "That draft is no longer there. Reload the page to see the latest.",
      run: async ({ draftId }) => {
        await withTenant(tenant, (tx) => discardDraft(tx, scope, { draftId }));
        return "Draft discarded.";
      },
    }),
  };
}

export type EditorKind = {
  kind: DocumentKind;
  label: string;
  current: { id: string; version: number; publishedAt: string; hash: string; html: string } | null;
  draft: { id: string; updatedAt: string } | null;
  /** What the editor starts with: the draft, else the current text. */
  body: string;
  history: { id: string; version: number; publishedAt: string }[];
};

/** The editor's data per kind from one scope's versions (newest first, drafts first). */
export function editorKinds(versions: DocumentVersion[], timeZone: string): EditorKind[] {
  return DOCUMENT_KINDS.map((kind) => {
    const mine = versions.filter((v) => v.kind === kind);
    const draft = mine.find((v) => v.status === "draft") ?? null;
    const published = mine.filter((v) => v.status === "published");
    const [current, ...older] = published;
    return {
      kind,
      label: DOCUMENT_KIND_LABELS[kind],
      current: current
        ? {
            id: current.id,
            version: current.version!,
            publishedAt: formatDateTime(current.publishedAt!, timeZone),
            hash: current.contentHash!,
            html: renderMarkdown(current.body),
          }
        : null,
      draft: draft ? { id: draft.id, updatedAt: formatDateTime(draft.updatedAt, timeZone) } : null,
      body: draft?.body ?? current?.body ?? "",
      history: older.map((v) => ({ id: v.id, version: v.version!, publishedAt: formatDateTime(v.publishedAt!, timeZone) })),
    };
  });
}
