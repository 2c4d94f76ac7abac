import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Envelope, Ready, ServerReply, ServerRequest } from './protocol';

const here = dirname(fileURLToPath(import.meta.url));

type ReplyTo<K extends ServerRequest['type']> = Extract<ServerReply, { type: K }>;

/** The server under benchmark in a child process (server-entry.ts), driven over IPC. */
export class ServerProcess {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: ServerReply) => void>();
  private exited: string | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {
    child.on('message', (message: Envelope<ServerReply>) => {
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message.body);
    });
    child.on('exit', (code, signal) => {
      this.exited = `server exited (code ${code ?? 'none'}, signal ${signal ?? 'none'})`;
      for (const resolve of this.pending.values()) resolve({ type: 'error', message: this.exited });
      this.pending.clear();
    });
  }

  /** Starts the server (migrate, seed, listen) and resolves once it listens. */
  static start(options: {
    dataDir: string;
    scale: number;
    seed: number;
    slug: string;
    rateLimits: 'production' | 'off';
    keepAliveMs?: number | undefined;
  }) {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        ...(options.rateLimits === 'off' ? ['--import', join(here, 'unlimited-hook.ts')] : []),
        join(here, 'server-entry.ts'),
        '--data-dir',
        options.dataDir,
        '--scale',
        String(options.scale),
        '--seed',
        String(options.seed),
        '--slug',
        options.slug,
        '--rate-limits',
        options.rateLimits,
        ...(options.keepAliveMs === undefined
          ? []
          : ['--keep-alive-ms', String(options.keepAliveMs)]),
      ],
      // tsx is resolved from sync-server's own dependencies.
      { cwd: join(here, '..'), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    return new Promise<ServerProcess>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`server exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (message: Ready) => {
        child.off('exit', onExit);
        resolve(new ServerProcess(child, message));
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  call<K extends ServerRequest['type']>(
    body: Extract<ServerRequest, { type: K }>,
  ): Promise<ReplyTo<K>> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) => {
        if (reply.type === body.type) resolve(reply as ReplyTo<K>);
        else reject(new Error(reply.type === 'error' ? reply.message : `unexpected ${reply.type}`));
      });
      this.child.send({ id, body } satisfies Envelope<ServerRequest>);
    });
  }

  /** Resident set size from /proc (bytes), read from outside the process. */
  procRss(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kb === undefined ? NaN : Number(kb) * 1024;
  }

  stop(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.disconnect();
      setTimeout(() => this.child.kill('SIGKILL'), 5_000).unref();
    });
  }
}
