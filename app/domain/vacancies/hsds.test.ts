import { describe, expect, it } from "vitest";
import { validateHsdsServicePage } from "#tests/support/hsds-schema";
import { hsdsFeed } from "./hsds.server";
import type { PublicHouse } from "./public.server";

const org = { id: "11111111-1111-4111-8111-111111111111", name: "Harbor Light Homes", slug: "harbor-light" };
const house = (over: Partial<PublicHouse> = {}): PublicHouse => ({
  houseId: "22222222-2222-4222-8222-222222222222",
  name: "Maple House",
  description: null,
  city: "Philadelphia",
  region: "PA",
  postalCode: "19104",
  addressLine1: null,
  addressLine2: null,
  narrLevel: 2,
  populations: ["women", "pregnant_postpartum"],
  feesDescription: "Sliding scale available.",
  weeklyFeeCents: 17500,
  contactPhone: null,
  contactEmail: null,
  bedsMaximum: 3,
  bedsAvailable: 2,
  updatedAt: "2026-11-30T15:04:05.000Z",
  ...over,
});

/** A deep copy to break on purpose. */
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe("the vacancy feed against the published HSDS 3.1 JSON Schema (tests/fixtures/hsds)", () => {
  it("validates: a house with only the required fields, one with every optional field, and an empty feed", () => {
    const sparse = hsdsFeed({ org, houses: [house({ feesDescription: null, weeklyFeeCents: null, populations: [] })] }, "https://hearth.test");
    expect(validateHsdsServicePage(sparse).errors).toEqual([]);
    const full = hsdsFeed(
      {
        org,
        houses: [
          house({ description: "Near the bus line.", addressLine1: "12 Elm St", addressLine2: "Rear door", contactPhone: "215-555-0100", contactEmail: "beds@example.test" }),
          house({ houseId: "33333333-3333-4333-8333-333333333333", name: "Oak House", narrLevel: 3, populations: ["men", "veterans"] }),
        ],
      },
      "https://hearth.test",
    );
    expect(validateHsdsServicePage(full).errors).toEqual([]);
    expect(validateHsdsServicePage(hsdsFeed({ org, houses: [] }, "https://hearth.test")).errors).toEqual([]);
  });

  it("fails a feed with a wrong field (so the validation can fail)", () => {
    const feed = hsdsFeed({ org, houses: [house()] }, "https://hearth.test");
    const wrongType = copy(feed);
    (wrongType.contents[0]!.capacities[0] as { available: unknown }).available = "two";
    expect(validateHsdsServicePage(wrongType).valid).toBe(false);
    expect(validateHsdsServicePage(wrongType).errors.join("\n")).toContain("/capacities/0/available must be number");

    const noUnit = copy(feed) as { contents: { capacities: Record<string, unknown>[] }[] };
    delete noUnit.contents[0]!.capacities[0]!.unit;
    expect(validateHsdsServicePage(noUnit).errors.join("\n")).toContain("must have required property 'unit'");

    const badStatus = copy(feed) as { contents: { status: string }[] };
    badStatus.contents[0]!.status = "open";
    expect(validateHsdsServicePage(badStatus).valid).toBe(false);

    const nullText = copy(feed) as { contents: { description: string | null }[] };
    nullText.contents[0]!.description = null;
    expect(validateHsdsServicePage(nullText).errors.join("\n")).toContain("/description must be string");

    const noPage = copy(feed) as Partial<typeof feed>;
    delete noPage.total_items;
    expect(validateHsdsServicePage(noPage).valid).toBe(false);
  });

  it("carries the house as a recovery residence with its level, the populations served as eligibility, its fees and the application link", () => {
    const feed = hsdsFeed({ org, houses: [house()] }, "https://hearth.test");
    const service = feed.contents[0]!;
    const terms = service.attributes.map((a) => [a.taxonomy_term.taxonomy, a.taxonomy_term.code, a.taxonomy_term.name]);
    expect(terms).toEqual([
      ["hearth-service-type", "recovery_residence", "Recovery residence"],
      ["narr-level", "level_2", "Level II — monitored"],
      ["hearth-population", "women", "Women"],
      ["hearth-population", "pregnant_postpartum", "Pregnant or postpartum"],
    ]);
    expect(service.eligibility_description).toBe("Serves: Women, Pregnant or postpartum.");
    expect(service.fees_description).toBe("Sliding scale available.");
    expect(service.cost_options).toMatchObject([{ option: "Weekly rent", currency: "USD", amount: 175, amount_description: "per week" }]);
    expect(service.capacities).toMatchObject([{ unit: { name: "bed" }, available: 2, maximum: 3, updated: "2026-11-30T15:04:05.000Z" }]);
    expect(service.application_process).toBe("Apply online: https://hearth.test/apply/harbor-light");
  });
});
