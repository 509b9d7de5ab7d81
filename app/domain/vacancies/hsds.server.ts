import { createHash } from "node:crypto";
import type { HousePopulation } from "#app/db/schema";
import { NARR_LEVEL_LABELS, POPULATION_LABELS } from "#app/domain/houses/schemas";
import type { PublicHouse, PublicVacancies } from "./public.server";

/**
 * The vacancy feed in the shape of Open Referral HSDS 3.1 (ADR 042): an HSDS API page of
 * services, one per published house. Each service is of type "recovery residence" (an
 * attribute in Hearth's service-type vocabulary), carries its NARR level and the
 * populations it serves (attributes, and in words as `eligibility_description`), its fees
 * (`fees_description`, a weekly `cost_option`), the house's application link, and one
 * `service_capacity` in beds: available, maximum, updated. Ids are stable UUIDs derived from
 * the house's id (v5-style, so a directory can track a house across fetches).
 */

export const HSDS_VERSION = "3.1";
export const BED_UNIT = { name: "bed", scheme: "hearth", identifier: "bed" } as const;
export const SERVICE_TYPE_TAXONOMY = "hearth-service-type";
export const NARR_TAXONOMY = "narr-level";
export const POPULATION_TAXONOMY = "hearth-population";

/** A stable UUID for one of a house's HSDS records (SHA-1 name-based, RFC 4122 version 5 layout). */
export function hsdsId(...parts: string[]): string {
  const h = createHash("sha1").update(parts.join(":")).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** What each term means, for HSDS's required `taxonomy_term.description`. */
const TERM_DESCRIPTIONS: Record<string, (name: string) => string> = {
  [SERVICE_TYPE_TAXONOMY]: () => "A recovery residence: a safe, substance-free home with peer support for people in recovery.",
  [NARR_TAXONOMY]: (name) => `National Alliance for Recovery Residences (NARR) standard: ${name}.`,
  [POPULATION_TAXONOMY]: (name) => `Population served: ${name}.`,
};

function attribute(serviceId: string, taxonomy: string, code: string, name: string) {
  const termId = hsdsId("term", taxonomy, code);
  return {
    id: hsdsId("attribute", serviceId, taxonomy, code),
    link_id: serviceId,
    link_type: "service",
    link_entity: "service",
    taxonomy_term_id: termId,
    taxonomy_term: { id: termId, code, name, description: TERM_DESCRIPTIONS[taxonomy]!(name), taxonomy },
    value: code,
  };
}

/**
 * HSDS's schema types its optional text fields as strings, not null: an unknown value is left
 * out, never `null` (the published JSON Schema refuses null).
 */
function optional<K extends string>(key: K, value: string | null): { [P in K]?: string } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: string };
}

function service(org: PublicVacancies["org"], house: PublicHouse, origin: string) {
  const id = house.houseId;
  const organizationId = hsdsId("organization", org.id);
  const locationId = hsdsId("location", id);
  const populations = house.populations.map((p) => POPULATION_LABELS[p as HousePopulation] ?? p);
  const level = NARR_LEVEL_LABELS[house.narrLevel as 1 | 2 | 3 | 4];
  return {
    id,
    organization_id: organizationId,
    name: house.name,
    ...optional("description", house.description),
    url: `${origin}/vacancies/${org.slug}#house-${id}`,
    ...optional("email", house.contactEmail),
    status: "active" as const,
    application_process: `Apply online: ${origin}/apply/${org.slug}`,
    ...optional("fees_description", house.feesDescription),
    ...optional("eligibility_description", populations.length ? `Serves: ${populations.join(", ")}.` : null),
    last_modified: house.updatedAt,
    phones: house.contactPhone ? [{ id: hsdsId("phone", id), service_id: id, number: house.contactPhone, type: "voice" }] : [],
    cost_options: house.weeklyFeeCents
      ? [
          {
            id: hsdsId("cost", id),
            service_id: id,
            option: "Weekly rent",
            currency: "USD",
            amount: house.weeklyFeeCents / 100,
            amount_description: "per week",
          },
        ]
      : [],
    capacities: [
      {
        id: hsdsId("capacity", id),
        service_id: id,
        unit: { id: hsdsId("unit", "bed"), ...BED_UNIT },
        available: house.bedsAvailable,
        maximum: house.bedsMaximum,
        description: "Adult beds in service; available means free today.",
        updated: house.updatedAt,
      },
    ],
    service_at_locations: [
      {
        id: hsdsId("service_at_location", id),
        service_id: id,
        location_id: locationId,
        location: {
          id: locationId,
          location_type: "physical" as const,
          name: house.name,
          addresses: [
            {
              id: hsdsId("address", id),
              location_id: locationId,
              // HSDS requires address_1; when the operator keeps the street private it is empty.
              address_1: house.addressLine1 ?? "",
              ...optional("address_2", house.addressLine2),
              city: house.city,
              state_province: house.region,
              postal_code: house.postalCode,
              country: "US",
              address_type: "physical" as const,
            },
          ],
        },
      },
    ],
    attributes: [
      attribute(id, SERVICE_TYPE_TAXONOMY, "recovery_residence", "Recovery residence"),
      attribute(id, NARR_TAXONOMY, `level_${house.narrLevel}`, level ?? `Level ${house.narrLevel}`),
      ...house.populations.map((p) => attribute(id, POPULATION_TAXONOMY, p, POPULATION_LABELS[p as HousePopulation] ?? p)),
    ],
    organization: {
      id: organizationId,
      name: org.name,
      description: `${org.name} runs recovery residences; open beds are listed at ${origin}/vacancies/${org.slug}.`,
      website: `${origin}/vacancies/${org.slug}`,
    },
  };
}

/** The whole feed: one HSDS API page (every published house; an operator has few). */
export function hsdsFeed(vacancies: PublicVacancies, origin: string) {
  const contents = vacancies.houses.map((h) => service(vacancies.org, h, origin));
  return {
    hsds_version: HSDS_VERSION,
    total_items: contents.length,
    total_pages: 1,
    page_number: 1,
    size: contents.length,
    first_page: true,
    last_page: true,
    empty: contents.length === 0,
    contents,
  };
}
