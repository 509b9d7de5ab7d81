import { z } from "zod";
import { ContactInput, ResidentInput } from "#app/domain/residents/schemas";
import { formConstraint } from "./constraint";

/**
 * The staff form for a resident's profile (new and edit), and the resident's own contact
 * form (portal): the domain's strict input schemas plus the intent, so unknown fields are
 * refused. Checked in the action only (ADR 029); the loader sends the constraint.
 */
export const residentFormSchema = ResidentInput.extend({ intent: z.literal("save-resident") });
export const contactFormSchema = ContactInput.extend({ intent: z.literal("save-contact") });
export const RESIDENT_MESSAGES = { legalName: "Enter the resident's legal name." };
export const residentConstraint = () => formConstraint(residentFormSchema);
export const contactConstraint = () => formConstraint(contactFormSchema);
