import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { RenderedMessage } from '../notifications/notification-message';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from '../notifications/notification.settings';
import { StaffContactsRepository, withoutContacts } from '../notifications/staff-contacts.repository';
import { DeliveryChannel, DeliveryFailure, type Accepted, type DeliveryTarget } from './delivery-channel';

/** SMTP reply codes 5xx are final (no such mailbox, policy refusal); 4xx and lost connections may pass later. */
const smtpFailure = (error: unknown): DeliveryFailure => {
  const responseCode = (error as { responseCode?: number }).responseCode;
  const message = withoutContacts(error instanceof Error ? error.message : String(error));
  return new DeliveryFailure(`SMTP: ${message}`, typeof responseCode === 'number' && responseCode >= 500);
};

/**
 * E-mail through the group's SMTP relay (nodemailer): implicit TLS or STARTTLS (required unless
 * NOTIFY_SMTP_REQUIRE_TLS=false), AUTH from the settings. The Message-ID is derived from the delivery,
 * so a message sent again after a crash is recognisably the same one.
 */
@Injectable()
export class EmailChannel extends DeliveryChannel implements OnModuleDestroy {
  readonly channel = 'email' as const;
  private readonly transport: Transporter | null;

  constructor(
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
    private readonly contacts: StaffContactsRepository,
  ) {
    super();
    const smtp = settings.smtp;
    this.transport = smtp
      ? createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          requireTLS: !smtp.secure && smtp.requireTls,
          auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
          tls: smtp.ca ? { ca: smtp.ca } : undefined,
        })
      : null;
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }

  async send(target: DeliveryTarget, message: RenderedMessage, timeoutMs: number): Promise<Accepted> {
    if (!this.transport || !this.settings.smtp) throw new DeliveryFailure('e-mail is not configured (NOTIFY_SMTP_HOST)', true);
    if (!target.staffId || !this.contacts.available) throw new DeliveryFailure('no contact store (NOTIFY_CONTACTS_MASTER_KEY) to find the address in', true);
    const email = (await this.contacts.find(target.staffId))?.email;
    if (!email) throw new DeliveryFailure(`no e-mail address on file for ${target.staffId}`, true);
    const messageId = `<${createHash('sha256').update(target.deliveryKey).digest('hex').slice(0, 32)}@mallcare>`;
    let timer: NodeJS.Timeout | undefined;
    try {
      const info = (await Promise.race([
        this.transport.sendMail({ from: this.settings.smtp.from, to: email, subject: message.subject, text: message.text, messageId }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new DeliveryFailure(`SMTP: no answer within ${timeoutMs} ms`, false)), timeoutMs);
        }),
      ])) as { messageId?: string };
      return { reference: info.messageId ?? messageId };
    } catch (error) {
      throw error instanceof DeliveryFailure ? error : smtpFailure(error);
    } finally {
      clearTimeout(timer);
    }
  }
}
