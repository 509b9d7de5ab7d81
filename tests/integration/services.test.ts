import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { listServiceEntries } from "#app/domain/services/directory.server";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeOperatorWithSlug, signedInMember } from "#tests/support/admissions";

useTestDatabase();
const server = useTestServer();

const FORM: Record<string, string> = {
  intent: "save-service",
  name: "Riverfront Job Training Hub",
  organizationName: "Riverfront Works",
  description: "Job training and résumé help.",
  url: "https://riverfront.example.org",
  email: "hello@riverfront.example.org",
  phone: "215-555-0199",
  contactName: "Sam Lee",
  address1: "22 Water St",
  city: "Philadelphia",
  state: "PA",
  postalCode: "19106",
  accessibility: "Elevator to 2nd floor.",
  eligibility: "Adults in recovery.",
  fees: "Free.",
  applicationProcess: "Call first.",
  monOpens: "09:00",
  monCloses: "17:00",
  sunOpens: "10:00",
  sunCloses: "14:00",
};
const body = (extra: [string, string][] = []) => {
  const p = new URLSearchParams(FORM);
  for (const [k, v] of [["categories", "employment"], ["categories", "education"], ["languages", "es"], ...extra]) p.append(k!, v!);
  return p;
};
const inputValue = (html: string, name: string) => html.match(new RegExp(`<(?:input|textarea)[^>]*name="${name}"[^>]*?(?:value="([^"]*)"[^>]*)?>([^<]*)`))?.slice(1).find((v) => v) ?? "";
const checked = (html: string, name: string) => [...html.matchAll(new RegExp(`<input[^>]*name="${name}"[^>]*>`, "g"))].filter((m) => /checked/.test(m[0])).map((m) => m[0].match(/value="([^"]*)"/)![1]);

describe("services pages", () => {
  it("staff add a service; the edit form reads every field back; residents search but cannot write", async () => {
    const op = await makeOperatorWithSlug();
    const base = `/o/${op.slug}/services`;
    const created = await server.request(`${base}/new`, { cookie: op.cookie, form: body() });
    expect(created.status).toBe(302);
    const detail = created.headers.get("location")!;
    const id = detail.split("/").pop()!;
    const edit = await (await server.request(`${base}/${id}/edit`, { cookie: op.cookie })).text();
    for (const [k, v] of Object.entries(FORM)) if (k !== "intent") expect(inputValue(edit, k), k).toBe(v);
    expect(checked(edit, "categories")).toEqual(["employment", "education"]);
    expect(checked(edit, "languages")).toEqual(["es"]);

    const resident = await signedInMember(op, "resident");
    const list = await server.request(`${base}?q=job+training`, { cookie: resident.cookie });
    expect(list.status).toBe(200);
    expect(await list.text()).toContain("Riverfront Job Training Hub");
    expect((await server.request(`${base}/${id}`, { cookie: resident.cookie })).status).toBe(200);
    expect((await server.request(`${base}/new`, { cookie: resident.cookie, form: body() })).status).toBe(403);
    expect((await server.request(`${base}?category=nope`, { cookie: resident.cookie })).status).toBe(400);
    expect((await server.request(`${base}/not-an-id`, { cookie: resident.cookie })).status).toBe(404);
  });

  it("bad input answers 400 with the message on the field and writes nothing", async () => {
    const op = await makeOperatorWithSlug();
    const p = body();
    p.delete("categories");
    p.set("monCloses", "08:00");
    const res = await server.request(`/o/${op.slug}/services/new`, { cookie: op.cookie, body: p, method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Choose at least one category.");
    expect(html).toContain("Closing time must be after opening time.");
    expect(await withTenant(op.owner, (tx) => listServiceEntries(tx))).toHaveLength(0);
  });

  it("imports a malformed file without a 500, and exports HSDS", async () => {
    const op = await makeOperatorWithSlug();
    const base = `/o/${op.slug}/services`;
    const fd = new FormData();
    fd.append("files", new File(["{not json"], "services.json", { type: "application/json" }));
    const res = await server.request(`${base}/import`, { cookie: op.cookie, method: "POST", body: fd });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("not JSON");
    const json = await server.request(`${base}/export/services.json`, { cookie: op.cookie });
    expect(json.status).toBe(200);
    expect(JSON.parse(await json.text())).toMatchObject({ total_items: 0, contents: [] });
    expect((await server.request(`${base}/export/service.csv`, { cookie: op.cookie })).status).toBe(200);
    expect((await server.request(`${base}/export/secrets.txt`, { cookie: op.cookie })).status).toBe(404);
    // Last: the server answers before reading the whole body, so the connection is not reused.
    const big = new FormData();
    big.append("files", new File(["x".repeat(2_100_000)], "service.csv", { type: "text/csv" }));
    const tooBig = await server.request(`${base}/import`, { cookie: op.cookie, method: "POST", body: big });
    expect(tooBig.status).toBe(200);
    expect(await tooBig.text()).toContain("larger than 2 MB");
  });
});
