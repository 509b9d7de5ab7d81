import { expect, expectAxeClean, signInAs, test } from "./fixtures";

// The house fund on a phone (issue 11, capability 9; ADR 035): in Maple Street House (the demo's
// peer-run house) the treasurer records a member's share and proposes an expense; the
// coordinator, a second officer, approves it; a member sees it in the history. Amounts and
// the payee are unique to the run.

test.use({ viewport: { width: 390, height: 844 } });

test("the treasurer records a share and proposes an expense, a second officer approves, a member sees it", async ({ page, browser, baseURL, signIn, consoleErrors }) => {
  test.setTimeout(180_000);
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const payee = `Corner Hardware ${run}`;
  const fund = "/o/maple-street/me/house-fund";

  // 1. The treasurer records a share paid and proposes an expense.
  await signIn("theo.treasurer@demo.hearth.test");
  await page.goto(fund);
  await expect(page.getByRole("heading", { level: 1, name: "House fund" })).toBeVisible();
  await expectAxeClean(page);
  const moneyIn = page.locator("form#money-in");
  await moneyIn.getByLabel("Member").selectOption({ index: 1 });
  await moneyIn.getByLabel("Amount received").fill("150");
  await moneyIn.getByLabel("Note (optional)").fill(`Share ${run}`);
  await moneyIn.getByRole("button", { name: "Record money in" }).click();
  await expect(page.getByText("Recorded $150.00 into the house fund.")).toBeVisible();
  await expect(page.getByText(`Cash · Share ${run}`)).toBeVisible();
  const expense = page.locator("form#expense");
  await expense.getByLabel("Paid to").fill(payee);
  await expense.getByLabel("What for").selectOption("supplies");
  await expense.getByLabel("Amount").fill("24.99");
  await expense.getByRole("button", { name: "Propose expense" }).click();
  await expect(page.getByText(/Expense proposed, with your approval/)).toBeVisible();
  const pending = page.getByRole("list", { name: "Expenses waiting for approval" }).getByRole("listitem").filter({ hasText: payee }).first();
  await expect(pending).toContainText("Approved by 1 of the 2 officers");
  await expectAxeClean(page);

  // 2. The coordinator, on their own phone, approves it.
  const coordinatorContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  consoleErrors.watch(coordinatorContext);
  await signInAs(coordinatorContext, baseURL!, "ray.resident@demo.hearth.test");
  const coordinator = await coordinatorContext.newPage();
  await coordinator.goto(fund);
  const mine = coordinator.getByRole("list", { name: "Expenses waiting for approval" }).getByRole("listitem").filter({ hasText: payee }).first();
  await mine.getByRole("button", { name: /Approve/ }).click();
  await expect(coordinator.getByText("Approved. The expense is now paid from the fund.")).toBeVisible();
  await expectAxeClean(coordinator);

  // 3. A member (the secretary's phone) sees it paid in the history.
  const memberContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  consoleErrors.watch(memberContext);
  await signInAs(memberContext, baseURL!, "omar.secretary@demo.hearth.test");
  const member = await memberContext.newPage();
  await member.goto(fund);
  await expect(member.getByRole("list", { name: "Money in and out" }).getByRole("listitem").filter({ hasText: payee })).toContainText("−$24.99");
  await expectAxeClean(member);
  await Promise.all([coordinatorContext.close(), memberContext.close()]);
});
