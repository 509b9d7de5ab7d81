import fs from "node:fs/promises";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTenant } from "#app/db/tenant.server";
import { setMembershipHouses } from "#app/domain/houses/houses.server";
import { addDays } from "#app/lib/dates";
import { useTestServer } from "#tests/support/app";
import { useTestDatabase } from "#tests/support/db";
import { makeHouse } from "#tests/support/houses";
import { HTML_BYTES, PDF_BYTES, PNG_BYTES } from "#tests/support/upload-bytes";
import { multipart, useUploadDir } from "#tests/support/uploads";
import { makeOperatorWorld } from "./house-pages";
import { visibleText } from "./helpers";

const uploadDir = useUploadDir("it", { maxBytes: 64 * 1024 });

const t = useTestDatabase();
const server = useTestServer();

async function storedFiles(): Promise<string[]> {
  const out: string[] = [];
  for (const org of await fs.readdir(uploadDir).catch(() => [] as string[])) {
    for (const f of await fs.readdir(path.join(uploadDir, org))) out.push(`${org}/${f}`);
  }
  return out;
}


async function setup() {
  const w = await makeOperatorWorld();
  const h = await makeHouse(w.owner.ctx, { rooms: 1, bedsPerRoom: 1 });
  const other = await makeHouse(w.owner.ctx, { rooms: 1, bedsPerRoom: 1 });
  const manager = await w.people("house_manager");
  const staff = await w.people("staff");
  const elsewhere = await w.people("house_manager");
  await withTenant(w.owner.ctx, async (tx) => {
    await setMembershipHouses(tx, { membershipId: manager.membershipId, houseIds: [h.houseId] });
    await setMembershipHouses(tx, { membershipId: staff.membershipId, houseIds: [h.houseId] });
    await setMembershipHouses(tx, { membershipId: elsewhere.membershipId, houseIds: [other.houseId] });
  });
  const base = `/o/${w.org.slug}/houses/${h.houseId}/safety`;
  const { rows } = await sql<{ d: string }>`select ((now() at time zone time_zone)::date)::text as d from house where id = ${h.houseId}`.execute(t.db);
  return { w, houseId: h.houseId, base, manager, staff, elsewhere, today: rows[0]!.d };
}

const send = (url: string, cookie: string, body: FormData | Record<string, string>) =>
  server.request(url, body instanceof FormData ? { method: "POST", body, cookie } : { form: body, cookie });

describe("the safety tab", () => {
  it("a house manager adds a check, logs it with a photo and adds a document with its file; every field reads back", async () => {
    const { base, manager, today, w } = await setup();
    const add = await send(base, manager.cookie, { intent: "add-check", kind: "naloxone", name: "Naloxone kit", intervalDays: "30", firstDueOn: addDays(today, -3) });
    expect(add.status).toBe(200);
    const check = await t.db.selectFrom("safety_check").selectAll().where("org_id", "=", w.org.id).executeTakeFirstOrThrow();
    expect(check).toMatchObject({ kind: "naloxone", name: "Naloxone kit", interval_days: 30 });
    let page = visibleText(await (await server.request(base, { cookie: manager.cookie })).text());
    expect(page).toContain("Naloxone kit");
    expect(page).toContain("Overdue since");

    const log = await send(base, manager.cookie, multipart(
      { intent: "log", checkId: check.id, doneOn: today, result: "needs_attention", notes: "One kit used; replaced", expiresOn: addDays(today, 200) },
      { photo: { bytes: PNG_BYTES, name: "kit.jpg", type: "image/jpeg" } },
    ));
    expect(log.status).toBe(200);
    expect(await log.text()).toContain("Check logged.");
    const entry = await t.db.selectFrom("safety_check_log").selectAll().where("org_id", "=", w.org.id).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ check_id: check.id, result: "needs_attention", notes: "One kit used; replaced", logged_by: manager.userId });
    expect(String(entry.done_on).slice(0, 10)).toBe(today);
    const photo = await t.db.selectFrom("file").selectAll().where("id", "=", entry.photo_file_id!).executeTakeFirstOrThrow();
    expect(photo).toMatchObject({ content_type: "image/png", extension: "png", original_name: "kit.jpg", size_bytes: PNG_BYTES.length, uploaded_by: manager.userId });

    const doc = await send(base, manager.cookie, multipart(
      { intent: "add-document", kind: "insurance", title: "Liability policy 2027", expiresOn: addDays(today, 20) },
      { file: { bytes: PDF_BYTES, name: "../../policy.pdf", type: "application/pdf" } },
    ));
    expect(doc.status).toBe(200);
    const row = await t.db.selectFrom("compliance_document").selectAll().where("org_id", "=", w.org.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: "insurance", title: "Liability policy 2027", created_by: manager.userId });
    const file = await t.db.selectFrom("file").selectAll().where("id", "=", row.file_id).executeTakeFirstOrThrow();
    expect(file).toMatchObject({ original_name: "policy.pdf", content_type: "application/pdf" });
    expect(file.storage_key).toMatch(new RegExp(`^${w.org.id}/[0-9a-f-]{36}\\.pdf$`));
    expect(await storedFiles()).toEqual(expect.arrayContaining([photo.storage_key, file.storage_key]));

    page = visibleText(await (await server.request(base, { cookie: manager.cookie })).text());
    expect(page).toContain("Liability policy 2027");
    expect(page).toContain("Expires");
    expect(page).toContain("Download policy.pdf");
    expect(page).toContain("One kit used; replaced");
    expect(page).toContain("Needs attention");
    expect(page).toContain(`Logged by ${manager.name}`);

    // Served only as a download, with the detected type and no sniffing.
    const got = await server.request(`/o/${w.org.slug}/files/${file.id}`, { cookie: manager.cookie });
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("application/pdf");
    expect(got.headers.get("content-disposition")).toMatch(/^attachment; filename="policy.pdf"/);
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    expect(got.headers.get("content-security-policy")).toContain("sandbox");
    expect(got.headers.get("cache-control")).toContain("no-store");
    expect(Buffer.from(await got.arrayBuffer())).toEqual(PDF_BYTES);
    const audited = await t.db.selectFrom("audit_event").select("action").where("org_id", "=", w.org.id).where("entity_id", "=", file.id).execute();
    expect(audited.map((a) => a.action).sort()).toEqual(["file.downloaded", "file.uploaded"]);
  });

  it("refuses a file over the limit, HTML named .pdf, and a missing file — nothing stored, message on the field", async () => {
    const { base, manager, today, w } = await setup();
    const before = await storedFiles();
    const big = Buffer.concat([PDF_BYTES, Buffer.alloc(70 * 1024, 32)]);
    const over = await send(base, manager.cookie, multipart({ intent: "add-document", kind: "insurance", title: "Big", expiresOn: "" }, { file: { bytes: big, name: "big.pdf" } }));
    expect(over.status).toBe(400);
    expect(visibleText(await over.text())).toContain("The file is too large: the limit is 64 KB.");
    const html = await send(base, manager.cookie, multipart({ intent: "add-document", kind: "insurance", title: "Sneaky", expiresOn: "" }, { file: { bytes: HTML_BYTES, name: "policy.pdf", type: "application/pdf" } }));
    expect(html.status).toBe(400);
    expect(visibleText(await html.text())).toContain("This type of file can't be uploaded.");
    const none = await send(base, manager.cookie, multipart({ intent: "add-document", kind: "insurance", title: "Nothing", expiresOn: "" }));
    expect(none.status).toBe(400);
    expect(visibleText(await none.text())).toContain("Choose the document's file.");
    // A valid file but a form that fails later (naloxone without expiry): its bytes are deleted again.
    await send(base, manager.cookie, { intent: "add-check", kind: "naloxone", name: "Naloxone", intervalDays: "30", firstDueOn: today });
    const check = await t.db.selectFrom("safety_check").select("id").where("org_id", "=", w.org.id).executeTakeFirstOrThrow();
    const bad = await send(base, manager.cookie, multipart({ intent: "log", checkId: check.id, doneOn: today, result: "ok", notes: "", expiresOn: "" }, { photo: { bytes: PNG_BYTES, name: "p.png" } }));
    expect(bad.status).toBe(400);
    expect(visibleText(await bad.text())).toContain("Enter the expiry date printed on the naloxone.");
    const badInterval = await send(base, manager.cookie, { intent: "add-check", kind: "other", name: "X", intervalDays: "-3", firstDueOn: today });
    expect(badInterval.status).toBe(400);
    expect(await storedFiles()).toEqual(before);
    expect(await t.db.selectFrom("file").select("id").where("org_id", "=", w.org.id).execute()).toEqual([]);
    expect(await t.db.selectFrom("compliance_document").select("id").where("org_id", "=", w.org.id).execute()).toEqual([]);
    expect(await t.db.selectFrom("safety_check_log").select("id").where("org_id", "=", w.org.id).execute()).toEqual([]);
  });

  it("staff read but may not post; another house's manager gets 404; a bad cursor is 400", async () => {
    const { base, staff, elsewhere, manager, w } = await setup();
    expect((await server.request(base, { cookie: staff.cookie })).status).toBe(200);
    expect((await send(base, staff.cookie, { intent: "add-check", kind: "other", name: "X", intervalDays: "3", firstDueOn: "2026-01-01" })).status).toBe(403);
    expect((await server.request(base, { cookie: elsewhere.cookie })).status).toBe(404);
    expect((await send(base, elsewhere.cookie, { intent: "add-check", kind: "other", name: "X", intervalDays: "3", firstDueOn: "2026-01-01" })).status).toBe(404);
    expect((await server.request(`${base}?cursor=nope`, { cookie: manager.cookie })).status).toBe(400);
    expect((await server.request(`/o/${w.org.slug}/files/00000000-0000-4000-8000-000000000000`, { cookie: manager.cookie })).status).toBe(404);
    expect((await server.request(`/o/${w.org.slug}/files/not-a-uuid`, { cookie: manager.cookie })).status).toBe(404);
    expect(await t.db.selectFrom("safety_check").select("id").where("org_id", "=", w.org.id).execute()).toEqual([]);
  });
});
