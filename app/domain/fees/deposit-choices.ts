/** What a manager may do with a held deposit at discharge (ADR 031); pure, the discharge form uses it too. */
export const DEPOSIT_CHOICES = ["apply", "refund", "keep"] as const;
export const DEPOSIT_CHOICE_LABELS = { apply: "Apply it to the balance", refund: "Refund it", keep: "Keep holding it" } as const;
