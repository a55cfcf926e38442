import { hkdfSync } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { openValue, sealValue } from '@mallcare/platform';
import { DataSource } from 'typeorm';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './notification.settings';

export interface StaffContacts {
  email: string | null;
  mobile: string | null;
}

type ContactField = keyof StaffContacts;

/**
 * Staff e-mail addresses and mobile numbers at rest: AES-256-GCM under a key derived from
 * NOTIFY_CONTACTS_MASTER_KEY, each value bound to its person and field (a value copied to another
 * row does not open). They leave this store only to the channel sending the message: never in
 * events, outbox payloads, attempts or logs.
 */
@Injectable()
export class StaffContactsRepository {
  private readonly key: Buffer | null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NOTIFICATION_SETTINGS) settings: NotificationSettings,
  ) {
    this.key = settings.contactsMasterKey
      ? Buffer.from(hkdfSync('sha256', settings.contactsMasterKey, 'mallcare-sla-monitor', 'staff contact details', 32))
      : null;
  }

  get available(): boolean {
    return this.key !== null;
  }

  async save(staffId: string, contacts: StaffContacts): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sla_monitor.staff_contacts (staff_id, email, mobile, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (staff_id) DO UPDATE SET email = EXCLUDED.email, mobile = EXCLUDED.mobile, updated_at = now()`,
      [staffId, this.seal(staffId, 'email', contacts.email), this.seal(staffId, 'mobile', contacts.mobile)],
    );
  }

  async find(staffId: string): Promise<StaffContacts | null> {
    const rows: { email: Buffer | null; mobile: Buffer | null }[] = await this.dataSource.query(`SELECT email, mobile FROM sla_monitor.staff_contacts WHERE staff_id = $1`, [
      staffId,
    ]);
    if (rows.length === 0) return null;
    return { email: this.open(staffId, 'email', rows[0].email), mobile: this.open(staffId, 'mobile', rows[0].mobile) };
  }

  private requireKey(): Buffer {
    if (!this.key) throw new Error('staff contact details need NOTIFY_CONTACTS_MASTER_KEY (or PII_MASTER_KEY)');
    return this.key;
  }

  private seal(staffId: string, field: ContactField, value: string | null): Buffer | null {
    return value === null ? null : sealValue(this.requireKey(), Buffer.from(value, 'utf8'), `${staffId}/${field}`);
  }

  private open(staffId: string, field: ContactField, sealed: Buffer | null): string | null {
    return sealed === null ? null : openValue(this.requireKey(), sealed, `${staffId}/${field}`).toString('utf8');
  }
}

/** `z***@example.com`, `138****5678`: what a reader other than the person sees, and what an error may say. */
export const maskContact = (value: string | null): string | null => {
  if (value === null) return null;
  if (value.includes('@')) return `${value.slice(0, 1)}***@${value.split('@')[1]}`;
  return value.length >= 11 ? `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}` : '*'.repeat(value.length);
};

/** An error text made safe to keep and log: e-mail addresses and phone numbers in it masked. */
export const withoutContacts = (message: string): string =>
  message
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, (email) => maskContact(email) ?? '')
    .replace(/(?<!\d)(?:\+?86)?1\d{10}(?!\d)/g, (phone) => maskContact(phone.slice(-11)) ?? '');
