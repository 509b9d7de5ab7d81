import { DEMO, expect, expectAxeClean, test } from "./fixtures";
import { addAndAdmit, fitsThePhone, inviteAndAccept, ORG, runId, setUpHouse } from "./money-setup";

// Recovery plan and check-ins on a 390 px phone (ADR 041): Luis screens a resident's needs
// (the job-training "yes" suggests services), adds a goal; the resident sees it on their
// phone and comments on it; the resident takes a check-in and sees the trend chart and its
// table; Luis sees the comment and the same trend on the plan. The house and the resident
// are unique to the run (./money-setup), so the spec runs in any order beside the others.

test.use({ viewport: { width: 390, height: 844 } });

test("screen needs, add a goal, the resident comments and takes a check-in; both see the trend", async ({ page, browser, baseURL, signIn, consoleErrors }) => {
  test.setTimeout(300_000);
  const run = runId();
  const houseName = `Zephyr Plans ${run}`;
  const who = { name: `Alex Marlowe ${run}`, email: `alex.${run}@example.test` };
  const goal = `Finish a job-training course ${run}`;
  const comment = `I can do the evening class on Tuesdays ${run}`;

  await signIn(DEMO.houseManager);
  await setUpHouse(page, houseName, null, 1);
  const residentId = await addAndAdmit(page, who.name, who.email, houseName, "Room 1 · Bed A");

  // Needs screening: work or job training "yes", the rest "no"; the directory is suggested.
  await page.goto(`${ORG}/residents/${residentId}/plan`);
  await expect(page.getByRole("heading", { level: 1, name: `${who.name}: recovery plan` })).toBeVisible();
  await page.getByRole("link", { name: "Needs screening" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${who.name}: needs screening` })).toBeVisible();
  await expectAxeClean(page);
  await fitsThePhone(page);
  const groups = page.locator("fieldset");
  const count = await groups.count();
  expect(count).toBeGreaterThanOrEqual(12);
  for (let i = 0; i < count; i++) {
    const group = groups.nth(i);
    const legend = (await group.locator("legend").textContent()) ?? "";
    if (!legend.includes("?")) continue;
    await group.getByRole("radio", { name: legend.includes("help finding work or job training") ? "Yes" : "No", exact: true }).check();
  }
  await page.getByRole("button", { name: "Save the screening" }).click();
  const latest = page.locator("section").filter({ has: page.getByRole("heading", { name: /^Latest screening, / }) });
  await expect(latest).toBeVisible();
  await expect(latest).toContainText("Services that may help:");
  await expect(latest.getByRole("link")).not.toHaveCount(0);
  await expectAxeClean(page);
  await fitsThePhone(page);

  // A goal on the plan.
  await page.goto(`${ORG}/residents/${residentId}/plan`);
  await page.getByLabel("Dimension").selectOption({ label: "Purpose" });
  await page.getByLabel("Goal", { exact: true }).fill(goal);
  await page.getByRole("button", { name: "Add the goal" }).click();
  await expect(page.getByRole("heading", { level: 3, name: goal })).toBeVisible();
  await expectAxeClean(page);
  await fitsThePhone(page);

  // The resident sees it on their phone and comments on it.
  const residentContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  consoleErrors.watch(residentContext);
  const resident = await inviteAndAccept(page, residentContext, residentId, who);
  await resident.goto(`${ORG}/me/plan`);
  await expect(resident.getByRole("heading", { level: 1, name: "My plan" })).toBeVisible();
  await expect(resident.getByRole("heading", { level: 3, name: goal })).toBeVisible();
  await expectAxeClean(resident);
  await fitsThePhone(resident);
  const item = resident.getByRole("listitem").filter({ has: resident.getByRole("heading", { level: 3, name: goal }) });
  await item.getByText("Comment on this goal").click();
  await item.getByLabel("Comment").fill(comment);
  await item.getByRole("button", { name: "Add the comment" }).click();
  await expect(resident.getByText(comment).first()).toBeVisible();
  await resident.reload();
  await expect(resident.getByText(comment).first()).toBeVisible();

  // A check-in: the trend chart and its table.
  await resident.getByRole("link", { name: "My check-ins" }).click();
  await expect(resident.getByRole("heading", { level: 1, name: "My check-ins" })).toBeVisible();
  await expect(resident.getByText("No check-ins yet.")).toBeVisible();
  await expectAxeClean(resident);
  const statements = resident.locator("fieldset").filter({ has: resident.locator("legend", { hasText: /^\d+\. / }) });
  await expect(statements).toHaveCount(10);
  for (let i = 0; i < 10; i++) await statements.nth(i).getByRole("radio", { name: i < 5 ? "4 · Somewhat agree" : "5 · Agree" }).check();
  await resident.getByRole("button", { name: "Save my check-in" }).click();
  const chart = resident.getByRole("img", { name: /^Check-in scores by dimension over time/ });
  await expect(chart).toBeVisible();
  const table = resident.getByRole("table", { name: "Scores by dimension (1 to 6)" });
  await expect(table).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("columnheader", { name: "Purpose" })).toBeVisible();
  await expectAxeClean(resident);
  await fitsThePhone(resident);
  await residentContext.close();

  // Luis sees the comment and the same trend on the plan.
  await page.goto(`${ORG}/residents/${residentId}/plan`);
  await expect(page.getByText(comment).first()).toBeVisible();
  await expect(page.getByRole("img", { name: /^Check-in scores by dimension over time/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Scores by dimension (1 to 6)" }).getByRole("row")).toHaveCount(2);
  await expectAxeClean(page);
  await fitsThePhone(page);
});
