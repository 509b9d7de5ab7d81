// CPU time per request, read from /proc (Linux): the server process's (all its threads: the
// embedded database's worker too) and PostgreSQL's (every process named postgres, with the
// children the postmaster has reaped). It depends less than req/s on what else the machine is
// doing (on a shared VM it still moves by about 30 % between runs: compare within a run); and
// with two cores it bounds the throughput:
// a page cannot serve more than 1000 / server ms per second (Node answers on one thread), nor
// more than cores × 1000 / (server ms + database ms).
import fs from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ): 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** utime + stime (+ cutime + cstime) of a process, in ms, or null when it is gone. */
function stat(pid: number | string, withChildren: boolean): { comm: string; ms: number } | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses; the fields after its last ")".
  const close = text.lastIndexOf(")");
  const comm = text.slice(text.indexOf("(") + 1, close);
  const f = text.slice(close + 2).split(" ");
  // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
  const ticks = Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
  return { comm, ms: (ticks * 1000) / TICKS_PER_SECOND };
}

/** The CPU time the server process has used so far (ms), or null off Linux. */
export function processCpuMs(pid: number): number | null {
  return stat(pid, false)?.ms ?? null;
}

/** The CPU time every PostgreSQL process on this machine has used so far (ms), or null when none runs. */
export function postgresCpuMs(): number | null {
  let total = 0;
  let found = false;
  let pids: string[];
  try {
    pids = fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  for (const pid of pids) {
    const s = stat(pid, true);
    if (s?.comm === "postgres") {
      found = true;
      total += s.ms;
    }
  }
  return found ? total : null;
}
