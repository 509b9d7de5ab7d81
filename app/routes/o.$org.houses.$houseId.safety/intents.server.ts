import type { TenantContext } from "#app/db/tenant.server";
import { withTenant } from "#app/db/tenant.server";
import { keepOrForget, recordFile, storeUpload, type StoredUpload } from "#app/domain/files/files.server";
import { addCheck, addComplianceDocument, archiveCheck, archiveComplianceDocument, logCheck } from "#app/domain/safety/safety.server";
import { DomainError } from "#app/domain/errors.server";
import { intent, rowId, runIntent } from "#app/ui/forms.server";
import { readUploadForm } from "#app/ui/uploads.server";
import { addCheckSchema, archiveCheckSchema, archiveDocumentSchema, documentSchema, logSchema } from "./forms.server";

/**
 * The safety tab's actions. Uploads (a check's photo, a document's file) are read as a
 * stream into temp files, checked from their bytes and stored before the transaction; the
 * transaction records the file and the row, and a refusal deletes the stored bytes again.
 */
export async function safetyAction(request: Request, ctx: { tenant: TenantContext; orgId: string }, houseId: string) {
  const upload = await readUploadForm(request, ["photo", "file"]);
  try {
    const store = async (field: "photo" | "file"): Promise<StoredUpload | null> => {
      const staged = upload.files[field];
      return staged ? storeUpload(ctx.orgId, staged, { field }) : null;
    };
    return await runIntent(upload.formData, {
      "add-check": intent({
        schema: addCheckSchema,
        formId: "add-check",
        fields: ["kind", "name", "intervalDays", "firstDueOn"],
        resetForm: true,
        run: async ({ intent: _i, ...input }) => {
          await withTenant(ctx.tenant, (tx) => addCheck(tx, { ...input, houseId }));
          return `${input.name} added to the checks.`;
        },
      }),
      log: intent({
        schema: logSchema,
        formId: "log",
        fields: ["checkId", "doneOn", "result", "notes", "expiresOn", "photo"],
        resetForm: true,
        run: async ({ intent: _i, ...input }) => {
          const stored = await store("photo");
          await keepOrForget(stored, () =>
            withTenant(ctx.tenant, async (tx) => {
              const photoId = stored ? await recordFile(tx, stored, { houseId }) : null;
              await logCheck(tx, { ...input, houseId }, photoId);
            }),
          );
          return "Check logged.";
        },
      }),
      "add-document": intent({
        schema: documentSchema,
        formId: "add-document",
        fields: ["kind", "title", "expiresOn", "file"],
        resetForm: true,
        run: async ({ intent: _i, ...input }) => {
          const stored = await store("file");
          if (!stored) throw new DomainError("invalid", "Choose the document's file.", { field: "file" });
          await keepOrForget(stored, () =>
            withTenant(ctx.tenant, async (tx) => {
              const fileId = await recordFile(tx, stored, { houseId });
              await addComplianceDocument(tx, { ...input, houseId }, fileId);
            }),
          );
          return `${input.title} added.`;
        },
      }),
      "archive-check": intent({
        schema: archiveCheckSchema,
        formId: (f) => `archive-check-${rowId(f, "checkId")}`,
        fields: [],
        button: true,
        run: async ({ checkId }) => {
          await withTenant(ctx.tenant, (tx) => archiveCheck(tx, houseId, checkId));
          return "The check was taken off the list. Its log is kept.";
        },
      }),
      "archive-document": intent({
        schema: archiveDocumentSchema,
        formId: (f) => `archive-document-${rowId(f, "documentId")}`,
        fields: [],
        button: true,
        run: async ({ documentId }) => {
          await withTenant(ctx.tenant, (tx) => archiveComplianceDocument(tx, houseId, documentId));
          return "The document was taken off the current list. Its file is kept.";
        },
      }),
    });
  } finally {
    await upload.cleanup();
  }
}
