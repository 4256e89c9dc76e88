/**
 * A throwaway PostgreSQL cluster under `.runtime/` for queue mode: Debian's server binaries (`pg_config --bindir`),
 * `initdb` once, `pg_ctl start` on a loopback port at each start (about a second), stopped with the stack.
 * PostgreSQL refuses to run as root: as root, its folder belongs to the `postgres` user and its commands run as it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { aptInstall, isRoot, which } from './system';
import { freePort, run, step, type Log } from './util';

export interface PostgresServer {
	host: string;
	port: number;
	user: string;
	dataDir: string;
	/** Creates the database (dropped first with `fresh`); says whether it existed before. */
	ensureDatabase(name: string, fresh?: boolean): Promise<{ existed: boolean }>;
	dropDatabase(name: string): Promise<void>;
	stop(): Promise<void>;
}

const USER = 'n8n';

async function binDir(log: Log): Promise<string> {
	const find = () => {
		const out = which('pg_config')
			? spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' }).stdout.trim()
			: '';
		return out && fs.existsSync(path.join(out, 'initdb')) && fs.existsSync(path.join(out, 'pg_ctl'))
			? out
			: undefined;
	};
	const found = find();
	if (found) return found;
	await aptInstall('postgresql', 'PostgreSQL (initdb, pg_ctl)', log);
	const installed =
		find() ??
		fs
			.readdirSync('/usr/lib/postgresql')
			.map((v) => `/usr/lib/postgresql/${v}/bin`)
			.find((d) => fs.existsSync(path.join(d, 'initdb')));
	if (!installed)
		throw new Error('PostgreSQL server binaries not found after installing postgresql');
	return installed;
}

/** Runs a PostgreSQL command as the `postgres` user when this process is root. */
function asPostgres(bin: string, args: string[]): [string, string[]] {
	return isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

/** The cluster in `dir` (created with `initdb` the first time), started on a free loopback port. */
export async function startPostgres(options: { dir: string; log: Log }): Promise<PostgresServer> {
	const { log } = options;
	const bin = await binDir(log);
	const dataDir = path.join(options.dir, 'data');
	const pg = (name: string, args: string[], logName = 'postgres.log') => {
		const [command, argv] = asPostgres(path.join(bin, name), args);
		return run(command, argv, { cwd: '/', logName });
	};
	if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
		await step(
			log,
			`Creating a PostgreSQL cluster in ${path.relative(process.cwd(), options.dir)} (first run only)`,
			async () => {
				fs.rmSync(options.dir, { recursive: true, force: true });
				fs.mkdirSync(dataDir, { recursive: true });
				if (isRoot()) spawnSync('chown', ['-R', 'postgres:postgres', options.dir]);
				await pg('initdb', ['-D', dataDir, '-A', 'trust', '-U', USER, '-E', 'UTF8', '--no-sync']);
			},
		);
	}
	// A server left running by a run that died: stop it (it is ours, in our folder).
	const [statusCmd, statusArgs] = asPostgres(path.join(bin, 'pg_ctl'), ['-D', dataDir, 'status']);
	if (spawnSync(statusCmd, statusArgs).status === 0)
		await pg('pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']);
	const port = await freePort();
	const serverLog = path.join(options.dir, 'server.log');
	await step(log, `Starting PostgreSQL on 127.0.0.1:${port}`, () =>
		pg('pg_ctl', [
			'-D',
			dataDir,
			'-l',
			serverLog,
			'-w',
			'-t',
			'60',
			'-o',
			// TCP only: a Unix socket path (the data folder's, in a long checkout path) may exceed the 107-byte limit.
			`-p ${port} -c unix_socket_directories='' -h 127.0.0.1 -c fsync=off -c max_connections=200`,
			'start',
		]),
	);
	const stopSync = () => {
		const [command, argv] = asPostgres(path.join(bin, 'pg_ctl'), [
			'-D',
			dataDir,
			'-m',
			'fast',
			'-w',
			'stop',
		]);
		spawnSync(command, argv);
	};
	process.on('exit', stopSync);
	const psql = (sql: string) =>
		run(
			path.join(bin, 'psql'),
			[
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				USER,
				'-d',
				'postgres',
				'-v',
				'ON_ERROR_STOP=1',
				'-tAc',
				sql,
			],
			{ cwd: '/', logName: 'postgres.log' },
		);
	let stopped = false;
	return {
		host: '127.0.0.1',
		port,
		user: USER,
		dataDir,
		async ensureDatabase(name, fresh = false) {
			if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a database name: ${name}`);
			if (fresh) await psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			const existed =
				(await psql(`SELECT 1 FROM pg_database WHERE datname = '${name}'`)).trim() === '1';
			if (!existed) await psql(`CREATE DATABASE ${name}`);
			return { existed };
		},
		async dropDatabase(name) {
			await psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
		},
		async stop() {
			if (stopped) return;
			stopped = true;
			process.removeListener('exit', stopSync);
			await pg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
		},
	};
}
