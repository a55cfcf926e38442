import { Client, type ClientConfig } from 'pg';
import { ChangeSignal, LogSignal } from './log-signal';

/** The channel every schema's log trigger notifies on commit, with the schema as payload. */
export const LOG_APPENDED_CHANNEL = 'mallcare_log_appended';

/**
 * Carries other processes' commits into this process's LogSignal: one connection LISTENs on the
 * channel the log trigger notifies (PostgreSQL delivers a NOTIFY at commit, once per transaction and
 * schema), so followers wake when any process appends instead of waiting for their next poll. The
 * poll stays as the safety net while the connection is down; it reconnects with a backoff. The same
 * connection LISTENs on `changeChannels` too, passed on as ChangeSignal.
 */
export class LogNotifications {
  private client: Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private failures = 0;

  constructor(
    private readonly connection: ClientConfig,
    private readonly log: (message: string) => void,
    private readonly changeChannels: readonly string[] = [],
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ ...this.connection, application_name: `${this.connection.application_name ?? 'mallcare'}-listen` });
    client.on('notification', (message) => {
      if (message.channel === LOG_APPENDED_CHANNEL && message.payload) LogSignal.appended(message.payload);
      else if (this.changeChannels.includes(message.channel)) ChangeSignal.changed(message.channel, message.payload ?? null);
    });
    client.on('error', () => this.reconnect(client));
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${LOG_APPENDED_CHANNEL}`);
      for (const channel of this.changeChannels) await client.query(`LISTEN ${channel}`);
      this.client = client;
      this.failures = 0;
      for (const channel of this.changeChannels) ChangeSignal.changed(channel, null);
    } catch (error) {
      this.log(`listening for log appends failed (${error instanceof Error ? error.message : String(error)}); followers poll meanwhile`);
      this.reconnect(client);
    }
  }

  private reconnect(client: Client): void {
    if (this.stopped || this.retry) return;
    if (this.client === client) this.client = null;
    void client.end().catch(() => undefined);
    this.failures += 1;
    this.retry = setTimeout(() => {
      this.retry = null;
      // Whatever was appended while the connection was down is found by the followers' next read.
      void this.connect();
    }, Math.min(10_000, 250 * 2 ** Math.min(this.failures, 6)));
    this.retry.unref();
  }
}
