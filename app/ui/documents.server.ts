import { z } from "zod";
import type { DocumentKind } from "#app/db/schema";
import { cursorParam } from "#app/lib/cursor.server";
import { withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import { discardDraft, publishDraft, saveDraft, type DocumentVersion, type Published, type Scope } from "#app/domain/documents/documents.server";
import { renderMarkdown } from "#app/domain/documents/render.server";
import { DOCUMENT_KIND_LABELS, DOCUMENT_KINDS, documentKind } from "#app/domain/documents/schemas";
import { formatDateTime } from "#app/lib/dates";
import { formConstraint } from "./constraint";
import { discardDraftSchema, discardFormId, editorFormId, editorSchema, publishSchema, saveDraftSchema } from "./document-forms.server";
import { ask, dryRun } from "./confirm.server";
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
      run: async ({ kind, body, confirmed }) => {
        const publish = (tx: Tx) => saveDraft(tx, scope, { kind, body }).then((draft) => publishDraft(tx, scope, { draftId: draft.id }));
        if (confirmed !== "yes") {
          // Ask first: tried and rolled back, so a refusal shows now and the question has the count.
          let preview: Published | null = null;
          await dryRun(tenant, async (tx) => {
            preview = await publish(tx);
          });
          const p = preview as Published | null;
          if (!p) throw new Error("publish preview missing");
          const who = p.asked === 1 ? "1 current resident" : `${p.asked} current residents`;
          return ask(
            editorFormId(kind),
            {
              intent: "publish",
              title: `Publish version ${p.version} of the ${DOCUMENT_KIND_LABELS[kind].toLowerCase()}?`,
              body: `Publishing asks every current resident to sign again: ${who}${scope ? " of this house" : " of the houses that use the organisation default"}. Published versions can't be changed.`,
              yes: `Yes, publish version ${p.version}`,
              danger: false,
              fields: { kind, body },
            },
            { initialValue: { intent: "publish", kind, body } },
          );
        }
        const published = await withTenant(tenant, publish);
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

/** The document editor's HTML constraints, for the loader: the editor is checked in the action only (ADR 029). */
export const editorConstraint = () => formConstraint(editorSchema);

export type EditorKind = {
  kind: DocumentKind;
  label: string;
  current: { id: string; version: number; publishedAt: string; hash: string; html: string } | null;
  draft: { id: string; updatedAt: string } | null;
  /** What the editor starts with: the draft, else the current text. */
  body: string;
  history: { id: string; version: number; publishedAt: string }[];
  /** The cursor of the next page of older versions (null: the last page). */
  historyNext: string | null;
  /** Whether the history shown is a later page (the list was paged through). */
  paged: boolean;
};

/** The query parameter naming the kind whose history is paged (with `cursor`). */
export const HISTORY_PARAM = "history";
/** The editor page's query: which kind's older versions are paged, and where from. */
export const editorQuery = z.strictObject({ [HISTORY_PARAM]: documentKind.optional(), cursor: cursorParam.optional() });

/** The editor's data per kind from one scope's versions (newest first, drafts first) and each kind's next page. */
export function editorKinds(
  versions: DocumentVersion[],
  timeZone: string,
  next: Partial<Record<DocumentKind, string | null>> = {},
  pagedKind: DocumentKind | null = null,
): EditorKind[] {
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
      historyNext: next[kind] ?? null,
      paged: pagedKind === kind,
    };
  });
}
