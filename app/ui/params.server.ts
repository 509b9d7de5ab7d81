import { uuidParam } from "./forms.server";

/**
 * Route params are input like any other: each `:xId` is parsed here, and anything that is
 * not a uuid answers 404 with the page's own words (never a 500). Loaders pass the same
 * words to `orErrorPage` for records RLS hides or that do not exist.
 */
export const NOT_FOUND = {
  house: "We couldn't find that house.",
  resident: "We couldn't find that resident.",
  application: "We couldn't find that application.",
  stay: "We couldn't find that stay.",
  document: "We couldn't find that document.",
  signature: "We couldn't find that signed document.",
} as const;

export const houseIdParam = (params: { houseId?: string }) => uuidParam(params.houseId, NOT_FOUND.house);
export const residentIdParam = (params: { residentId?: string }) => uuidParam(params.residentId, NOT_FOUND.resident);
export const applicationIdParam = (params: { applicationId?: string }) => uuidParam(params.applicationId, NOT_FOUND.application);
export const stayIdParam = (params: { stayId?: string }) => uuidParam(params.stayId, NOT_FOUND.stay);
export const versionIdParam = (params: { versionId?: string }) => uuidParam(params.versionId, NOT_FOUND.document);
export const signatureIdParam = (params: { signatureId?: string }) => uuidParam(params.signatureId, NOT_FOUND.signature);
