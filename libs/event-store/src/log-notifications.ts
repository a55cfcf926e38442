import { Client, type ClientConfig } from 'pg';
import { ChangeSignal, LogSignal } from './log-signal';

/** The channel log appends are announced on, with the schema as payload. */
export const LOG_APPENDED_CHANNEL = 'mallcare_log_appended';

/**
 * Carries log appends between processes: one connection LISTENs on the channel, so followers wake
 * when any process appends instead of waiting for their next poll, and the same connection announces
 * this process's own commits (LogSignal.appended) there. It announces after the commit, from outside
 * the appending transaction: a transaction that NOTIFYs holds a database-wide lock through its commit,
 * WAL flush included, which made every appending commit of the database wait for the one before it
 * (bench/README.md, section 1). Announcements coalesce: one in flight, the schemas committed meanwhile
 * go in the next. The poll stays as the safety net while the connection is down; it reconnects with a
 * backoff. The connection LISTENs on `changeChannels` too, passed on as ChangeSignal.
 */
export class LogNotifications {
  private client: Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private failures = 0;
  private readonly unannounced = new Set<string>();
  private announcing = false;
  private stopAnnouncing: (() => void) | null = null;

  constructor(
    private readonly connection: ClientConfig,
    private readonly log: (message: string) => void,
    private readonly changeChannels: readonly string[] = [],
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    this.stopAnnouncing ??= LogSignal.onAppendedHere((schema) => this.announce(schema));
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopAnnouncing?.();
    this.stopAnnouncing = null;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private announce(schema: string): void {
    this.unannounced.add(schema);
    if (!this.announcing) void this.announceAll();
  }

  private async announceAll(): Promise<void> {
    this.announcing = true;
    try {
      while (this.client && this.unannounced.size > 0) {
        const schemas = [...this.unannounced];
        this.unannounced.clear();
        await this.client.query(`SELECT pg_notify('${LOG_APPENDED_CHANNEL}', schema) FROM unnest($1::text[]) AS schema`, [schemas]);
      }
    } catch {
      // The connection is going: its 'error'/'end' reconnects; the followers' polls cover the gap.
    } finally {
      this.announcing = false;
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ ...this.connection, application_name: `${this.connection.application_name ?? 'mallcare'}-listen` });
    let backend: number | null = null;
    client.on('notification', (message) => {
      if (message.channel === LOG_APPENDED_CHANNEL) {
        // Its own announcements come back too; its followers were woken at the commit.
        if (message.payload && message.processId !== backend) LogSignal.appendedElsewhere(message.payload);
      } else if (this.changeChannels.includes(message.channel)) ChangeSignal.changed(message.channel, message.payload ?? null);
    });
    client.on('error', () => this.reconnect(client));
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      // An announcement is a hint, not data: nothing to wait for the disk for.
      await client.query('SET synchronous_commit = off');
      backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      await client.query(`LISTEN ${LOG_APPENDED_CHANNEL}`);
      for (const channel of this.changeChannels) await client.query(`LISTEN ${channel}`);
      this.client = client;
      this.failures = 0;
      for (const channel of this.changeChannels) ChangeSignal.changed(channel, null);
      if (this.unannounced.size > 0) void this.announceAll();
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
