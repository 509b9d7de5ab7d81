import type { Page } from "@playwright/test";
import { DEMO, expect, expectAxeClean, failedLoad, signInAs, test } from "./fixtures";

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

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a manager records a money order from family and a charge; the forms work as plain posts", async ({ page, signIn, consoleErrors }) => {
    consoleErrors.allow(failedLoad(400)); // the refused amount answers 400
    await signIn(DEMO.houseManager);
    await page.goto("/o/riverside/houses");
    await page.getByRole("link", { name: "Harbor House", exact: true }).click();
    await page.getByRole("navigation", { name: "House pages" }).getByRole("link", { name: "Fees" }).click();
    const payment = page.locator("form#payment");
    // Without JavaScript the click starts a full page load: wait for it before reading the options.
    await expect(payment.getByLabel("Resident")).toBeVisible();
    // Someone other than Sam (the test above watches Sam's balance, in parallel).
    const someone = (await payment.getByLabel("Resident").locator("option").allInnerTexts()).find((l) => l !== "Sam" && l !== "Choose…")!;
    await payment.getByLabel("Resident").selectOption({ label: someone });
    await payment.getByLabel("Amount").fill("1,000.5");
    await payment.getByLabel("How it was paid").selectOption("money_order");
    await payment.getByLabel("Who paid").selectOption("family");
    await payment.getByLabel("Check or money order number (optional)").fill("MO-55");
    await payment.getByRole("button", { name: "Record payment" }).click();
    await expect(page.getByText(/Payment of \$1,000\.50 recorded\. Receipt \d+\./)).toBeVisible();
    const entry = page.locator("form#entry");
    await entry.getByLabel("Resident").selectOption({ label: someone });
    await entry.getByLabel("Amount").fill("12.345");
    await entry.getByLabel("Reason").fill("Replacement key");
    await entry.getByRole("button", { name: "Record" }).click();
    await expect(page.getByText("Use at most two decimals (cents).")).toBeVisible();
    await expectAxeClean(page, { javaScriptDisabled: true });
  });
});
