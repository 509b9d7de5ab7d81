import type { Page } from "@playwright/test";
import { DEMO, expect, expectAxeClean, signInAs, test } from "./fixtures";

/**
 * On a phone: a house manager records a cash payment for Sam at Harbor House; Sam sees
 * the balance drop by that amount on "My dues" and opens the receipt.
 */
test.use({ viewport: { width: 390, height: 844 } });

/** The balance on "My dues" as signed cents (what the resident owes; negative in credit). */
async function balanceCents(page: Page): Promise<number> {
  const text = (await page.getByTestId("balance").innerText()).trim();
  if (/all paid up/.test(text)) return 0;
  const m = text.match(/\$([\d,]+)\.(\d\d)/);
  if (!m) throw new Error(`no amount in ${text}`);
  const cents = Number(m[1]!.replace(/,/g, "")) * 100 + Number(m[2]);
  return /in credit/.test(text) ? -cents : cents;
}

test("a manager records a cash payment; the resident sees the balance drop and opens the receipt", async ({ page, browser, baseURL, signIn, consoleErrors }) => {
  // The resident, in a browser of their own.
  const residentContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  consoleErrors.watch(residentContext);
  await signInAs(residentContext, baseURL!, DEMO.resident);
  const resident = await residentContext.newPage();
  await resident.goto("/o/riverside/me");
  await resident.getByRole("link", { name: "My dues, payments and receipts" }).click();
  await expect(resident.getByRole("heading", { level: 1, name: "My dues" })).toBeVisible();
  const before = await balanceCents(resident);
  await expectAxeClean(resident);

  // The manager records $12.34 in cash.
  await signIn(DEMO.houseManager);
  await page.goto("/o/riverside/houses");
  await page.getByRole("link", { name: "Harbor House", exact: true }).click();
  await page.getByRole("navigation", { name: "House pages" }).getByRole("link", { name: "Fees" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Fees" })).toBeVisible();
  await expectAxeClean(page);
  const form = page.locator("form#payment");
  await form.getByLabel("Resident").selectOption({ label: "Sam" });
  await form.getByLabel("Amount").fill("12.34");
  await form.getByLabel("How it was paid").selectOption("cash");
  await form.getByLabel("Who paid").selectOption("resident");
  await form.getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByText(/Payment of \$12\.34 recorded\. Receipt \d+\./)).toBeVisible();
  const receiptNumber = (await page.getByText(/Payment of \$12\.34 recorded/).innerText()).match(/Receipt (\d+)/)![1]!;
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
  await expectAxeClean(page);

  // The resident's balance dropped by exactly that, and the receipt is theirs to open.
  await resident.reload();
  expect(await balanceCents(resident)).toBe(before - 1234);
  await resident.getByRole("list", { name: "History" }).getByRole("listitem").filter({ hasText: `Payment, receipt ${receiptNumber}` }).getByRole("link", { name: "Receipt" }).click();
  await expect(resident.getByRole("heading", { level: 1, name: `Receipt ${receiptNumber}` })).toBeVisible();
  await expect(resident.getByText("$12.34")).toBeVisible();
  await expect(resident.getByText("Cash", { exact: true })).toBeVisible();
  expect(await resident.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
  await expectAxeClean(resident);
  await residentContext.close();
});
