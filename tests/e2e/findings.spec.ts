import { DEMO, expect, expectAxeClean, signInAs, test } from "./fixtures";

// Findings and corrective action plans on a phone (issue 13, capability 7; ADR 053): Keystone's
// certifier admin raises a finding on an item of Maple Street's submitted self-assessment; its
// owner answers with a plan and an upload; the certifier reopens it; the owner answers again;
// the certifier accepts. 390 px wide, axe clean on every page.

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");
const MAPLE_OWNER = "pat.owner@demo.hearth.test";
const run = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const fits = (p: import("@playwright/test").Page) => p.evaluate(() => document.documentElement.scrollWidth <= 390);

test.use({ viewport: { width: 390, height: 844 } });

test("a finding is raised, answered with a plan and a file, reopened, answered again and accepted", async ({ page, signIn, browser }) => {
  test.setTimeout(240_000);
  const id = run();
  await signIn(DEMO.certifierAdmin);
  await page.goto("/o/keystone/audits");
  const base = new URL(page.url()).origin;

  // Maple Street's owner gives Keystone certification access (the demo's grant is review only;
  // Riverside's self-assessments are other specs'), so it may raise findings there.
  const ownerContext = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 } });
  await signInAs(ownerContext, base, MAPLE_OWNER);
  const owner = await ownerContext.newPage();
  await owner.goto("/o/maple-street/standards/grants");
  await owner.getByLabel("Certifying body").selectOption({ label: "Keystone Recovery Residence Alliance" });
  const houseBoxes = owner.getByRole("group", { name: "Houses" }).getByRole("checkbox");
  for (let i = 0; i < (await houseBoxes.count()); i++) await houseBoxes.nth(i).check();
  await owner.getByRole("button", { name: "Grant access" }).click();
  await expect(owner.getByText("Access granted.")).toBeVisible();

  // The submitted self-assessment, as the certifier sees it.
  await page.goto("/o/keystone/audits/maple-street");
  const assessmentHref = await page.locator('a[href*="/audits/maple-street/assessments/"]').first().getAttribute("href");
  const assessmentId = assessmentHref!.split("/").at(-1)!;

  // The certifier raises a finding from the assessment page.
  await page.goto(`/o/keystone/audits/maple-street/assessments/${assessmentId}`);
  await page.getByRole("link", { name: /^Raise a finding/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Raise a finding" })).toBeVisible();
  await expectAxeClean(page);
  expect(await fits(page)).toBe(true);
  await page.getByLabel("Severity").selectOption("major");
  await page.getByLabel("What is not met").fill(`House rules not posted ${id}`);
  await page.getByRole("button", { name: "Raise the finding" }).click();
  await expect(page.getByText("Finding raised.")).toBeVisible();
  await expect(page.getByTestId("finding-severity")).toHaveText("Major");
  const certifierUrl = new URL(page.url()).pathname;
  const findingId = certifierUrl.split("/").at(-1)!;
  await expectAxeClean(page);

  // The owner follows Standards → Findings to the finding and answers with a plan and a file.
  await owner.goto("/o/maple-street/standards");
  await owner.getByRole("link", { name: "Findings", exact: true }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "Findings" })).toBeVisible();
  await expectAxeClean(owner);
  expect(await fits(owner)).toBe(true);
  await owner.getByRole("link", { name: new RegExp(`House rules not posted ${id}`) }).click();
  await expect(owner).toHaveURL(new RegExp(`/o/maple-street/standards/findings/${findingId}$`));
  await owner.getByRole("textbox", { name: "Corrective action plan" }).fill(`Rules printed and posted in the kitchen ${id}.`);
  await owner.getByLabel("Target date").fill(inDays(7));
  await owner.getByLabel("What the file shows (optional)").fill(`Photo of the posted rules ${id}`);
  await owner.getByLabel("Evidence file (optional)").setInputFiles({ name: `rules-${id}.pdf`, mimeType: "application/pdf", buffer: PDF });
  await owner.getByRole("button", { name: "Send the plan" }).click();
  await expect(owner.getByText("Plan sent with the file.")).toBeVisible();
  await expect(owner.getByTestId("finding-plan")).toHaveText(`Rules printed and posted in the kitchen ${id}.`);
  await expect(owner.getByRole("link", { name: new RegExp(`Photo of the posted rules ${id}`) })).toBeVisible();
  await expectAxeClean(owner);
  expect(await fits(owner)).toBe(true);

  // The certifier reads the plan and the file, and reopens with a note.
  await page.goto(certifierUrl);
  await expect(page.getByTestId("finding-plan")).toHaveText(`Rules printed and posted in the kitchen ${id}.`);
  await expect(page.getByRole("link", { name: new RegExp(`Photo of the posted rules ${id}`) })).toHaveAttribute("download", "");
  await page.getByLabel("Note for the operator").fill("Please post them by the front door too.");
  await page.getByRole("button", { name: "Reopen the finding" }).click();
  await expect(page.getByText("Finding reopened.")).toBeVisible();
  await expect(page.getByTestId("finding-status")).toHaveText("Reopened: a new plan is needed");
  await expectAxeClean(page);

  // The owner answers again.
  await owner.reload();
  await expect(owner.getByText("Please post them by the front door too.")).toBeVisible();
  await owner.getByRole("textbox", { name: "Corrective action plan" }).fill(`Posted in the kitchen and by the front door ${id}.`);
  await owner.getByLabel("Target date").fill(inDays(3));
  await owner.getByRole("button", { name: "Send the revised plan" }).click();
  await expect(owner.getByText("Plan sent. The certifying body will review it.")).toBeVisible();
  await expectAxeClean(owner);

  // The certifier accepts; the finding is closed on both sides.
  await page.reload();
  await page.getByRole("button", { name: "Accept the plan" }).click();
  await expect(page.getByText("Plan accepted. The finding is closed.")).toBeVisible();
  await expect(page.getByTestId("finding-status")).toHaveText("Accepted (closed)");
  await expect(page.getByRole("list", { name: "Finding history" }).getByRole("listitem")).toHaveCount(5);
  await expectAxeClean(page);
  expect(await fits(page)).toBe(true);
  await owner.reload();
  await expect(owner.getByText("The certifying body accepted the plan; the finding is closed.")).toBeVisible();
  await expect(owner.getByRole("textbox", { name: "Corrective action plan" })).toHaveCount(0);
  await ownerContext.close();
});
