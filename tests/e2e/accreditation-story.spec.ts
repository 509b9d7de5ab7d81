import type { BrowserContext, Page } from "@playwright/test";
import { DEMO, expect, expectAxeClean, signInAs, test } from "./fixtures";

/**
 * The whole accreditation story on a 390 px phone (issue 13's "Tests"): Maple Street's owner
 * adds a house of the run's own (the demo's Maple Street House and Riverside's are other
 * specs'), starts its self-assessment, answers an item, uploads evidence and submits; gives
 * Keystone certification access to that house; Keystone's auditor asks for clarification on
 * an item and the owner answers; the auditor schedules and walks an inspection — one item
 * met, one not met — and completes it; the finding it created shows on the owner's Findings
 * page, the owner answers with a plan, the auditor accepts; Keystone's certifier admin moves
 * the certification in review → site visit → certified; the public verification page, from
 * the house's Standards tab, shows the house as certified. Every page axe clean and no wider
 * than the phone. Texts carry the run's id; the house's name sorts after the demo's.
 */
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");
const MAPLE_OWNER = "pat.owner@demo.hearth.test";
const KEYSTONE = "Keystone Recovery Residence Alliance";
const ORG = "/o/maple-street";
const AUDITS = "/o/keystone/audits/maple-street";
const PHONE = { width: 390, height: 844 };
const run = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

test.use({ viewport: PHONE });

/** Axe clean and no sideways scrolling on a phone. */
async function checkPage(page: Page) {
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth), `no wider than the phone: ${new URL(page.url()).pathname}`).toBe(true);
  await expectAxeClean(page);
}

test("a house goes from self-assessment to certified and the public page says so", async ({ page, browser, baseURL, signIn, consoleErrors }) => {
  test.setTimeout(420_000);
  const id = run();
  const houseName = `Zinnia House ${id}`;
  const contexts: BrowserContext[] = [];
  const as = async (email: string): Promise<Page> => {
    const context = await browser.newContext({ baseURL, viewport: PHONE });
    contexts.push(context);
    consoleErrors.watch(context);
    await signInAs(context, baseURL!, email);
    return context.newPage();
  };

  // 1. Maple Street's owner adds a house of the run's own (Maple has one house, whose self-assessment other specs use).
  await signIn(MAPLE_OWNER);
  const owner = page;
  await owner.goto(`${ORG}/houses/new`);
  await expect(owner.getByRole("heading", { level: 1, name: "Add a house" })).toBeVisible();
  await checkPage(owner);
  await owner.getByLabel("House name").fill(houseName);
  await owner.getByLabel("Street address").fill("17 Birch Court");
  await owner.getByLabel("City").fill("Chicago");
  await owner.getByLabel("State or province").fill("IL");
  await owner.getByLabel("ZIP or postal code").fill("60640");
  await owner.getByRole("checkbox", { name: "Men", exact: true }).check();
  await owner.getByRole("button", { name: "Add house" }).click();
  await expect(owner).toHaveURL(new RegExp(`${ORG}/houses/[0-9a-f-]{36}/rooms$`));
  const houseId = new URL(owner.url()).pathname.split("/").at(-2)!;

  // 2. … starts the house's self-assessment, answers an item, uploads evidence, and submits it.
  await owner.goto(`${ORG}/standards`);
  await expect(owner.getByRole("heading", { level: 1, name: "Standards" })).toBeVisible();
  await checkPage(owner);
  await owner.getByLabel("What is assessed").selectOption({ label: houseName });
  await owner.getByRole("button", { name: "Start" }).click();
  await expect(owner.getByText("Self-assessment started.")).toBeVisible();
  await expect(owner.getByRole("heading", { level: 1, name: "Self-assessment" })).toBeVisible();
  const assessmentPath = new URL(owner.url()).pathname;
  const assessmentId = assessmentPath.split("/").at(-1)!;
  await checkPage(owner);

  const answer = owner.getByRole("form", { name: "Answer 1.A.1.a" });
  await answer.getByLabel("Answer for 1.A.1.a").selectOption("met");
  await answer.getByLabel("Notes (optional)").fill(`Posted in the hallway ${id}`);
  await answer.getByRole("button", { name: /Save answer/ }).click();
  await expect(owner.locator("#item-1\\.A\\.1\\.a")).toContainText(`Met — Posted in the hallway ${id}`);

  await owner.locator("#item-1\\.A\\.1\\.a").getByRole("link", { name: /Evidence/ }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "Item 1.A.1.a" })).toBeVisible();
  await owner.getByLabel("What it is").fill(`Mission statement ${id}`);
  await owner.getByLabel("File", { exact: true }).setInputFiles({ name: `mission-${id}.pdf`, mimeType: "application/pdf", buffer: PDF });
  await owner.getByRole("button", { name: "Upload" }).click();
  await expect(owner.getByText(`Mission statement ${id} attached.`)).toBeVisible();
  await expect(owner.getByRole("link", { name: `Mission statement ${id}` })).toBeVisible();
  await checkPage(owner);

  await owner.goto(assessmentPath);
  await owner.getByRole("button", { name: "Submit for review" }).click();
  await expect(owner.getByText("Submitted for review. It can no longer change.")).toBeVisible();
  await checkPage(owner);

  // 3. … gives Keystone certification access to that house only.
  await owner.goto(`${ORG}/standards/grants`);
  await owner.getByLabel("Certifying body").selectOption({ label: KEYSTONE });
  await owner.getByRole("group", { name: "Houses" }).getByRole("checkbox", { name: houseName }).check();
  await expect(owner.getByRole("radio", { name: /^Certification/ }).first()).toBeChecked();
  await owner.getByRole("button", { name: "Grant access" }).click();
  await expect(owner.getByText("Access granted.")).toBeVisible();
  await checkPage(owner);

  // 4. Keystone's auditor reviews the submitted self-assessment and asks about the item.
  const auditor = await as(DEMO.auditor);
  await auditor.goto(AUDITS);
  await expect(auditor.getByRole("heading", { level: 3, name: houseName })).toBeVisible();
  await checkPage(auditor);
  const certifierAssessment = `${AUDITS}/assessments/${assessmentId}`;
  await auditor.goto(certifierAssessment);
  await expect(auditor.getByRole("link", { name: new RegExp(`Mission statement ${id}`) })).toBeVisible();
  const ask = auditor.getByRole("form", { name: "Your comment on 1.A.1.a" });
  await ask.getByLabel("Your comment on 1.A.1.a").fill(`Is it posted where residents see it? ${id}`);
  await ask.getByRole("button", { name: "Request clarification" }).click();
  await expect(auditor.getByText("Clarification requested. The operator has been told by email.")).toBeVisible();
  await expect(auditor.getByTestId("review-awaiting")).toHaveText("1 item awaits the operator's answer");
  await checkPage(auditor);

  // 5. The owner sees the request on the Standards page and answers it.
  await owner.goto(`${ORG}/standards`);
  await expect(owner.getByTestId("clarifications-to-answer")).toContainText(/clarification requests? to answer/);
  await checkPage(owner);
  await owner.getByRole("link", { name: `${houseName}: 1 to answer` }).click();
  await expect(owner.getByTestId("review-awaiting")).toHaveText("1 item awaits your answer");
  await expect(owner.getByText(`Is it posted where residents see it? ${id}`)).toBeVisible();
  const replyLabel = `Your answer to ${KEYSTONE} on 1.A.1.a`;
  const reply = owner.getByRole("form", { name: replyLabel });
  await reply.getByLabel(replyLabel).fill(`Yes, by the front door and in the kitchen. ${id}`);
  await reply.getByRole("button", { name: "Send answer" }).click();
  await expect(owner.getByText("Answer sent.")).toBeVisible();
  await expect(owner.getByTestId("review-awaiting")).toHaveCount(0);
  await checkPage(owner);

  await auditor.goto(certifierAssessment);
  await expect(auditor.getByTestId("review-awaiting")).toHaveText("No item awaits the operator's answer.");
  await expect(auditor.getByRole("list", { name: "Review thread on 1.A.1.a" })).toContainText(`Yes, by the front door and in the kitchen. ${id}`);

  // 6. Keystone's certifier admin starts the house's certification: in review.
  const admin = await as(DEMO.certifierAdmin);
  const certificationPath = `${AUDITS}/houses/${houseId}/certification`;
  const moveTo = async (label: string, note: string) => {
    await admin.goto(certificationPath);
    await admin.getByLabel("Next status").selectOption({ label });
    await admin.getByLabel("Note (optional)").fill(note);
    await admin.getByRole("button", { name: "Save the new status" }).click();
    await expect(admin.getByText(`The certification is now: ${label.toLowerCase()}.`)).toBeVisible();
    await expect(admin.getByTestId("certification-status")).toHaveText(label);
  };
  await admin.goto(certificationPath);
  await expect(admin.getByRole("heading", { level: 1, name: `Certification: ${houseName}` })).toBeVisible();
  await expect(admin.getByText("No certification has started for this house yet.")).toBeVisible();
  await checkPage(admin);
  await moveTo("In review", `Documents under review ${id}`);
  await checkPage(admin);

  // 7. The auditor schedules an inspection and walks it on the phone: one item met, one not met.
  await auditor.goto(`${AUDITS}/houses/${houseId}/inspections`);
  await expect(auditor.getByRole("heading", { level: 1, name: `Inspections: ${houseName}` })).toBeVisible();
  await auditor.getByLabel("Inspector (optional)").last().selectOption({ index: 1 });
  await auditor.getByLabel("Note (optional)").last().fill(`Site visit ${id}`);
  await auditor.getByRole("button", { name: "Schedule the inspection" }).click();
  await expect(auditor.getByText(/^Inspection scheduled for /)).toBeVisible();
  await checkPage(auditor);
  await auditor.getByRole("listitem").filter({ hasText: `Site visit ${id}` }).getByRole("link").first().click();
  await expect(auditor.getByRole("heading", { level: 1, name: /^Inspection: / })).toBeVisible();
  await checkPage(auditor);
  await auditor.getByRole("button", { name: "Start the inspection" }).click();
  await expect(auditor.getByText("Inspection started.")).toBeVisible();
  await expect(auditor.getByTestId("inspection-status")).toHaveText("In progress");

  const domain = auditor.locator("main details").first();
  await domain.locator("summary").click();
  const forms = domain.getByRole("form", { name: /^Verdict for / });
  const met = forms.nth(0);
  await met.getByLabel("Met", { exact: true }).check();
  await met.getByRole("button", { name: "Save verdict" }).click();
  await expect(met.getByTestId("save-state")).toContainText("Saved");
  const notMet = forms.nth(1);
  const notMetCode = ((await notMet.getAttribute("aria-label")) ?? "").replace("Verdict for ", "");
  await notMet.getByLabel("Not met", { exact: true }).check();
  await notMet.getByLabel("Note (optional)").fill(`Vision statement not posted ${id}`);
  await notMet.getByRole("button", { name: "Save verdict" }).click();
  await expect(notMet.getByTestId("save-state")).toContainText("Saved");
  await expect(auditor.getByTestId("progress")).toHaveText(/^2 of \d+ recorded$/);
  await checkPage(auditor);

  await auditor.getByRole("button", { name: /Complete the inspection/ }).click();
  await expect(auditor.getByRole("heading", { name: "Complete this inspection?" })).toBeVisible();
  await checkPage(auditor);
  await auditor.getByRole("button", { name: "Yes, complete the inspection" }).click();
  await expect(auditor.getByTestId("inspection-status")).toHaveText("Completed");
  await expect(auditor.getByText("1 finding raised")).toBeVisible();
  await expect(auditor.getByRole("button", { name: "Save verdict" })).toHaveCount(0);
  await checkPage(auditor);

  // 8. The certification moves to the site visit.
  await moveTo("Site visit", `Visited ${id}`);

  // 9. The finding shows on the owner's Findings page; the owner answers it with a plan.
  await owner.goto(`${ORG}/standards`);
  await owner.getByRole("link", { name: "Findings", exact: true }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "Findings" })).toBeVisible();
  await owner.goto(`${ORG}/standards/findings?house=${houseId}`);
  const findingLink = owner.getByRole("link", { name: `${notMetCode}: Vision statement not posted ${id}` });
  await expect(findingLink).toBeVisible();
  await expect(owner.getByRole("list", { name: "Findings" }).getByRole("listitem")).toHaveCount(1);
  await checkPage(owner);
  await findingLink.click();
  await expect(owner).toHaveURL(new RegExp(`${ORG}/standards/findings/[0-9a-f-]{36}$`));
  const findingId = new URL(owner.url()).pathname.split("/").at(-1)!;
  await expect(owner.getByTestId("finding-summary")).toHaveText(`Vision statement not posted ${id}`);
  await expect(owner.getByTestId("finding-severity")).toHaveText("Minor");
  await owner.getByRole("textbox", { name: "Corrective action plan" }).fill(`Vision statement framed and posted by the front door ${id}.`);
  await owner.getByLabel("Target date").fill(inDays(7));
  await owner.getByRole("button", { name: "Send the plan" }).click();
  await expect(owner.getByText("Plan sent. The certifying body will review it.")).toBeVisible();
  await expect(owner.getByTestId("finding-plan")).toHaveText(`Vision statement framed and posted by the front door ${id}.`);
  await checkPage(owner);

  // 10. The auditor reads the plan and accepts it.
  await auditor.goto(`${AUDITS}/findings/${findingId}`);
  await expect(auditor.getByTestId("finding-plan")).toHaveText(`Vision statement framed and posted by the front door ${id}.`);
  await checkPage(auditor);
  await auditor.getByRole("button", { name: "Accept the plan" }).click();
  await expect(auditor.getByText("Plan accepted. The finding is closed.")).toBeVisible();
  await expect(auditor.getByTestId("finding-status")).toHaveText("Accepted (closed)");
  await checkPage(auditor);
  await owner.reload();
  await expect(owner.getByText("The certifying body accepted the plan; the finding is closed.")).toBeVisible();

  // 11. The certifier admin certifies the house.
  await moveTo("Certified", `Every required item met ${id}`);
  await expect(admin.getByRole("list", { name: "Certification history" }).getByRole("listitem")).toHaveCount(3);
  await checkPage(admin);

  // 12. The house's Standards tab links to the public verification page, which says certified.
  await owner.goto(`${ORG}/houses/${houseId}/standards`);
  await expect(owner.getByRole("heading", { name: `Certification by ${KEYSTONE}` })).toBeVisible();
  await expect(owner.getByTestId("certification-status")).toHaveText("Certified");
  await checkPage(owner);
  const verifyHref = (await owner.getByRole("link", { name: /^\/verify\// }).getAttribute("href"))!;
  const publicContext = await browser.newContext({ baseURL, viewport: PHONE });
  contexts.push(publicContext);
  consoleErrors.watch(publicContext);
  const visitor = await publicContext.newPage();
  await visitor.goto(verifyHref);
  await expect(visitor.getByRole("heading", { level: 1, name: houseName })).toBeVisible();
  await expect(visitor.getByTestId("public-status")).toHaveText("Certified");
  await expect(visitor.getByText(KEYSTONE).first()).toBeVisible();
  await checkPage(visitor);

  for (const context of contexts) await context.close();
});
