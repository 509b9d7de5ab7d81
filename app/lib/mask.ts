/**
 * Email addresses as operators may see them in lists of failed messages: the first
 * character of the name and of the domain, and the top-level domain
 * ("jordan@example.org" → "j•••@e•••.org"). Enough to recognise whom it was for when
 * you know, not enough to learn an address.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1 || at === email.length - 1) return "•••";
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : "";
  return `${[...local][0]}•••@${[...host][0]}•••${tld}`;
}

const ADDRESS = /[^\s<>"'()@,;:[\]]+@[^\s<>"'()@,;:[\]]+/g;

/** Mask every email address in a text (an SMTP server's answer often repeats the recipient). */
export function maskEmailsIn(text: string): string {
  return text.replace(ADDRESS, (address) => maskEmail(address));
}
