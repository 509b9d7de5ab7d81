import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject } from "ajv";
import addFormatsModule from "ajv-formats";

/**
 * The published Open Referral HSDS 3.1 JSON Schemas (vendored under tests/fixtures/hsds/, see
 * its README for the source commit and licence), compiled with ajv. `validateHsdsServicePage`
 * checks an API page the way HSDS's OpenAPI document defines it: the `Page` envelope, each of
 * `contents` against the one-to-one service list schema AND the full service schema (with its
 * capacities, units, phones, cost options, locations, attributes and organization).
 */
const dir = fileURLToPath(new URL("../fixtures/hsds/", import.meta.url));
const load = (name: string) => JSON.parse(readFileSync(`${dir}${name}`, "utf8")) as Record<string, unknown>;

// HSDS's schema files carry Frictionless Data keywords (name, constraints, example, core, …): not strict.
const ajv = new Ajv({ allErrors: true, strict: false });
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
addFormats(ajv);

const openapi = load("openapi.json") as { components: { schemas: { Page: object } } };
const service = ajv.compile(load("service_with_definitions.json"));
const serviceList = ajv.compile(load("service_list.json"));
const page = ajv.compile({
  allOf: [openapi.components.schemas.Page],
  type: "object",
  required: ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"],
  properties: { contents: { type: "array" } },
});

export type HsdsResult = { valid: boolean; errors: string[] };

const describeErrors = (where: string, errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${where}${e.instancePath} ${e.message ?? e.keyword}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);

export function validateHsdsServicePage(feed: unknown): HsdsResult {
  const errors: string[] = [];
  if (!page(feed)) errors.push(...describeErrors("page", page.errors));
  const contents = (feed as { contents?: unknown[] } | null)?.contents;
  if (Array.isArray(contents)) {
    contents.forEach((item, i) => {
      if (!serviceList(item)) errors.push(...describeErrors(`contents/${i} (service_list)`, serviceList.errors));
      if (!service(item)) errors.push(...describeErrors(`contents/${i} (service)`, service.errors));
    });
  }
  return { valid: errors.length === 0, errors };
}
