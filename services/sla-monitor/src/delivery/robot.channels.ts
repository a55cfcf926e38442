import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RenderedMessage } from '../notifications/notification-message';
import { NOTIFICATION_SETTINGS, type NotificationSettings, type RobotEndpoint } from '../notifications/notification.settings';
import { DeliveryChannel, DeliveryFailure, failureOfStatus, fetchWithin, type Accepted, type DeliveryTarget } from './delivery-channel';

/** DingTalk 加签: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)), URL-encoded, sent with the millisecond timestamp. */
export const dingTalkSignature = (secret: string, timestamp: number): string =>
  encodeURIComponent(createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64'));

/** Both robots answer 200 with `{ errcode, errmsg }`; only errcode 0 means the group got it. */
const postToRobot = async (url: string, body: unknown, timeoutMs: number, what: string): Promise<Accepted> => {
  const response = await fetchWithin(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, timeoutMs, what);
  if (!response.ok) throw failureOfStatus(response.status, what);
  const answer = (await response.json().catch(() => null)) as { errcode?: number; errmsg?: string } | null;
  if (answer?.errcode !== 0) throw new DeliveryFailure(`${what} refused: errcode ${String(answer?.errcode)} ${answer?.errmsg ?? ''}`.trim(), false);
  return { reference: answer.errmsg ?? null };
};

abstract class RobotChannel extends DeliveryChannel {
  constructor(private readonly settings: NotificationSettings) {
    super();
  }

  protected endpointOf(target: DeliveryTarget): RobotEndpoint {
    const endpoint = target.robotId ? this.settings.robots[target.robotId] : undefined;
    if (!endpoint) throw new DeliveryFailure(`robot ${String(target.robotId)} has no webhook in NOTIFY_ROBOTS`, true);
    return endpoint;
  }
}

/** WeCom (企业微信) group robot: POST {msgtype: markdown, markdown: {content}} to its webhook (key in the URL). */
@Injectable()
export class WeComRobotChannel extends RobotChannel {
  readonly channel = 'wecom' as const;

  constructor(@Inject(NOTIFICATION_SETTINGS) settings: NotificationSettings) {
    super(settings);
  }

  async send(target: DeliveryTarget, message: RenderedMessage, timeoutMs: number): Promise<Accepted> {
    const endpoint = this.endpointOf(target);
    return postToRobot(endpoint.url, { msgtype: 'markdown', markdown: { content: message.markdown } }, timeoutMs, `WeCom robot ${String(target.robotId)}`);
  }
}

/** DingTalk (钉钉) group robot: POST {msgtype: markdown, markdown: {title, text}}, signed when the robot has a secret. */
@Injectable()
export class DingTalkRobotChannel extends RobotChannel {
  readonly channel = 'dingtalk' as const;

  constructor(@Inject(NOTIFICATION_SETTINGS) settings: NotificationSettings) {
    super(settings);
  }

  async send(target: DeliveryTarget, message: RenderedMessage, timeoutMs: number): Promise<Accepted> {
    const endpoint = this.endpointOf(target);
    let url = endpoint.url;
    if (endpoint.secret) {
      const timestamp = Date.now();
      url += `${url.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${dingTalkSignature(endpoint.secret, timestamp)}`;
    }
    return postToRobot(url, { msgtype: 'markdown', markdown: { title: message.subject, text: message.markdown } }, timeoutMs, `DingTalk robot ${String(target.robotId)}`);
  }
}
