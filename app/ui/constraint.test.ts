import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  AdmitInput,
  ApplicationInput,
  ApplicationIntakeInput,
  DischargeInput,
  ResidentIntakeInput,
} from "#app/domain/admissions/schemas";
import { HouseInput } from "#app/domain/houses/schemas";
import { ContactInput, ResidentInput } from "#app/domain/residents/schemas";
import { optionalIsoDate, optionalText, text } from "#app/lib/fields";
import { formConstraint, maxLengthOf } from "./constraint";

describe("formConstraint", () => {
  it("leaves optional dates, ids and choices optional in the DOM", () => {
    const resident = formConstraint(ResidentInput);
    expect(resident.dateOfBirth!.required).toBe(false);
    expect(resident.recoveryStartDate!.required).toBe(false);
    expect(resident.legalName!.required).toBe(true);
    expect(formConstraint(AdmitInput).expectedMoveOutDate!.required).toBe(false);
    expect(formConstraint(AdmitInput).moveInDate!.required).toBe(true);
    const application = formConstraint(ApplicationInput);
    for (const name of ["desiredMoveIn", "houseId", "recoveryDate", "payer", "phone", "email"]) expect(application[name]!.required, name).toBe(false);
    expect(application.referralSource!.required).toBe(true);
    expect(formConstraint(ApplicationIntakeInput).moud!.required).toBe(false);
  });

  it("gives every text field the maxlength of its schema", () => {
    expect(formConstraint(ResidentInput)).toMatchObject({
      legalName: { maxLength: 120 },
      preferredName: { maxLength: 80 },
      pronouns: { maxLength: 40 },
      phone: { maxLength: 40 },
      email: { maxLength: 254 },
      emergencyContactName: { maxLength: 120 },
      emergencyContactRelationship: { maxLength: 60 },
    });
    expect(formConstraint(ApplicationInput)).toMatchObject({
      applicantName: { maxLength: 120 },
      referralDetail: { maxLength: 200 },
      needs: { maxLength: 2000 },
      sponsorName: { maxLength: 120 },
      probationContactPhone: { maxLength: 40 },
    });
    expect(formConstraint(DischargeInput).destination).toMatchObject({ maxLength: 200, required: false });
    expect(formConstraint(ResidentIntakeInput).needs).toMatchObject({ maxLength: 2000 });
    expect(formConstraint(ContactInput).emergencyContactPhone).toMatchObject({ maxLength: 40 });
    // Every string field of these forms has one.
    for (const schema of [HouseInput, ResidentInput, ApplicationInput, ApplicationIntakeInput]) {
      const shape = (schema as unknown as { _zod: { def: { shape?: Record<string, z.ZodType>; in?: { _zod: { def: { shape: Record<string, z.ZodType> } } } } } })._zod.def;
      const fields = shape.shape ?? shape.in!._zod.def.shape;
      const constraint = formConstraint(schema);
      for (const [name, field] of Object.entries(fields)) {
        if (field.safeParse("x".repeat(5000)).success) expect.fail(`${name} accepts 5000 characters`);
        if (maxLengthOf(field) !== null) expect(constraint[name]!.maxLength, name).toBe(maxLengthOf(field));
      }
    }
  });

  it("reads the length bound through trim, refine, nullish, transform and unions", () => {
    expect(maxLengthOf(text(33))).toBe(33);
    expect(maxLengthOf(optionalText(44))).toBe(44);
    expect(maxLengthOf(optionalIsoDate)).toBeNull();
    expect(maxLengthOf(z.union([z.literal(""), z.string().max(9)]))).toBe(9);
    expect(maxLengthOf(z.number())).toBeNull();
  });
});
