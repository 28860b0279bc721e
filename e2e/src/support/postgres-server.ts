import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitForPort } from './redis-server';

const run = promisify(execFile);

/** The newest installed PostgreSQL's binaries (Debian: /usr/lib/postgresql/<major>/bin). */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((d) => /^\d+$/.test(d))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!majors[0]) throw new Error(`no PostgreSQL under ${root}: apt-get install postgresql`);
  return path.join(root, majors[0], 'bin');
}

/**
 * A PostgreSQL server of the test's own, on another port and in a directory of its own, so a test
 * can stop it while services run without touching the shared server other test files use.
 * Postgres refuses to run as root: when the test runs as root (CI here), the server runs as the
 * `postgres` system user. Durability settings are relaxed (fsync off): the test stops it cleanly
 * or kills it, and never needs a power-loss guarantee.
 */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly asUser: string | null,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** A URL for a database of this server (created by the caller, e.g. through runMigrations). */
  databaseUrl(name: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`;
  }

  static async create(): Promise<PrivatePostgres> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'e2e-postgres-'));
    const asUser = process.getuid?.() === 0 ? 'postgres' : null;
    if (asUser) {
      const { stdout } = await run('id', ['-u', asUser]);
      const { stdout: gid } = await run('id', ['-g', asUser]);
      await chown(dir, Number(stdout.trim()), Number(gid.trim()));
      await chmod(dir, 0o700);
    }
    const server = new PrivatePostgres(await freePort(), dir, asUser);
    await server.exec('initdb', ['-D', server.dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    await server.start();
    return server;
  }

  private get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  private exec(tool: string, args: string[]): Promise<unknown> {
    const bin = path.join(binDir(), tool);
    return this.asUser ? run('runuser', ['-u', this.asUser, '--', bin, ...args]) : run(bin, args);
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c fsync=off -c max_connections=200`;
    await this.exec('pg_ctl', ['-D', this.dataDir, '-o', options, '-l', path.join(this.dir, 'server.log'), '-w', 'start']);
    await waitForPort(this.port, true, 15_000);
  }

  /** A fast shutdown: open connections are cut, as when the database goes away under the services. */
  async stop(): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
    await waitForPort(this.port, false, 15_000);
  }

  async destroy(): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
