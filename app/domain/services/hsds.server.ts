import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { Tx } from "#app/db/tenant.server";
import { audit } from "#app/domain/audit/audit.server";
import { entryProblems, type ServiceEntry } from "./entries";
import { existingServiceIds, writeEntries } from "./directory.server";
import { CATEGORY_VOCABULARY, SERVICE_CATEGORY_LABELS, SERVICE_LANGUAGE_LABELS, SERVICE_WEEKDAYS } from "./labels";

/**
 * Open Referral HSDS 3.0 in and out (ADR 039): the JSON of the API's /services list (a page
 * holding every service, each with its organization, service_at_locations → location →
 * addresses and accessibility, phones, contacts, schedules, languages and attributes →
 * taxonomy_term), and the tabular form: one CSV file per table, uploaded as a set. Ids are
 * kept; rows HSDS needs ids for that Hearth does not store (languages, attributes, addresses)
 * get ids derived from their parent, so an export is the same every time.
 */

export const MAX_IMPORT_SERVICES = 2000;
export const MAX_FILE_BYTES = 2_000_000;

/** A stable uuid from parts (for HSDS rows Hearth derives: languages, attributes, addresses). */
export function derivedId(...parts: string[]): string {
  const h = createHash("sha256").update(parts.join("|")).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const termId = (code: string) => derivedId("taxonomy_term", code);
const BYDAY = Object.fromEntries(SERVICE_WEEKDAYS.map((d) => [d.day, d.byday])) as Record<number, string>;
const DAY_OF = Object.fromEntries(SERVICE_WEEKDAYS.map((d) => [d.byday, d.day])) as Record<string, number>;

// ── JSON ───────────────────────────────────────────────────────────────

function hsdsService(e: ServiceEntry) {
  return {
    id: e.id,
    organization_id: e.organization.id,
    name: e.name,
    description: e.description,
    url: e.url,
    email: e.email,
    status: e.status,
    eligibility_description: e.eligibility,
    fees_description: e.fees,
    application_process: e.applicationProcess,
    assured_date: e.assuredDate,
    organization: { id: e.organization.id, name: e.organization.name, description: e.organization.description ?? "", website: e.organization.website, email: e.organization.email },
    service_at_locations: e.locations.map((l) => ({
      id: derivedId("service_at_location", e.id, l.id),
      service_id: e.id,
      location_id: l.id,
      location: {
        id: l.id,
        organization_id: e.organization.id,
        location_type: "physical",
        name: l.name,
        addresses: [
          { id: derivedId("address", l.id), location_id: l.id, address_type: "physical", address_1: l.address1, city: l.city, state_province: l.state, postal_code: l.postalCode, country: l.country },
        ],
        accessibility: l.accessibility ? [{ id: derivedId("accessibility", l.id), location_id: l.id, description: l.accessibility }] : [],
      },
    })),
    phones: e.phones.map((p) => ({ id: p.id, service_id: e.id, number: p.number, type: p.type, description: p.description })),
    contacts: e.contacts.map((c) => ({ id: c.id, service_id: e.id, name: c.name, title: c.title, email: c.email })),
    schedules: e.schedules.map((s) => ({ id: s.id, service_id: e.id, freq: "WEEKLY", byday: BYDAY[s.weekday], opens_at: s.opensAt, closes_at: s.closesAt })),
    languages: e.languages.map((code) => ({ id: derivedId("language", e.id, code), service_id: e.id, code, name: SERVICE_LANGUAGE_LABELS[code] })),
    attributes: e.categories.map((code) => ({
      id: derivedId("attribute", e.id, code),
      link_id: e.id,
      link_type: "service",
      link_entity: "service",
      taxonomy_term_id: termId(code),
      taxonomy_term: { id: termId(code), code, name: SERVICE_CATEGORY_LABELS[code], description: `Services in the category “${SERVICE_CATEGORY_LABELS[code]}”.`, vocabulary: CATEGORY_VOCABULARY },
    })),
  };
}

/**
 * HSDS types its optional texts as strings: a field we do not know is left out, never sent as
 * null (the published schema refuses null; the importer reads a missing field as empty).
 */
function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, withoutNulls(v)])) as T;
  }
  return value;
}

/** The directory as HSDS 3.1 JSON (valid against the published schema): the /services response, every service on one page. */
export function toHsdsJson(entries: ServiceEntry[]): string {
  return JSON.stringify(
    { total_items: entries.length, total_pages: 1, page_number: 1, size: entries.length, first_page: true, last_page: true, empty: entries.length === 0, contents: entries.map((e) => withoutNulls(hsdsService(e))) },
    null,
    2,
  );
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);

/** An HSDS service object → the shape entryProblems checks (nothing trusted yet). */
function fromHsdsService(s: Obj): unknown {
  const org = obj(s.organization);
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    url: s.url,
    email: s.email,
    status: s.status,
    eligibility: s.eligibility_description,
    fees: s.fees_description,
    applicationProcess: s.application_process,
    assuredDate: s.assured_date,
    organization: { id: org.id ?? s.organization_id, name: org.name, description: org.description, website: org.website, email: org.email },
    locations: arr(s.service_at_locations).map((x) => {
      const l = obj(obj(x).location);
      const a = obj(arr(l.addresses)[0]);
      return {
        id: l.id ?? obj(x).location_id,
        name: l.name,
        address1: a.address_1,
        city: a.city,
        state: a.state_province,
        postalCode: a.postal_code,
        country: a.country,
        accessibility: str(obj(arr(l.accessibility)[0]).description),
      };
    }),
    phones: arr(s.phones).map((p) => ({ id: obj(p).id, number: obj(p).number, type: obj(p).type, description: obj(p).description })),
    contacts: arr(s.contacts).map((c) => ({ id: obj(c).id, name: obj(c).name, title: obj(c).title, email: obj(c).email })),
    schedules: arr(s.schedules).map((h) => ({ id: obj(h).id, weekday: DAY_OF[String(obj(h).byday ?? "").toUpperCase()] ?? null, opensAt: obj(h).opens_at, closesAt: obj(h).closes_at })),
    languages: arr(s.languages).map((l) => obj(l).code),
    categories: arr(s.attributes)
      .map((a) => obj(obj(a).taxonomy_term))
      .filter((t) => !t.vocabulary || t.vocabulary === CATEGORY_VOCABULARY)
      .map((t) => t.code),
  };
}

export type ImportRowError = { where: string; problems: string[] };
export type ParsedImport = { entries: ServiceEntry[]; errors: ImportRowError[]; total: number };

/** Read HSDS JSON: a /services page ({ contents: [...] }) or a bare array of services. */
export function parseHsdsJson(text: string): ParsedImport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { entries: [], errors: [{ where: "The file", problems: ["This is not JSON. Export HSDS JSON from the other directory and try again."] }], total: 0 };
  }
  const list = Array.isArray(doc) ? doc : obj(doc).contents;
  if (!Array.isArray(list)) return { entries: [], errors: [{ where: "The file", problems: ["No services found: expected HSDS JSON with a “contents” list of services."] }], total: 0 };
  return check(list.map((s, i) => ({ where: `Service ${i + 1}${str(obj(s).name) ? ` (${str(obj(s).name)!.slice(0, 60)})` : ""}`, value: fromHsdsService(obj(s)) })));
}

function check(rows: { where: string; value: unknown }[], extra: ImportRowError[] = []): ParsedImport {
  if (rows.length > MAX_IMPORT_SERVICES) return { entries: [], errors: [{ where: "The file", problems: [`At most ${MAX_IMPORT_SERVICES} services per import.`] }], total: rows.length };
  const entries: ServiceEntry[] = [];
  const errors: ImportRowError[] = [...extra];
  const seen = new Set<string>();
  for (const r of rows) {
    const { entry, problems } = entryProblems(r.value);
    if (entry && seen.has(entry.id)) errors.push({ where: r.where, problems: ["id: the same service id appears twice in the file."] });
    else if (entry) {
      seen.add(entry.id);
      entries.push(entry);
    } else errors.push({ where: r.where, problems });
  }
  return { entries, errors, total: rows.length };
}

// ── CSV (the tabular form) ─────────────────────────────────────────────

/** The HSDS tables Hearth reads and writes, with their columns (service.csv is required). */
export const CSV_TABLES = {
  "organization.csv": ["id", "name", "description", "website", "email"],
  "service.csv": ["id", "organization_id", "name", "description", "url", "email", "status", "eligibility_description", "fees_description", "application_process", "assured_date"],
  "location.csv": ["id", "organization_id", "location_type", "name"],
  "address.csv": ["id", "location_id", "address_type", "address_1", "city", "state_province", "postal_code", "country"],
  "accessibility.csv": ["id", "location_id", "description"],
  "service_at_location.csv": ["id", "service_id", "location_id"],
  "phone.csv": ["id", "service_id", "number", "type", "description"],
  "contact.csv": ["id", "service_id", "name", "title", "email"],
  "schedule.csv": ["id", "service_id", "freq", "byday", "opens_at", "closes_at"],
  "language.csv": ["id", "service_id", "code", "name"],
  "taxonomy_term.csv": ["id", "code", "name", "vocabulary"],
  "attribute.csv": ["id", "link_id", "link_type", "link_entity", "taxonomy_term_id"],
} as const;
export type CsvTable = keyof typeof CSV_TABLES;
export const CSV_FILES = Object.keys(CSV_TABLES) as CsvTable[];

/** The directory as HSDS CSV files (file name → text). */
export function toHsdsCsv(entries: ServiceEntry[]): Record<CsvTable, string> {
  const docs = entries.map(hsdsService);
  const orgs = new Map<string, Obj>();
  const locations = new Map<string, Obj>();
  const terms = new Map<string, Obj>();
  const rows: Record<CsvTable, Obj[]> = Object.fromEntries(CSV_FILES.map((f) => [f, []])) as unknown as Record<CsvTable, Obj[]>;
  for (const d of docs) {
    orgs.set(d.organization.id, d.organization);
    const { organization: _o, service_at_locations, phones, contacts, schedules, languages, attributes, ...service } = d;
    rows["service.csv"].push(service);
    for (const sal of service_at_locations) {
      rows["service_at_location.csv"].push({ id: sal.id, service_id: sal.service_id, location_id: sal.location_id });
      if (!locations.has(sal.location.id)) {
        locations.set(sal.location.id, sal.location);
        rows["address.csv"].push(...sal.location.addresses);
        rows["accessibility.csv"].push(...sal.location.accessibility);
      }
    }
    rows["phone.csv"].push(...phones);
    rows["contact.csv"].push(...contacts);
    rows["schedule.csv"].push(...schedules);
    rows["language.csv"].push(...languages);
    for (const a of attributes) {
      terms.set(a.taxonomy_term.id, a.taxonomy_term);
      rows["attribute.csv"].push(a);
    }
  }
  rows["organization.csv"] = [...orgs.values()];
  rows["location.csv"] = [...locations.values()];
  rows["taxonomy_term.csv"] = [...terms.values()];
  return Object.fromEntries(
    CSV_FILES.map((f) => [f, stringify(rows[f].map((r) => CSV_TABLES[f].map((c) => r[c] ?? "")), { header: true, columns: [...CSV_TABLES[f]] })]),
  ) as Record<CsvTable, string>;
}

type CsvRow = Record<string, string> & { __line: string };

function readCsv(name: string, text: string): { rows: CsvRow[]; error: ImportRowError | null } {
  try {
    const records = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, bom: true, relax_column_count: false, info: true }) as {
      record: Record<string, string>;
      info: { lines: number };
    }[];
    return { rows: records.map((r) => ({ ...r.record, __line: String(r.info.lines) })), error: null };
  } catch (e) {
    return { rows: [], error: { where: name, problems: [`This file is not readable CSV (${e instanceof Error ? e.message.slice(0, 120) : "unknown problem"}).`] } };
  }
}

const blank = (v: string | undefined) => (v === undefined || v.trim() === "" ? null : v);

/** Read a set of HSDS CSV files (file name → text) into entries, with each bad row reported. */
export function parseHsdsCsv(files: Partial<Record<string, string>>): ParsedImport {
  const extra: ImportRowError[] = [];
  const unknown = Object.keys(files).filter((f) => !(f in CSV_TABLES));
  if (unknown.length) extra.push({ where: unknown.join(", "), problems: [`Not an HSDS table Hearth reads; expected files named ${CSV_FILES.join(", ")}.`] });
  if (!files["service.csv"]) return { entries: [], errors: [...extra, { where: "service.csv", problems: ["Include service.csv: it lists the services."] }], total: 0 };
  const t = {} as Record<CsvTable, CsvRow[]>;
  for (const f of CSV_FILES) {
    const text = files[f];
    const { rows, error } = text ? readCsv(f, text) : { rows: [], error: null };
    if (error) return { entries: [], errors: [...extra, error], total: 0 };
    t[f] = rows;
  }
  const by = <K extends string>(rows: CsvRow[], key: K) => {
    const m = new Map<string, CsvRow[]>();
    for (const r of rows) m.set(r[key] ?? "", [...(m.get(r[key] ?? "") ?? []), r]);
    return m;
  };
  const serviceIds = new Set(t["service.csv"].map((r) => r.id));
  for (const f of ["service_at_location.csv", "phone.csv", "contact.csv", "schedule.csv", "language.csv"] as const)
    for (const r of t[f]) if (!serviceIds.has(r.service_id ?? "")) extra.push({ where: `${f} line ${r.__line}`, problems: ["service_id: no service with this id in service.csv."] });
  const orgs = new Map(t["organization.csv"].map((r) => [r.id, r]));
  const locations = new Map(t["location.csv"].map((r) => [r.id, r]));
  const addresses = by(t["address.csv"], "location_id");
  const access = by(t["accessibility.csv"], "location_id");
  const sal = by(t["service_at_location.csv"], "service_id");
  const phones = by(t["phone.csv"], "service_id");
  const contacts = by(t["contact.csv"], "service_id");
  const schedules = by(t["schedule.csv"], "service_id");
  const languages = by(t["language.csv"], "service_id");
  const terms = new Map(t["taxonomy_term.csv"].map((r) => [r.id, r]));
  const attributes = by(t["attribute.csv"], "link_id");
  const rows = t["service.csv"].map((s) => {
    const org = orgs.get(s.organization_id ?? "");
    const id = s.id ?? "";
    return {
      where: `service.csv line ${s.__line}`,
      value: {
        id: s.id,
        name: s.name,
        description: s.description,
        url: blank(s.url),
        email: blank(s.email),
        status: blank(s.status),
        eligibility: blank(s.eligibility_description),
        fees: blank(s.fees_description),
        applicationProcess: blank(s.application_process),
        assuredDate: blank(s.assured_date),
        organization: org
          ? { id: org.id, name: org.name, description: blank(org.description), website: blank(org.website), email: blank(org.email) }
          : { id: s.organization_id, name: undefined },
        locations: (sal.get(id) ?? []).map((x) => {
          const l = locations.get(x.location_id ?? "");
          const a = addresses.get(x.location_id ?? "")?.[0];
          return {
            id: l ? l.id : undefined,
            name: blank(l?.name),
            address1: blank(a?.address_1),
            city: blank(a?.city),
            state: blank(a?.state_province),
            postalCode: blank(a?.postal_code),
            country: blank(a?.country),
            accessibility: blank(access.get(x.location_id ?? "")?.[0]?.description),
          };
        }),
        phones: (phones.get(id) ?? []).map((p) => ({ id: p.id, number: p.number, type: blank(p.type), description: blank(p.description) })),
        contacts: (contacts.get(id) ?? []).map((c) => ({ id: c.id, name: blank(c.name), title: blank(c.title), email: blank(c.email) })),
        schedules: (schedules.get(id) ?? []).map((h) => ({ id: h.id, weekday: DAY_OF[(h.byday ?? "").trim().toUpperCase()] ?? null, opensAt: h.opens_at, closesAt: h.closes_at })),
        languages: (languages.get(id) ?? []).map((l) => l.code),
        categories: (attributes.get(id) ?? [])
          .map((a) => terms.get(a.taxonomy_term_id ?? ""))
          .filter((term) => term && (!term.vocabulary || term.vocabulary === CATEGORY_VOCABULARY))
          .map((term) => term!.code),
      },
    };
  });
  return check(rows, extra);
}

// ── applying an import ─────────────────────────────────────────────────

/**
 * Store an import: nothing unless every row is valid, or only the valid rows when the person
 * asked for that. Services whose id is already in the directory are reported, not replaced.
 */
export async function importDirectory(
  tx: Tx,
  orgId: string,
  parsed: ParsedImport,
  opts: { format: "json" | "csv"; validOnly: boolean },
): Promise<{ imported: number; errors: ImportRowError[]; total: number }> {
  const existing = await existingServiceIds(tx, parsed.entries.map((e) => e.id));
  const errors = [...parsed.errors, ...parsed.entries.filter((e) => existing.has(e.id)).map((e) => ({ where: `Service ${e.name.slice(0, 60)}`, problems: ["id: this service is already in the directory."] }))];
  const fresh = parsed.entries.filter((e) => !existing.has(e.id));
  if ((errors.length && !opts.validOnly) || !fresh.length) return { imported: 0, errors, total: parsed.total };
  await writeEntries(tx, orgId, fresh);
  await audit(tx, "service.imported", null, { format: opts.format, count: fresh.length, skipped: errors.length });
  return { imported: fresh.length, errors, total: parsed.total };
}
