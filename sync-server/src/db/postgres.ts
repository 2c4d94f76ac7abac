import pg from 'pg';
import type { Database, Queryable } from './database';

function wrap(q: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      return (await q.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  };
}

export function openPostgres(connectionString: string, max = 10): Database {
  const pool = new pg.Pool({ connectionString, max });
  // An idle client that loses its connection emits here; the next query reconnects.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (error) {
        // A failed rollback means the connection is broken: the pool must discard it, not
        // hand it to the next transaction. The caller still gets the original error.
        await client.query('rollback').catch((rollbackError: unknown) => {
          broken =
            rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    listen: (channel, onPayload) => listenOn(connectionString, channel, onPayload),
    close: () => pool.end(),
  };
}

/**
 * A dedicated connection per LISTEN (a pooled one would be handed to other
 * queries). If it drops, it reconnects and calls `onPayload('')` so
 * listeners re-check what they may have missed.
 */
async function listenOn(
  connectionString: string,
  channel: string,
  onPayload: (payload: string) => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  // Until it is back, live long-polls still end at their timeout and then read the log,
  // so a database restart delays changes but loses none. A failed attempt tries again.
  const reconnect = () => {
    if (stopped) return;
    setTimeout(() => {
      void connect().then(() => onPayload(''), reconnect);
    }, 1000);
  };
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString });
    next.on('notification', (n) => {
      if (n.channel === channel) onPayload(n.payload ?? '');
    });
    next.on('error', reconnect);
    await next.connect();
    await next.query(`listen "${channel.replace(/"/g, '""')}"`);
    client = next;
  };
  await connect();
  return async () => {
    stopped = true;
    // Closing a connection nobody listens on any more: a failure leaves nothing to undo.
    await client?.end().catch(() => undefined);
  };
}
