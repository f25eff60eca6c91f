import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  accessSync,
  chownSync,
  closeSync,
  constants,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './real-prometheus.js';

/**
 * A throwaway Postgres server for tests: its own data directory in a temporary folder, trust auth, loopback
 * only, fsync off. Debian's server binaries (the `postgresql` package .ci/run installs) are used; the server
 * refuses to run as root, so a root caller runs it as the unprivileged user `dcpg`.
 */
export interface PostgresCluster {
  /** Superuser URL (user `postgres`, no password) of the `postgres` database. */
  readonly url: string;
  readonly port: number;
  /** Fast shutdown (open sessions are cut, committed data kept); resolves when the server has exited. */
  stop(): Promise<void>;
  /** Starts the server again on the same data directory and port; resolves once it accepts connections. */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** SIGKILL to the server and all its backends, as a crashed host would; `start()` then runs crash recovery. */
  kill9(): Promise<void>;
  /** Stops the server and removes its data directory. */
  destroy(): Promise<void>;
}

export const SERVER_USER = 'dcpg';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

const isExecutable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Debian's /usr/lib/postgresql/<version>/bin (newest first), then whatever `pg_config --bindir` names. */
function serverBinDir(): string | undefined {
  const usable = (d: string) => isExecutable(join(d, 'initdb')) && isExecutable(join(d, 'postgres'));
  try {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    const debian = versions.map((v) => `/usr/lib/postgresql/${v}/bin`).find(usable);
    if (debian) return debian;
  } catch {
    // not Debian's layout
  }
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: 'pipe' }).trim();
    return usable(dir) ? dir : undefined;
  } catch {
    return undefined; // no pg_config either
  }
}

const isRoot = () => process.getuid?.() === 0;

function passwdEntry(name: string): { uid: number; gid: number } | undefined {
  let passwd = '';
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return undefined;
  }
  const line = passwd.split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

const useradd = () => ['/usr/sbin/useradd', '/sbin/useradd'].find(isExecutable);

/** Whether this machine can start a throwaway cluster, and if not, what to install or change. */
export function postgresAvailable(): { ok: true } | { ok: false; reason: string } {
  if (!serverBinDir())
    return {
      ok: false,
      reason:
        "no Postgres server binaries (looked in /usr/lib/postgresql/*/bin and `pg_config --bindir`); install Debian's postgresql package (.ci/run does) or set DEPLOY_CHECK_TEST_PG_URL to a server's superuser URL",
    };
  if (isRoot() && !passwdEntry(SERVER_USER) && !useradd())
    return {
      ok: false,
      reason: `running as root, no user "${SERVER_USER}" to run Postgres as, and no useradd to create it`,
    };
  return { ok: true };
}

/** The unprivileged user the server runs as when we are root, created on first use. */
function serverOwner(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  let owner = passwdEntry(SERVER_USER);
  if (!owner) {
    execFileSync(useradd() ?? 'useradd', ['-r', '-M', '-s', '/usr/sbin/nologin', SERVER_USER], {
      stdio: 'pipe',
    });
    owner = passwdEntry(SERVER_USER);
  }
  if (!owner) throw new Error(`could not create the user "${SERVER_USER}" to run Postgres as`);
  return owner;
}

/** True while a process of the process group `pgid` runs (zombies waiting for their parent do not count). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return true; // no /proc: trust kill(0)
  }
  return pids.some((pid) => {
    try {
      // "pid (comm) state ppid pgrp …"; comm may itself contain spaces and parentheses.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(pgrp) === pgid && state !== 'Z';
    } catch {
      return false;
    }
  });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Runs after the test process dies without stopping its clusters (SIGKILL, a crash): waits for that pid to
 * go, then shuts the server down (immediate, then SIGKILL to its group) and removes the folder.
 * $1: the test process, $2: the cluster folder, whose server.pid names the running postmaster.
 */
const WATCHDOG = `
while kill -0 "$1" 2>/dev/null; do sleep 1; done
if [ -f "$2/server.pid" ]; then
  pid=$(cat "$2/server.pid")
  kill -QUIT "$pid" 2>/dev/null && sleep 3
  kill -KILL -- "-$pid" 2>/dev/null
fi
rm -rf "$2"
`;

interface Live {
  dir: string;
  pid(): number | undefined;
  watchdog: number | undefined;
}
const live = new Set<Live>();
const stopWatchdog = (c: Live) => {
  try {
    if (c.watchdog !== undefined) process.kill(c.watchdog, 'SIGKILL');
  } catch {
    // already gone
  }
};
/** Normal exit with clusters still up (a test forgot destroy, a runner called process.exit): shut them down. */
process.once('exit', () => {
  for (const c of live) {
    const pid = c.pid();
    if (pid !== undefined) {
      // Immediate shutdown still removes the server's shared memory; SIGKILL would leave it behind.
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        // already gone
      }
      for (let i = 0; i < 50 && groupAlive(pid); i++) sleepSync(100);
      try {
        if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    stopWatchdog(c);
    rmSync(c.dir, { recursive: true, force: true });
  }
});

/** Runs a server tool (as the server's owner when we are root) and rejects with its output on failure. */
function runTool(file: string, args: string[], opts: { cwd: string; owner?: { uid: number; gid: number } }) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.owner ?? {}),
    });
    let output = '';
    const collect = (d: Buffer) => {
      output = (output + String(d)).slice(-4000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${file} exited with ${code}: ${output}`)),
    );
  });
}

/** Creates a cluster in a new temporary folder and starts it on a free loopback port. */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const available = postgresAvailable();
  if (!available.ok) throw new Error(available.reason);
  const bin = serverBinDir()!;
  const owner = serverOwner();
  const dir = mkdtempSync(join(tmpdir(), 'deploy-check-pg-'));
  const data = join(dir, 'data');
  const sockets = join(dir, 'sockets');
  const logFile = join(dir, 'server.log');
  const pidFile = join(dir, 'server.pid');
  mkdirSync(sockets);
  if (owner) for (const p of [dir, sockets]) chownSync(p, owner.uid, owner.gid);

  let server:
    | { readonly child: ChildProcess; readonly exited: Promise<void>; readonly done: boolean }
    | undefined;
  const entry: Live = {
    dir,
    pid: () => (server && !server.done ? server.child.pid : undefined),
    watchdog: undefined,
  };
  live.add(entry);
  const watchdog = spawn('sh', ['-c', WATCHDOG, 'deploy-check-pg-watchdog', String(process.pid), dir], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  entry.watchdog = watchdog.pid;

  const logTail = () => {
    try {
      return readFileSync(logFile, 'utf8').slice(-3000);
    } catch {
      return '';
    }
  };

  let port = 0;
  let url = '';
  /** Spawns the postmaster in its own process group (so kill9 reaches its backends) with its log in a file. */
  const launch = () => {
    const log = openSync(logFile, 'a');
    const child = spawn(
      join(bin, 'postgres'),
      [
        ...['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', sockets],
        ...['-c', 'fsync=off', '-c', 'full_page_writes=off'],
        // Two workers, each with several pooled bots and replicas, plus the tests' admin connections.
        ...['-c', 'max_connections=300'],
      ],
      {
        cwd: dir,
        detached: true,
        stdio: ['ignore', log, log],
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
        ...(owner ?? {}),
      },
    );
    closeSync(log);
    // A forgotten cluster must not keep the test process alive; the exit handler and watchdog stop it.
    child.unref();
    writeFileSync(pidFile, String(child.pid));
    let done = false;
    const exited = new Promise<void>((r) => {
      child.once('exit', () => {
        done = true;
        rmSync(pidFile, { force: true });
        r();
      });
    });
    server = {
      child,
      exited,
      get done() {
        return done;
      },
    };
  };

  const accepting = async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const waitUntilReady = async () => {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (server?.done) throw new Error(`postgres exited during start-up:\n${logTail()}`);
      if (await accepting()) return;
      if (Date.now() > deadline)
        throw new Error(`postgres not accepting connections after 30 s:\n${logTail()}`);
      await sleep(100);
    }
  };

  /** Waits for the server's exit, keeping the test process alive meanwhile (the child is unref'd). */
  const exitOf = async (s: NonNullable<typeof server>, timeoutMs: number) => {
    s.child.ref();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([s.exited, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    s.child.unref();
  };
  const stop = async () => {
    const s = server;
    if (!s || s.done) return;
    s.child.kill('SIGINT');
    await exitOf(s, STOP_TIMEOUT_MS);
    if (!s.done) await kill9();
  };
  const kill9 = async () => {
    const s = server;
    if (!s?.child.pid) return;
    const pgid = s.child.pid;
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    await exitOf(s, STOP_TIMEOUT_MS);
    // The backends are not our children: they are gone once nothing in the group runs.
    for (let i = 0; i < 500 && groupAlive(pgid); i++) await sleep(20);
    forgetSharedMemory();
  };
  /**
   * A killed postmaster leaves its System V shared memory segment behind (its id is on line 7 of
   * postmaster.pid). We know nothing is attached any more, so we remove the segment and the stale lock file;
   * without ipcrm both stay and the next start of this data directory reclaims them.
   */
  const forgetSharedMemory = () => {
    const lockFile = join(data, 'postmaster.pid');
    let shmid: string | undefined;
    try {
      shmid = readFileSync(lockFile, 'utf8').split('\n')[6]?.trim().split(/\s+/)[1];
    } catch {
      return;
    }
    if (!shmid) return;
    try {
      execFileSync('ipcrm', ['-m', shmid], { stdio: 'pipe' });
      rmSync(lockFile, { force: true });
    } catch {
      // ipcrm missing or the segment already gone: postgres sorts it out on the next start
    }
  };
  const start = async () => {
    if (server && !server.done) return;
    launch();
    await waitUntilReady();
  };
  const destroy = async () => {
    await stop();
    stopWatchdog(entry);
    live.delete(entry);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await runTool(
      join(bin, 'initdb'),
      ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      { cwd: dir, ...(owner ? { owner } : {}) },
    );
    // The free port can be taken between our probe and the server's bind: try a few.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      try {
        await start();
        break;
      } catch (e) {
        if (attempt >= 3 || !/could not bind|already in use/i.test(logTail())) throw e;
      }
    }
  } catch (e) {
    await destroy();
    throw e;
  }
  return {
    url,
    port,
    stop,
    start,
    async restart() {
      await stop();
      await start();
    },
    kill9,
    destroy,
  };
}
