import { createHmac, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RenderedMessage } from '../notifications/notification-message';
import { NOTIFICATION_SETTINGS, type NotificationSettings, type SmsSettings } from '../notifications/notification.settings';
import { StaffContactsRepository, withoutContacts } from '../notifications/staff-contacts.repository';
import { DeliveryChannel, DeliveryFailure, failureOfStatus, fetchWithin, type Accepted, type DeliveryTarget } from './delivery-channel';

/** One text message as Aliyun's SendSms takes it: numbers, the registered signature, a template and its parameters. */
export interface SmsRequest {
  phoneNumbers: string;
  signName: string;
  templateCode: string;
  templateParam: Record<string, string>;
  outId: string;
}

/** The provider port: Aliyun SMS's shape, so another provider (Tencent Cloud SMS, …) fits behind it. */
export interface SmsProvider {
  send(request: SmsRequest, timeoutMs: number): Promise<Accepted>;
}

/** RFC 3986 encoding as Aliyun's RPC signature wants it. */
const percentEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Aliyun RPC signature v1: HMAC-SHA1 over `POST&%2F&<encoded sorted query>`, keyed with `<secret>&`. */
export const aliyunSignature = (params: Record<string, string>, accessKeySecret: string): string => {
  const canonical = Object.keys(params)
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key])}`)
    .join('&');
  return createHmac('sha1', `${accessKeySecret}&`).update(`POST&${percentEncode('/')}&${percentEncode(canonical)}`).digest('base64');
};

/** Aliyun Dysms SendSms (API version 2017-05-25) over its RPC endpoint. */
export class AliyunSmsProvider implements SmsProvider {
  constructor(private readonly settings: SmsSettings) {}

  async send(request: SmsRequest, timeoutMs: number): Promise<Accepted> {
    const params: Record<string, string> = {
      AccessKeyId: this.settings.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      OutId: request.outId,
      PhoneNumbers: request.phoneNumbers,
      RegionId: this.settings.regionId,
      SignName: request.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: request.templateCode,
      TemplateParam: JSON.stringify(request.templateParam),
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
    };
    params.Signature = aliyunSignature(params, this.settings.accessKeySecret);
    const response = await fetchWithin(
      this.settings.endpoint,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() },
      timeoutMs,
      'Aliyun SMS',
    );
    const answer = (await response.json().catch(() => null)) as { Code?: string; Message?: string; BizId?: string } | null;
    if (response.ok && answer?.Code === 'OK') return { reference: answer.BizId ?? null };
    if (!answer?.Code) throw failureOfStatus(response.status, 'Aliyun SMS');
    throw new DeliveryFailure(`Aliyun SMS refused: ${answer.Code} ${withoutContacts(answer.Message ?? '')}`.trim(), !mayPassLater(response.status, answer.Code));
  }
}

/**
 * Which refusals may pass on a later try: throttling and flow control (Throttling.*, isv.*LIMIT_CONTROL),
 * an empty balance (isv.AMOUNT_NOT_ENOUGH), the provider's own faults (5xx) and codes we do not know.
 * The request's own faults never will: the gateway's 4xx (SignatureDoesNotMatch, InvalidAccessKeyId.NotFound,
 * MissingParameter) and isv.* business errors (a bad number, template or signature name).
 */
const mayPassLater = (status: number, code: string): boolean => {
  if (code.startsWith('Throttling') || code.includes('LIMIT_CONTROL') || code === 'isv.AMOUNT_NOT_ENOUGH' || status >= 500) return true;
  if (code.startsWith('isv.')) return false;
  return status < 400 || status === 408 || status === 429;
};

/** The provider the settings configure, or none (SMS off). */
export const smsProviderOf = (settings: Pick<NotificationSettings, 'sms'>): SmsProvider | null => (settings.sms ? new AliyunSmsProvider(settings.sms) : null);

export const SMS_PROVIDER = Symbol('SMS_PROVIDER');

/** SMS to a person's mobile, off unless a provider is configured (NOTIFY_SMS_ACCESS_KEY_ID …). */
@Injectable()
export class SmsChannel extends DeliveryChannel {
  readonly channel = 'sms' as const;

  constructor(
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
    @Inject(SMS_PROVIDER) private readonly provider: SmsProvider | null,
    private readonly contacts: StaffContactsRepository,
  ) {
    super();
  }

  async send(target: DeliveryTarget, message: RenderedMessage, timeoutMs: number): Promise<Accepted> {
    if (!this.provider || !this.settings.sms) throw new DeliveryFailure('SMS is not configured (NOTIFY_SMS_ACCESS_KEY_ID)', true);
    if (!target.staffId || !this.contacts.available) throw new DeliveryFailure('no contact store (NOTIFY_CONTACTS_MASTER_KEY) to find the number in', true);
    const mobile = (await this.contacts.find(target.staffId))?.mobile;
    if (!mobile) throw new DeliveryFailure(`no mobile number on file for ${target.staffId}`, true);
    return this.provider.send(
      {
        phoneNumbers: mobile,
        signName: this.settings.sms.signName,
        templateCode: this.settings.sms.templateCode,
        templateParam: { caseNumber: target.caseNumber ?? target.complaintId, summary: message.summary.slice(0, 35) },
        outId: target.deliveryId,
      },
      timeoutMs,
    );
  }
}
