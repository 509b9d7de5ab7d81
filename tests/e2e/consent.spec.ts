import { expect, expectAxeClean, failedLoad, signInAs, test } from "./fixtures";

// Consent on a 390 px phone (ADR 040): Luis (Harbor's house manager) prepares a consent for
// Sam; Sam signs it without JavaScript; Luis prints the release letter (notice present); Sam
// sees the disclosure in his log and revokes; a second print is refused. The recipient's
// name is unique to the run, so parallel specs and reruns never meet.
const LUIS = "luis.manager@demo.hearth.test";
const SAM = "sam.resident@demo.hearth.test";
const ORG = "/o/riverside";

test.use({ viewport: { width: 390, height: 844 } });
test.setTimeout(300_000);

test("prepare, sign without JavaScript, print, see the log, revoke, refused", async ({ page, browser, baseURL, signIn, consoleErrors }) => {
  consoleErrors.allow(failedLoad(403));
  const recipient = `Officer Kim ${Date.now()}`;

  await signIn(LUIS);
  await page.goto(`${ORG}/residents`);
  await page.getByRole("link", { name: "Sam", exact: true }).click();
  await page.getByRole("link", { name: "Consents and disclosures" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Consents and disclosures" })).toBeVisible();
  await expectAxeClean(page);
  const prepare = page.locator("#prepare");
  await prepare.getByLabel("Who may receive the information").selectOption("person");
  await prepare.getByLabel("Name of the person, organisation or designation").fill(recipient);
  await prepare.getByLabel("Purpose", { exact: true }).selectOption("court_or_probation");
  await prepare.getByLabel("That I live here", { exact: false }).check();
  await prepare.getByLabel("Ends on (optional if an event is chosen)").fill("2099-12-31");
  await prepare.getByRole("button", { name: "Prepare consent" }).click();
  await expect(page.getByText("Consent prepared.")).toBeVisible();

  // Sam signs on his phone, without JavaScript.
  const samContext = await browser.newContext({ baseURL, javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  await signInAs(samContext, baseURL!, SAM);
  const sam = await samContext.newPage();
  await sam.goto(`${ORG}/me/consents`);
  await expectAxeClean(sam, { javaScriptDisabled: true });
  await sam.getByRole("link", { name: recipient }).click();
  await expect(sam.getByText("You may revoke this consent at any time")).toBeVisible();
  await expectAxeClean(sam, { javaScriptDisabled: true });
  await sam.getByLabel("Your full name").fill("samuel taylor");
  await sam.getByRole("button", { name: "Sign consent" }).click();
  await expect(sam.getByText("Consent signed.")).toBeVisible();

  // Luis prints the letter.
  const letter = page.locator("#letter");
  const printLetter = async () => {
    await letter.getByLabel("Recipient is").selectOption("person");
    await letter.getByLabel("Recipient’s name").fill(recipient);
    await letter.getByLabel("Purpose").selectOption("court_or_probation");
    await letter.getByLabel("That I live here", { exact: false }).check();
    await letter.getByRole("button", { name: "Print letter" }).click();
  };
  await page.reload();
  await printLetter();
  await expect(page.getByRole("heading", { level: 1, name: "Verification of residence" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Notice against redisclosure" })).toBeVisible();
  await expectAxeClean(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);

  // Sam sees it in his log, then revokes.
  await sam.goto(`${ORG}/me/disclosures`);
  await expect(sam.getByText(`Verification of residence letter to ${recipient}`)).toBeVisible();
  await expectAxeClean(sam, { javaScriptDisabled: true });
  await sam.goto(`${ORG}/me/consents`);
  await sam.getByRole("link", { name: recipient }).click();
  await sam.getByRole("button", { name: "Revoke this consent" }).click();
  await expect(sam.getByText("Consent revoked.")).toBeVisible();
  await samContext.close();

  // A second print is refused, with the reason.
  await page.goBack();
  await page.reload();
  await printLetter();
  await expect(page.getByText(/was revoked/).first()).toBeVisible();
  await expectAxeClean(page);
});
