import { z } from "zod";

/**
 * The HSDS 3.1 fields the vacancy feed emits, as a zod schema (ADR 042): required fields and
 * types as the HSDS 3.1 schema files define them (service, phone, cost_option,
 * service_capacity and unit, service_at_location, location, address, attribute,
 * taxonomy_term, organization; the API's page). Tests validate the feed against it; a
 * directory can read the same definitions in HSDS's JSON schemas.
 */
const uuid = z.uuid();
const nullableText = z.string().nullable();
const dateTime = z.iso.datetime({ offset: true });

export const HsdsTaxonomyTerm = z.object({ id: uuid, code: z.string().min(1), name: z.string().min(1), taxonomy: z.string().min(1) });
export const HsdsAttribute = z.object({
  id: uuid,
  link_id: uuid,
  link_type: z.string(),
  link_entity: z.literal("service"),
  taxonomy_term_id: uuid,
  taxonomy_term: HsdsTaxonomyTerm,
  value: z.string().nullable(),
});
export const HsdsUnit = z.object({ id: uuid, name: z.string().min(1), scheme: nullableText, identifier: nullableText });
export const HsdsServiceCapacity = z.object({
  id: uuid,
  service_id: uuid,
  unit: HsdsUnit,
  available: z.number().int().nonnegative(),
  maximum: z.number().int().nonnegative().nullable(),
  description: nullableText,
  updated: dateTime,
});
export const HsdsPhone = z.object({ id: uuid, service_id: uuid, number: z.string().min(1), type: z.enum(["text", "voice", "fax", "cell", "video", "pager", "textphone"]) });
export const HsdsCostOption = z.object({
  id: uuid,
  service_id: uuid,
  option: nullableText,
  currency: z.string().length(3),
  amount: z.number().nonnegative(),
  amount_description: nullableText,
});
export const HsdsAddress = z.object({
  id: uuid,
  location_id: uuid,
  address_1: nullableText,
  address_2: nullableText,
  city: z.string().min(1),
  region: nullableText,
  state_province: z.string().min(1),
  postal_code: z.string().min(1),
  country: z.string().length(2),
  address_type: z.enum(["physical", "postal", "virtual"]),
});
export const HsdsLocation = z.object({
  id: uuid,
  location_type: z.enum(["physical", "postal", "virtual"]),
  name: nullableText,
  addresses: z.array(HsdsAddress),
});
export const HsdsServiceAtLocation = z.object({ id: uuid, service_id: uuid, location_id: uuid, location: HsdsLocation });
export const HsdsOrganization = z.object({ id: uuid, name: z.string().min(1), description: nullableText, website: z.url().nullable() });
export const HsdsService = z
  .object({
    id: uuid,
    organization_id: uuid,
    name: z.string().min(1),
    alternate_name: nullableText,
    description: nullableText,
    url: z.url().nullable(),
    email: z.email().nullable(),
    status: z.enum(["active", "inactive", "defunct", "temporarily closed"]),
    application_process: nullableText,
    fees_description: nullableText,
    eligibility_description: nullableText,
    last_modified: dateTime,
    phones: z.array(HsdsPhone),
    cost_options: z.array(HsdsCostOption),
    capacities: z.array(HsdsServiceCapacity).min(1),
    service_at_locations: z.array(HsdsServiceAtLocation),
    attributes: z.array(HsdsAttribute),
    organization: HsdsOrganization,
  })
  .strict();
export const HsdsServicePage = z
  .object({
    hsds_version: z.literal("3.1"),
    total_items: z.number().int().nonnegative(),
    total_pages: z.number().int().positive(),
    page_number: z.number().int().positive(),
    size: z.number().int().nonnegative(),
    first_page: z.boolean(),
    last_page: z.boolean(),
    empty: z.boolean(),
    contents: z.array(HsdsService),
  })
  .strict();
