import { z } from "zod";
import { ArchiveInput, SeriesInput } from "#app/domain/sessions/schemas";

/** The session series form's schema (new and edit): the domain's schema plus the intent. Server only (ADR 029). */
export const seriesFormSchema = SeriesInput.extend({ intent: z.literal("save-series") });
export const SERIES_FIELDS = [
  "title",
  "kind",
  "facilitatorName",
  "facilitatorMembershipId",
  "place",
  "startsOn",
  "startTime",
  "endTime",
  "repeats",
  "weekdays",
  "until",
  "customRule",
  "attendance",
  "invitees",
];


/** The edit page's archive form. */
export const archiveSeriesSchema = ArchiveInput.extend({ intent: z.literal("archive-series") });
