/**
 * Phone numbers and email addresses people can tap: `tel:` with only the dialable
 * characters (so "(215) 555-0199 ext. 2" still dials), `mailto:` for email.
 */
function telHref(phone: string) {
  const [main] = phone.split(/\s*(?:ext\.?|x)\s*\d+$/i);
  const digits = (main ?? phone).replace(/[^\d+]/g, "");
  return `tel:${digits}`;
}

export function PhoneLink({ phone }: { phone: string }) {
  return <a href={telHref(phone)}>{phone}</a>;
}

export function EmailLink({ email }: { email: string }) {
  return (
    <a href={`mailto:${email}`} className="break-all">
      {email}
    </a>
  );
}
