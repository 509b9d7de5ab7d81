import { describe, expect, it } from "vitest";
import { maskEmail, maskEmailsIn } from "./mask";

describe("masking addresses", () => {
  it("keeps the first letters and the top-level domain only", () => {
    expect(maskEmail("jordan@example.org")).toBe("j•••@e•••.org");
    expect(maskEmail("a@b")).toBe("a•••@b•••");
    expect(maskEmail("no-at-sign")).toBe("•••");
    expect(maskEmail("trailing@")).toBe("•••");
  });

  it("masks every address inside a text", () => {
    expect(maskEmailsIn("550 5.1.1 <jordan.lee@mail.example.com>: Recipient address rejected; cc sam@x.io")).toBe(
      "550 5.1.1 <j•••@m•••.com>: Recipient address rejected; cc s•••@x•••.io",
    );
    expect(maskEmailsIn("connect ECONNREFUSED 127.0.0.1:25")).toBe("connect ECONNREFUSED 127.0.0.1:25");
  });
});
