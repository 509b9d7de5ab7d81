import { DEMO, expect, expectAxeClean, signInAs, test } from "./fixtures";

// The chore story on a phone (issue 10): the house manager adds a chore and generates the
// week's rotation; the resident marks one of today's chores done with a note; the manager
// verifies it. Harbor House and Sam come from the demo seed (Sam always has a chore today);
// the new chore's name is unique to the run.

test.use({ viewport: { width: 390, height: 844 } });

test("a manager generates the week's rotation, the resident marks a chore done, the manager verifies it", async ({ page, browser, baseURL, signIn, consoleErrors }) => {
  test.setTimeout(180_000);
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const chore = `Porch sweep ${run}`;
  const org = "/o/riverside";

  // 1. The house manager opens Harbor House's chores and adds a daily chore.
  await signIn(DEMO.houseManager);
  await page.goto(`${org}/houses`);
  await page.getByRole("link", { name: "Harbor House" }).first().click();
  await page.getByRole("link", { name: "Chores", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Chores · Harbor House" })).toBeVisible();
  await expectAxeClean(page);
  await page.getByRole("link", { name: "Set up chores" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Set up chores · Harbor House" })).toBeVisible();
  await expectAxeClean(page);
  const add = page.locator("form#add-chore");
  await add.getByLabel("Chore", { exact: true }).fill(chore);
  await add.getByLabel("Area (optional)").fill("Outside");
  await add.getByLabel("Effort (1 to 5)").fill("1");
  await add.getByLabel("How often").selectOption("daily");
  await add.getByRole("button", { name: "Add chore" }).click();
  await expect(page.getByText(`${chore} added.`)).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(chore) })).toBeVisible();
  await expectAxeClean(page);

  // 2. … and generates the week's rotation: the new chore is shared out.
  await page.getByRole("link", { name: "Back to the chore board" }).click();
  const plan = page.locator("form#generate");
  await expect(plan.getByLabel("Days")).toHaveValue("7");
  await plan.getByRole("button", { name: "Generate rotation" }).click();
  await expect(page.getByText(/Rotation ready for .*: 7 chores assigned\./)).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: chore })).toHaveCount(1);
  await expectAxeClean(page);

  // 3. The resident, on their own phone, marks one of today's chores done with a note.
  const residentContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  consoleErrors.watch(residentContext);
  await signInAs(residentContext, baseURL!, DEMO.resident);
  const resident = await residentContext.newPage();
  await resident.goto(`${org}/me`);
  await resident.getByRole("link", { name: "My chores" }).first().click();
  await expect(resident.getByRole("heading", { level: 1, name: "My chores" })).toBeVisible();
  await expectAxeClean(resident);
  const today = resident.getByRole("region", { name: "Today" });
  const item = today.getByRole("listitem").filter({ hasText: "To do" }).first();
  const name = (await item.locator("span.font-semibold").first().textContent())!.trim();
  await item.getByLabel(/Note \(optional\)/).fill("Done before work");
  await item.getByRole("button", { name: /Mark done/ }).click();
  await expect(resident.getByText("Marked done. Thank you!")).toBeVisible();
  const doneItem = resident.getByRole("region", { name: "Today" }).getByRole("listitem").filter({ hasText: "Your note: Done before work" });
  await expect(doneItem).toContainText(name);
  await expect(doneItem).toContainText("Done, waiting to be checked");
  await expectAxeClean(resident);
  // The house board shows housemates by first name only.
  await resident.getByRole("link", { name: /House chore board/ }).click();
  await expect(resident.getByRole("heading", { level: 1, name: "House chores" })).toBeVisible();
  await expect(resident.getByRole("listitem").filter({ hasText: name }).filter({ hasText: "You" }).first()).toBeVisible();
  await expectAxeClean(resident);

  // 4. The manager verifies it on the day's board.
  await page.reload();
  const row = page.getByRole("listitem").filter({ hasText: name }).filter({ hasText: "Note: Done before work" });
  await expect(row).toContainText("Done, waiting to be checked");
  await row.getByRole("button", { name: /^Verify/ }).click();
  await expect(page.getByText("Chore verified.")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: name }).filter({ hasText: "Note: Done before work" })).toContainText("Verified");
  await expectAxeClean(page);

  // The resident sees it verified.
  await resident.goto(`${org}/me/chores`);
  await expect(resident.getByRole("region", { name: "Today" }).getByRole("listitem").filter({ hasText: "Your note: Done before work" })).toContainText("Verified");
  await residentContext.close();
});
