import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import { withTenant, type TenantContext, type Tx } from "#app/db/tenant.server";
import type { FormActionData } from "./forms.server";
import type { Confirm } from "./confirm-panel";

/**
 * Two-step actions (discharge, cancel, undo, role changes): the first post answers with
 * a question (`ask`), rendered by <ConfirmPanel>, whose form posts the same intent and
 * fields again with `confirmed=yes`. Works without JavaScript.
 */
export type ConfirmActionData = FormActionData & { confirm?: Confirm; undo?: { intent: string; label: string } };

export const confirmed = (formData: FormData) => formData.get("confirmed") === "yes";

export const ask = (formId: string, confirm: Confirm, result: SubmissionResult<string[]> | null = null) =>
  data<ConfirmActionData>({ formId, result, notice: null, error: null, pageError: null, detail: null, confirm });

const ROLLBACK = Symbol("dry run");

/**
 * Run the change and roll it back, so a refusal (a date before the move-in, a record that
 * changed meanwhile) shows before the question, not after it. Throws the DomainError.
 */
export async function dryRun(tenant: TenantContext, work: (tx: Tx) => Promise<unknown>): Promise<void> {
  try {
    await withTenant(tenant, async (tx) => {
      await work(tx);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
}
