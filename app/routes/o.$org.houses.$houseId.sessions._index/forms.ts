/** The sessions page's form ids and window (no zod: the schemas are in `forms.server.ts`). */
export const occurrenceFormId = (prefix: string, seriesId: string, occursOn: string) => `${prefix}-${seriesId.slice(0, 36)}-${occursOn.slice(0, 10)}`;
export const WEEKS_AHEAD = 2;
