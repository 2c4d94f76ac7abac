import { migrate } from '@plantkeep/migrations';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app';
import { fileAttachmentStore } from './attachments/store';
import { resolveJwtSecret } from './auth/jwt-secret';
import { ConfigError, loadConfig } from './config';
import { ensureWritableDir } from './data-dir';
import { openConfiguredDatabase, type Database } from './db';
import { createLogger } from './logger';
import { isDatabaseEmpty, seedDemoTenant } from './seed';
import { devMailer } from './mail/dev-mailer';
import { smtpMailer } from './mail/smtp-mailer';
import { listen } from './server';
import { compactShapeLog } from './shape/compaction';
import { compactYdocs } from './ydoc/compaction';
import { generateDueWorkOrdersForAllTenants } from './pm/generate-due';
import { LiveNotifier } from './shape/live-notifier';

/**
 * Start-up: validate configuration, migrate, seed the demo tenant into an
 * empty database, serve. Any start-up failure is one line on stderr and exit 1.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
  const logger = createLogger(config.logLevel);
  ensureWritableDir(config.dataDir);
  let db: Database | undefined;
  try {
    db = await openConfiguredDatabase(config);
    const report = await migrate(db);
    if (report.applied.length > 0) logger.info('migrated', { applied: report.applied });
    if (config.seedDemo && (await isDatabaseEmpty(db))) {
      logger.info('seeding the demo tenant (first run)');
      const seeded = await seedDemoTenant(db);
      logger.info('seeded the demo tenant', { rows: seeded.totalRows, seconds: seeded.seconds });
    }
    const notifier = new LiveNotifier();
    await notifier.start(db);
    const app = createApp({
      notifier,
      db,
      logger,
      config,
      jwtKey: resolveJwtSecret(config),
      mailer: config.smtpUrl ? smtpMailer(config.smtpUrl) : devMailer(config.dataDir),
      webRoot: fileURLToPath(new URL('../../web/dist', import.meta.url)),
      attachments: fileAttachmentStore(join(config.dataDir, 'attachments')),
    });
    const server = await listen(app.fetch, config.port);
    logger.info('listening', {
      url: `http://localhost:${config.port}`,
      database: db.kind,
      dataDir: config.databaseUrl ? undefined : config.dataDir,
    });
    const database = db;
    const compaction = setInterval(() => {
      compactShapeLog(database).then(
        (report) => logger.info('compacted the shape log', { ...report }),
        (error: unknown) => logger.error('shape log compaction failed', { error: String(error) }),
      );
      compactYdocs(database).then(
        (report) => logger.info('compacted work-order documents', { ...report }),
        (error: unknown) => logger.error('document compaction failed', { error: String(error) }),
      );
      generateDueWorkOrdersForAllTenants(database).then(
        (report) => logger.info('generated preventive work orders', { ...report }),
        (error: unknown) => logger.error('PM generation failed', { error: String(error) }),
      );
    }, 3_600_000);
    compaction.unref();
    const shutdown = (signal: string) => {
      logger.info('shutting down', { signal });
      clearInterval(compaction);
      void notifier.stop();
      server.close();
      database.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } catch (error) {
    // The start-up error rethrown below is the one to report; the process exits after it.
    await db?.close().catch(() => undefined);
    throw error;
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? error.message
      : `start-up failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`plantkeep: ${message}\n`);
  process.exit(1);
});
