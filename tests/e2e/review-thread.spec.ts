import { DEMO, expect, expectAxeClean, test } from "./fixtures";

/**
 * Review threads on phones (ADR 053): Riverside's owner submits a whole-organisation
 * self-assessment (covered by Keystone's demo grant); Keystone's auditor asks for clarification
 * on an item; Riverside's administrator sees the request on the Standards page and answers it;
 * the auditor sees the item answered. Each page at 390 px, axe clean. The assessment is the
 * run's own (the demo's house assessments are other specs'); texts carry the run's id.
 */
const run = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const KEYSTONE = "Keystone Recovery Residence Alliance";
const fitsPhone = (page: import("@playwright/test").Page) => page.evaluate(() => document.documentElement.scrollWidth <= 390);

test.use({ viewport: { width: 390, height: 844 } });

test("an auditor asks for clarification, the operator answers, the auditor sees it answered", async ({ page, signIn }) => {
  test.setTimeout(180_000);
  const id = run();
  const as = async (email: string) => {
    await page.context().clearCookies();
    await signIn(email);
  };

  // The owner starts and submits a whole-organisation self-assessment.
  await as(DEMO.owner);
  await page.goto("/o/riverside/standards");
  await page.getByLabel("What is assessed").selectOption("org");
  await page.getByRole("button", { name: "Start" }).click();
  await expect(page.getByText("Self-assessment started.")).toBeVisible();
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByText("Submitted for review. It can no longer change.")).toBeVisible();
  const assessmentId = new URL(page.url()).pathname.split("/").pop()!;

  // Keystone's auditor asks about the first item.
  await as(DEMO.auditor);
  const certifierUrl = `/o/keystone/audits/riverside/assessments/${assessmentId}`;
  await page.goto(certifierUrl);
  const ask = page.getByRole("form", { name: "Your comment on 1.A.1.a" });
  await ask.getByLabel("Your comment on 1.A.1.a").fill(`Where is the mission posted? ${id}`);
  await ask.getByRole("button", { name: "Request clarification" }).click();
  await expect(page.getByText("Clarification requested. The operator has been told by email.")).toBeVisible();
  await expect(page.getByTestId("review-awaiting")).toHaveText("1 item awaits the operator's answer");
  await expect(page.locator("#item-1\\.A\\.1\\.a")).toContainText("Awaiting the operator's answer");
  expect(await fitsPhone(page)).toBe(true);
  await expectAxeClean(page);

  // Riverside's administrator sees the request on the Standards page and answers it.
  await as(DEMO.admin);
  await page.goto("/o/riverside/standards");
  await expect(page.getByTestId("clarifications-to-answer")).toContainText(/clarification requests? to answer/);
  await expectAxeClean(page);
  await page.getByRole("link", { name: /^Whole organisation: \d+ to answer$/ }).first().click();
  await expect(page.getByTestId("review-awaiting")).toHaveText("1 item awaits your answer");
  await expect(page.getByText(`Where is the mission posted? ${id}`)).toBeVisible();
  const label = `Your answer to ${KEYSTONE} on 1.A.1.a`;
  const answer = page.getByRole("form", { name: label });
  await answer.getByLabel(label).fill(`In the hallway and in the handbook. ${id}`);
  await answer.getByRole("button", { name: "Send answer" }).click();
  await expect(page.getByText("Answer sent.")).toBeVisible();
  await expect(page.getByTestId("review-awaiting")).toHaveCount(0);
  expect(await fitsPhone(page)).toBe(true);
  await expectAxeClean(page);

  // The auditor sees the item answered.
  await as(DEMO.auditor);
  await page.goto(certifierUrl);
  await expect(page.getByTestId("review-awaiting")).toHaveText("No item awaits the operator's answer.");
  const thread = page.getByRole("list", { name: "Review thread on 1.A.1.a" });
  await expect(thread.getByRole("listitem")).toHaveCount(2);
  await expect(thread).toContainText(`In the hallway and in the handbook. ${id}`);
  await expect(thread).toContainText("Answer · Marcus Chen, Riverside");
  expect(await fitsPhone(page)).toBe(true);
  await expectAxeClean(page);
});
