/** A throwaway Redis for queue mode: Debian's `redis-server` (installed when missing), no persistence, loopback. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import { LOG_DIR } from './paths';
import { aptInstall, which } from './system';
import { freePort, keepPreviousLog, sleep, step, type Log } from './util';

export interface RedisServer {
	host: string;
	port: number;
	pid: number;
	stop(): Promise<void>;
}

function ping(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
		socket.setTimeout(1000, () => socket.destroy());
		socket.once('data', (data) => {
			socket.destroy();
			resolve(data.toString().startsWith('+PONG'));
		});
		socket.once('error', () => resolve(false));
		socket.once('close', () => resolve(false));
	});
}

export async function startRedis(options: { log: Log; logName?: string }): Promise<RedisServer> {
	const { log } = options;
	if (!which('redis-server')) await aptInstall('redis-server', 'Redis (redis-server)', log);
	const port = await freePort();
	const logFile = path.join(LOG_DIR, options.logName ?? 'redis.log');
	fs.mkdirSync(LOG_DIR, { recursive: true });
	keepPreviousLog(logFile);
	const child = await step(
		log,
		`Starting Redis on 127.0.0.1:${port}`,
		async () => {
			const out = fs.openSync(logFile, 'w');
			const proc = spawn(
				'redis-server',
				[
					'--port',
					String(port),
					'--bind',
					'127.0.0.1',
					'--save',
					'',
					'--appendonly',
					'no',
					'--protected-mode',
					'yes',
				],
				{
					stdio: ['ignore', out, out],
				},
			);
			fs.closeSync(out);
			for (let i = 0; i < 100; i++) {
				if (proc.exitCode !== null)
					throw new Error(`redis-server exited with code ${proc.exitCode} (log: ${logFile})`);
				if (await ping(port)) return proc;
				await sleep(100);
			}
			proc.kill('SIGKILL');
			throw new Error(`redis-server did not answer PING within 10 s (log: ${logFile})`);
		},
		(proc) => `pid ${proc.pid}`,
	);
	const killOnExit = () => child.kill('SIGTERM');
	process.on('exit', killOnExit);
	return {
		host: '127.0.0.1',
		port,
		pid: child.pid ?? 0,
		async stop() {
			process.removeListener('exit', killOnExit);
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
			clearTimeout(timer);
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		},
	};
}
