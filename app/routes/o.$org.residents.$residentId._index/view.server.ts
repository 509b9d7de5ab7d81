import type { getResidentIntake } from "#app/domain/admissions/intake.server";
import { MOUD_LABELS, PAYER_LABELS, REFERRAL_SOURCE_LABELS } from "#app/domain/admissions/labels";
import { formatDateTime } from "#app/lib/dates";
import { formConstraint } from "#app/ui/constraint";
import { residentIntakeFormSchema, residentLogFormSchema } from "#app/ui/intake-forms.server";
import type { ResidentIntakeView } from "#app/ui/intake-section";

/** The intake section as the page shows it (ADR 029: with its forms' HTML constraints). */
export function intakeView(intake: Awaited<ReturnType<typeof getResidentIntake>>, tz: string): ResidentIntakeView {
  const f = intake.facts;
  const { moud } = intake;
  return {
    mayEdit: intake.mayEdit,
    constraints: { intake: formConstraint(residentIntakeFormSchema), log: formConstraint(residentLogFormSchema) },
    facts: {
      referralSource: f?.referralSource ?? "",
      referralSourceLabel: f?.referralSource ? REFERRAL_SOURCE_LABELS[f.referralSource] : null,
      referralDetail: f?.referralDetail ?? "",
      needs: f?.needs ?? "",
      payer: f?.payer ?? "",
      payerLabel: f?.payer ? PAYER_LABELS[f.payer] : null,
      sponsorName: f?.sponsorName ?? "",
      sponsorPhone: f?.sponsorPhone ?? "",
      probationContactName: f?.probationContactName ?? "",
      probationContactPhone: f?.probationContactPhone ?? "",
      fromApplication: Boolean(f?.fromApplicationId),
    },
    moud: moud.access
      ? {
          access: true,
          mayEdit: moud.mayEdit,
          answer: moud.answer ?? "",
          answerLabel: moud.answer ? MOUD_LABELS[moud.answer] : "Not asked yet",
          recorded: moud.recordedAt ? `Recorded ${formatDateTime(moud.recordedAt, tz)}${moud.recordedByName ? ` by ${moud.recordedByName}` : ""}.` : null,
        }
      : { access: false },
    log: intake.log.map((n) => ({ id: n.id, body: n.body, author: n.authorName, at: formatDateTime(n.createdAt, tz) })),
  };
}
