import { DEMO, expect, expectAxeClean, failedLoad, test } from "./fixtures";

/**
 * The fees forms without JavaScript. The phone journey (a manager records cash, the resident
 * sees it on "My dues", its receipt, print view, PDF and statement) is in dues.spec.ts.
 */
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
    // Someone other than Sam (dues.spec.ts watches Sam's balance, in parallel).
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
