/** Same server, another database. */
export function withDatabaseName(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A connection for CREATE/DROP DATABASE: the server's `postgres` database. */
export function adminUrl(url: string): string {
  return withDatabaseName(url, "postgres");
}
