import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of the test's own, in a temporary directory on a free loopback
 * port: fault tests stop, restart and terminate it without touching the shared server
 * other people and CI use. As root (CI, the dev machines) the server runs as the
 * `postgres` OS user, since PostgreSQL refuses to run as root.
 */
export type PrivatePostgres = {
  port: number;
  /** A connection string for `database` on this cluster (superuser `postgres`, trust auth). */
  url(database?: string): string;
  stop(mode?: "fast" | "immediate"): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Run SQL as the superuser on `database` (default postgres). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[], database?: string): Promise<R[]>;
  destroy(): Promise<void>;
};

/** The newest installed PostgreSQL's bin directory, or undefined. */
export function postgresBinDir(): string | undefined {
  const roots = ["/usr/lib/postgresql"];
  for (const root of roots) {
    if (!fs.existsSync(root)) continue;
    const versions = fs
      .readdirSync(root)
      .filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], "bin");
  }
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql).");
  const asRoot = process.getuid?.() === 0;
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-pg-"));
  const dataDir = path.join(base, "data");
  const sockDir = path.join(base, "sock");
  fs.mkdirSync(sockDir);
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    fs.chownSync(base, uid, gid);
    fs.chownSync(sockDir, uid, gid);
  }
  const pgRun = (tool: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]) : run(path.join(bin, tool), args);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${sockDir}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    "-c full_page_writes=off",
    "-c max_connections=60",
    "-c shared_buffers=16MB",
  ].join(" ");
  const pgCtl = (...args: string[]) => pgRun("pg_ctl", ["-D", dataDir, "-l", path.join(base, "server.log"), "-w", "-t", "60", ...args]);

  await pgRun("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  let running = false;
  const start = async () => {
    await pgCtl("-o", options, "start");
    running = true;
  };
  const stop = async (mode: "fast" | "immediate" = "fast") => {
    await pgCtl("-m", mode, "stop");
    running = false;
  };
  // If the test process dies, do not leave a server running.
  const onExit = () => {
    if (!running) return;
    try {
      const args = ["-D", dataDir, "-m", "immediate", "stop"];
      if (asRoot) execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, "pg_ctl"), ...args], { stdio: "ignore" });
      else execFileSync(path.join(bin, "pg_ctl"), args, { stdio: "ignore" });
    } catch {
      /* already stopped */
    }
    fs.rmSync(base, { recursive: true, force: true });
  };
  process.once("exit", onExit);
  await start();

  const url = (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    start,
    stop,
    restart: async () => {
      await pgCtl("-m", "fast", "restart");
      running = true;
    },
    async query(text, values, database) {
      const client = new pg.Client({ connectionString: url(database) });
      client.on("error", () => {});
      await client.connect();
      try {
        return (await client.query(text, values)).rows;
      } finally {
        await client.end();
      }
    },
    async destroy() {
      process.removeListener("exit", onExit);
      if (running) await stop("immediate").catch(() => {});
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
