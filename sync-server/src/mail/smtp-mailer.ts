import nodemailer from 'nodemailer';
import type { Mailer } from './mailer';

/** SMTP transport for SMTP_URL (smtp:// or smtps://, credentials in the URL). */
export function smtpMailer(
  smtpUrl: string,
  from = 'Plantkeep <no-reply@plantkeep.invalid>',
): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
