import type { Page } from "@playwright/test";
import { DEMO, expect, expectAxeClean, signInAs, test } from "./fixtures";

/**
 * Dues end to end on a phone (390 px): a house manager records a cash payment for Sam at
 * Harbor House; Sam, signed in in a browser of their own, sees the balance drop by exactly
 * that on "My dues", opens the receipt, prints it cleanly (no navigation) and downloads its
 * PDF; "My dues", the receipt and a statement are axe clean. (The no-JavaScript forms are in
 * fees.spec.ts.) Whether the dues page also offers a Pay form is not assumed either way.
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

async function fitsThePhone(page: Page) {
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
}

test("a manager records cash; the resident sees the balance drop, opens, prints and downloads the receipt, and reads a statement", async ({
  page,
  browser,
  baseURL,
  signIn,
  consoleErrors,
}) => {
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
  await fitsThePhone(page);
  await expectAxeClean(page);

  // The resident's balance dropped by exactly that, and the receipt is theirs to open.
  await resident.reload();
  expect(await balanceCents(resident)).toBe(before - 1234);
  await fitsThePhone(resident);
  await expectAxeClean(resident);
  await resident.getByRole("list", { name: "History" }).getByRole("listitem").filter({ hasText: `Payment, receipt ${receiptNumber}` }).getByRole("link", { name: "Receipt" }).click();
  await expect(resident.getByRole("heading", { level: 1, name: `Receipt ${receiptNumber}` })).toBeVisible();
  await expect(resident.getByText("$12.34")).toBeVisible();
  await expect(resident.getByText("Cash", { exact: true })).toBeVisible();
  await fitsThePhone(resident);
  await expectAxeClean(resident);

  // Printed: the receipt only, without the app's navigation or the page's own links.
  const navigation = resident.getByRole("navigation").first();
  await expect(navigation).toBeVisible();
  await resident.emulateMedia({ media: "print" });
  await expect(resident.getByRole("heading", { level: 1, name: `Receipt ${receiptNumber}` })).toBeVisible();
  await expect(resident.getByText("$12.34")).toBeVisible();
  for (const nav of await resident.locator("nav").all()) await expect(nav).toBeHidden();
  await expect(resident.getByRole("link", { name: "Download PDF" })).toBeHidden();
  await resident.emulateMedia({ media: "screen" });
  await expect(navigation).toBeVisible();

  // The PDF link answers a PDF (the resident's own cookies; fetched, not opened).
  const pdfHref = await resident.getByRole("link", { name: "Download PDF" }).getAttribute("href");
  expect(pdfHref).toMatch(/\/pdf$/);
  const pdf = await residentContext.request.get(pdfHref!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toMatch(/^application\/pdf/);
  expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

  // This month's statement lists the payment, and is axe clean and phone-wide.
  await resident.goto("/o/riverside/me/dues");
  await resident.getByRole("list", { name: "Statements" }).getByRole("link", { name: /^This month/ }).click();
  await expect(resident.getByRole("heading", { level: 1, name: /^Statement for / })).toBeVisible();
  await expect(resident.getByRole("list", { name: "Entries this month" }).getByText(`Payment, receipt ${receiptNumber} (Cash)`)).toBeVisible();
  await fitsThePhone(resident);
  await expectAxeClean(resident);
  await residentContext.close();
});
