import { expect, expectAxeClean, signInAs, test } from "./fixtures";

// A self-assessment on a phone (issue 13; ADR 047): a house manager opens the demo's
// in-progress assessment, answers a few items, uploads a PDF as evidence, sees automatic
// evidence from the house's records; the owner submits it; it then refuses edits.

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");
const run = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test.use({ viewport: { width: 390, height: 844 } });

test("a manager answers items and uploads evidence; the owner submits; the submitted assessment refuses edits", async ({ page, signIn, browser }) => {
  test.setTimeout(180_000);
  const id = run();
  await signIn("luis.manager@demo.hearth.test");
  await page.goto("/o/riverside/standards");
  await expect(page.getByRole("heading", { level: 1, name: "Standards" })).toBeVisible();
  await page.getByRole("link", { name: /Open the self-assessment/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Self-assessment" })).toBeVisible();
  await expectAxeClean(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // Automatic evidence beside an item, with the day it was computed.
  const bedSpace = page.locator("#item-2\\.E\\.15\\.a");
  await expect(bedSpace).toContainText("From Hearth:");
  await expect(bedSpace).toContainText("computed");

  for (const code of ["3.G.19.a", "3.I.29.a"]) {
    const form = page.getByRole("form", { name: `Answer ${code}` });
    await form.getByLabel(`Answer for ${code}`).selectOption("met");
    await form.getByLabel("Notes (optional)").fill(`Checked ${id}`);
    await form.getByRole("button", { name: /Save answer/ }).click();
    await expect(page.locator(`#item-${code.replaceAll(".", "\\.")}`)).toContainText(`Met — Checked ${id}`);
  }

  await page.locator("#item-1\\.A\\.1\\.a").getByRole("link", { name: /Evidence/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Item 1.A.1.a" })).toBeVisible();
  await page.getByLabel("What it is").fill(`Mission statement ${id}`);
  await page.getByLabel("File", { exact: true }).setInputFiles({ name: `mission-${id}.pdf`, mimeType: "application/pdf", buffer: PDF });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText(`Mission statement ${id} attached.`)).toBeVisible();
  await expect(page.getByRole("link", { name: `Mission statement ${id}` })).toBeVisible();
  await expectAxeClean(page);
  const assessmentUrl = new URL(page.url()).pathname.replace(/\/items\/.*$/, "");

  // The owner submits.
  const origin = new URL(page.url()).origin;
  const ownerContext = await browser.newContext({ baseURL: origin, viewport: { width: 390, height: 844 } });
  await signInAs(ownerContext, origin, "dana.owner@demo.hearth.test");
  const owner = await ownerContext.newPage();
  await owner.goto(assessmentUrl);
  await owner.getByRole("button", { name: "Submit for review" }).click();
  await expect(owner.getByText("Submitted for review. It can no longer change.")).toBeVisible();
  await expectAxeClean(owner);
  await ownerContext.close();

  // The manager's page no longer offers answers; a stale form is refused.
  await page.goto(assessmentUrl);
  await expect(page.getByText("Answers and evidence are locked")).toBeVisible();
  await expect(page.getByRole("button", { name: /Save answer/ })).toHaveCount(0);
});
