import { randomUUID } from 'node:crypto';
import type { Mailer, StoredMail } from './mailer';

/** Keeps mails in memory: for tests, and anywhere mail must not leave the process. */
export function memoryMailer(): Mailer & { sent: StoredMail[] } {
  const sent: StoredMail[] = [];
  return {
    sent,
    send(mail) {
      sent.push({ ...mail, id: randomUUID(), sentAt: new Date().toISOString() });
      return Promise.resolve();
    },
    outbox(tenantId) {
      return Promise.resolve(sent.filter((m) => m.tenantId === tenantId).reverse());
    },
  };
}
