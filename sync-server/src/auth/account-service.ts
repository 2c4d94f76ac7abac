import { AppError } from '@plantkeep/shared';
import { audit } from '../audit';
import { withTenant, type Database } from '../db';
import type { Mailer } from '../mail/mailer';
import { consumeMailedToken, issueMailedToken } from './mailed-tokens';
import { tokenTenant } from './opaque-token';
import { hashPassword } from './password';
import { revokeUserSessions } from './sessions';

const badLink = () => new AppError('VALIDATION', 'This link is invalid, expired or already used');

/** Password reset, email verification and invitation acceptance: everything that travels by mail. */
export class AccountService {
  constructor(
    private readonly db: Database,
    private readonly mailer: Mailer,
    private readonly publicUrl: string,
  ) {}

  /**
   * Mails a reset link to every active account with that email (in `tenant`
   * when given). Answers the same whether or not any account exists.
   */
  async requestPasswordReset(email: string, tenant: string | undefined): Promise<void> {
    const accounts = await this.db.query<{ tenant_id: string; user_id: string; name: string }>(
      `select u.tenant_id, u.id as user_id, t.name from users u join tenants t on t.id = u.tenant_id
        where u.email = $1 and u.deactivated_at is null and ($2::text is null or t.slug = $2)`,
      [email, tenant ?? null],
    );
    for (const account of accounts) {
      const token = await withTenant(this.db, account.tenant_id, (tx) =>
        issueMailedToken(tx, account.tenant_id, account.user_id, 'password_reset'),
      );
      await this.mailer.send({
        tenantId: account.tenant_id,
        to: email,
        subject: `Reset your Plantkeep password (${account.name})`,
        text: `Someone asked to reset your password. If it was you, open this link within an hour:\n\n${this.link('reset-password', token)}\n\nOtherwise ignore this mail.`,
      });
    }
  }

  /** Sets a new password from a reset link and signs the account out everywhere. */
  async resetPassword(token: string, password: string): Promise<void> {
    const tenantId = tokenTenant(token);
    if (!tenantId) throw badLink();
    const passwordHash = await hashPassword(password);
    await withTenant(this.db, tenantId, async (tx) => {
      const userId = await consumeMailedToken(tx, token, 'password_reset');
      if (!userId) throw badLink();
      await tx.query('update users set password_hash = $2, updated_at = now() where id = $1', [
        userId,
        passwordHash,
      ]);
      await revokeUserSessions(tx, userId, 'password reset');
      await audit(tx, {
        tenantId,
        actorId: userId,
        action: 'user.password_reset',
        entityType: 'user',
        entityId: userId,
      });
    });
  }

  async sendVerification(tenantId: string, userId: string, email: string): Promise<void> {
    const token = await withTenant(this.db, tenantId, (tx) =>
      issueMailedToken(tx, tenantId, userId, 'email_verification'),
    );
    await this.mailer.send({
      tenantId,
      to: email,
      subject: 'Confirm your email address for Plantkeep',
      text: `Confirm your email address by opening:\n\n${this.link('verify-email', token)}`,
    });
  }

  async verifyEmail(token: string): Promise<void> {
    const tenantId = tokenTenant(token);
    if (!tenantId) throw badLink();
    await withTenant(this.db, tenantId, async (tx) => {
      const userId = await consumeMailedToken(tx, token, 'email_verification');
      if (!userId) throw badLink();
      await tx.query(
        'update users set email_verified_at = coalesce(email_verified_at, now()) where id = $1',
        [userId],
      );
    });
  }

  async sendInvitation(
    tenantId: string,
    userId: string,
    email: string,
    inviter: string,
  ): Promise<void> {
    const token = await withTenant(this.db, tenantId, (tx) =>
      issueMailedToken(tx, tenantId, userId, 'invitation'),
    );
    await this.mailer.send({
      tenantId,
      to: email,
      subject: `${inviter} invited you to Plantkeep`,
      text: `${inviter} invited you to join their maintenance team on Plantkeep. Choose a password here (valid for 7 days):\n\n${this.link('accept-invitation', token)}`,
    });
  }

  /** Sets the invited user's password; the mail proved the address. */
  async acceptInvitation(token: string, password: string): Promise<void> {
    const tenantId = tokenTenant(token);
    if (!tenantId) throw badLink();
    const passwordHash = await hashPassword(password);
    await withTenant(this.db, tenantId, async (tx) => {
      const userId = await consumeMailedToken(tx, token, 'invitation');
      if (!userId) throw badLink();
      await tx.query(
        `update users set password_hash = $2, email_verified_at = coalesce(email_verified_at, now()), updated_at = now()
          where id = $1`,
        [userId, passwordHash],
      );
    });
  }

  private link(page: string, token: string): string {
    return `${this.publicUrl}/${page}?token=${encodeURIComponent(token)}`;
  }
}
