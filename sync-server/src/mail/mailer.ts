export interface Mail {
  tenantId: string;
  to: string;
  subject: string;
  text: string;
}

export interface StoredMail extends Mail {
  id: string;
  sentAt: string;
}

/** Outgoing mail. Development writes files an admin can read; production speaks SMTP. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  /** Mails sent to one tenant, newest first: only the development transport keeps them. */
  readonly outbox?: (tenantId: string) => Promise<StoredMail[]>;
}
