import { randomUUID } from 'node:crypto';
import {
  assertValidEventData,
  EVENT_CATALOGUE,
  EventContractViolation,
  isKnownEventType,
  type Actor,
  type ComplaintEvent,
  type NewEvent,
  type ProducingService,
  upcastEvent,
} from '@mallcare/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { EventStoreError, EventStoreErrorCode, isUniqueViolation, StreamVersionConflict } from './event-store.errors';
import { LogSignal } from './log-signal';
import { preparedQuery } from './prepared-query';
import { joinSql, rawSql, renderSql, sql, type Sql } from './sql';
import type { LogPosition } from './log-position';

/** Who and what caused the events being appended; copied into every event's metadata. */
export interface AppendContext {
  complaintId: string;
  mallId: string;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
}

/**
 * Writes of the caller's own tables that go to PostgreSQL in the append's statement (data-modifying
 * CTEs), saving a round trip each on a hot path. `statements` may read the appended rows as
 * `appended`; `name` names this combination's prepared statement (one name, one text). Only inside
 * the caller's transaction.
 */
export interface AlongsideWrites {
  name: string;
  statements: Sql[];
}

/** The append's own parameters are $1–$5; the writes alongside are numbered after them. */
const ALONGSIDE_FIRST_PARAM = 6;

/** `0` means the stream must not exist yet; `'any'` skips the check (the insert still keeps order). */
export type ExpectedVersion = number | 'any';

export interface AppendResult {
  nextExpectedVersion: number;
  events: ComplaintEvent[];
}

/** One stream's part of a multi-stream append: its events, in order, and the version it must be at. */
export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  context: AppendContext;
  expectedVersion: ExpectedVersion;
}

export interface StoredEvent {
  event: ComplaintEvent;
  position: LogPosition;
}

interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  stream_position: number;
  event_id: string;
  event_type: string;
  schema_version: number;
  complaint_id: string;
  mall_id: string;
  data: unknown;
  metadata: { actor: Actor; correlationId: string; causationId: string | null };
  occurred_at: Date;
  recorded_at: Date;
}

type Queryable = Pick<EntityManager, 'query'>;

/** An event as the append sends it. */
interface EventDocument {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  occurredAt: string;
  metadata: EventRow['metadata'];
}

type AppendedRow = Pick<EventRow, 'global_position' | 'transaction_id' | 'stream_id' | 'stream_position' | 'event_id' | 'recorded_at'>;

/** What an append reads back: what the database gave the rows; the rest is as sent. */
const APPENDED_COLUMNS = 'global_position, transaction_id::text AS transaction_id, stream_id, stream_position, event_id, recorded_at';

const EVENT_COLUMNS = `global_position, transaction_id::text AS transaction_id, stream_id, stream_position, event_id,
  event_type, schema_version, complaint_id, mall_id, data, metadata, occurred_at, recorded_at`;

/**
 * A service's event log in its own PostgreSQL schema. Appends are one INSERT: the unique key on
 * (stream, position) is the concurrency check, so two writers can never both win.
 */
export class PostgresEventStore {
  readonly schema: string;
  /** Transactions (by their manager) that appended: their commit wakes the followers. */
  private readonly appendedIn = new WeakSet<EntityManager>();

  constructor(
    private readonly dataSource: DataSource,
    readonly service: ProducingService,
    schema: string,
  ) {
    this.schema = schema;
  }

  /**
   * Runs `work` in one transaction; when it appended, followers in this process are woken after the
   * commit (others see the log's NOTIFY).
   */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    let used: EntityManager | undefined;
    const result = await this.dataSource.transaction((manager) => {
      used = manager;
      return work(manager);
    });
    if (used && this.appendedIn.has(used)) LogSignal.appended(this.schema);
    return result;
  }

  /**
   * Appends to one stream. Pass `manager` to append inside the caller's transaction (a handler's
   * unit of work); the caller then signals followers after its commit.
   */
  async append(
    streamId: string,
    events: NewEvent[],
    context: AppendContext,
    expectedVersion: ExpectedVersion,
    manager?: EntityManager,
    alongside?: AlongsideWrites,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('nothing to append');
    if (alongside && !manager) throw new Error('writes alongside an append need the caller\'s transaction');
    const documents = events.map((event) => this.toDocument(event, context));
    const insert = `
      WITH head AS (
        SELECT coalesce(max(stream_position), 0) AS version FROM ${this.schema}.events WHERE stream_id = $1
      )
      INSERT INTO ${this.schema}.events
        (stream_id, stream_position, event_id, event_type, schema_version, complaint_id, mall_id, data, metadata, occurred_at)
      SELECT $1, head.version + e.ord, (e.doc->>'eventId')::uuid, e.doc->>'type', (e.doc->>'schemaVersion')::int,
             $4::uuid, $5, e.doc->'data', e.doc->'metadata', (e.doc->>'occurredAt')::timestamptz
      FROM head, jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(doc, ord)
      WHERE $3::int IS NULL OR head.version = $3::int
      RETURNING ${APPENDED_COLUMNS}`;
    const ctes = alongside?.statements.map((statement, i) => sql`, alongside_${rawSql(String(i + 1))} AS (${statement})`);
    const writes = ctes ? renderSql(joinSql(ctes, ''), ALONGSIDE_FIRST_PARAM) : null;
    const text = writes ? `${insert.replace('INSERT INTO', `, appended AS (INSERT INTO`)})${writes.text}
      SELECT * FROM appended` : insert;
    const params = [
      streamId,
      JSON.stringify(documents),
      expectedVersion === 'any' ? null : expectedVersion,
      context.complaintId,
      context.mallId,
      ...(writes?.values ?? []),
    ];
    let rows: AppendedRow[] = [];
    // 'any' means "at the end, whatever it is": a writer that lost the race for a position tries the next one.
    for (let attempt = 1; ; attempt++) {
      try {
        rows = await this.queryPrepared(alongside ? `mallcare-append-${this.schema}-${alongside.name}` : `mallcare-append-${this.schema}`, text, params, manager);
        break;
      } catch (error) {
        // A unique key of the writes alongside is theirs to report, not a concurrent append.
        if (alongside && isUniqueViolation(error) && error.constraint !== 'events_stream_position_uq') throw error;
        const retry = expectedVersion === 'any' && !manager && attempt < 10;
        if (isUniqueViolation(error) && retry) continue;
        if (isUniqueViolation(error)) throw new StreamVersionConflict(streamId, expectedVersion);
        throw error;
      }
    }
    if (rows.length === 0) throw new StreamVersionConflict(streamId, expectedVersion);
    if (manager) this.appendedIn.add(manager);
    else LogSignal.appended(this.schema);
    const stored = storedAsSent(rows, documents.map((document) => ({ ...document, complaintId: context.complaintId, mallId: context.mallId })));
    return { nextExpectedVersion: stored[stored.length - 1].metadata.streamPosition, events: stored };
  }

  /**
   * Appends to many streams in one INSERT, all or none: each stream at its own expected version (the
   * unique key is still the check), global positions in the order given, one transaction id, one
   * NOTIFY. For deciding on many streams at once (a timer firing hundreds of cases). Results come in
   * the order of `appends`.
   */
  async appendToStreams(appends: readonly StreamAppend[], manager?: EntityManager): Promise<AppendResult[]> {
    if (!manager) return this.transaction((own) => this.appendToStreams(appends, own));
    if (appends.length === 0) return [];
    const streamIds = appends.map((append) => append.streamId);
    if (new Set(streamIds).size !== streamIds.length) throw new Error('each stream once per multi-stream append');
    const documents = appends.flatMap(({ streamId, events, context }) => {
      if (events.length === 0) throw new Error(`nothing to append to ${streamId}`);
      return events.map((event, i) => ({ ...this.toDocument(event, context), streamId, ord: i + 1, complaintId: context.complaintId, mallId: context.mallId }));
    });
    const sql = `
      WITH head AS (
        SELECT w.stream_id, w.expected,
               coalesce((SELECT max(stream_position) FROM ${this.schema}.events e WHERE e.stream_id = w.stream_id), 0) AS version
        FROM unnest($1::text[], $2::int[]) AS w(stream_id, expected)
      )
      INSERT INTO ${this.schema}.events
        (stream_id, stream_position, event_id, event_type, schema_version, complaint_id, mall_id, data, metadata, occurred_at)
      SELECT head.stream_id, head.version + (e.doc->>'ord')::int, (e.doc->>'eventId')::uuid, e.doc->>'type', (e.doc->>'schemaVersion')::int,
             (e.doc->>'complaintId')::uuid, e.doc->>'mallId', e.doc->'data', e.doc->'metadata', (e.doc->>'occurredAt')::timestamptz
      FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(doc, n)
      JOIN head ON head.stream_id = e.doc->>'streamId'
      WHERE head.expected IS NULL OR head.version = head.expected
      ORDER BY e.n
      RETURNING ${APPENDED_COLUMNS}`;
    const params = [streamIds, appends.map((append) => (append.expectedVersion === 'any' ? null : append.expectedVersion)), JSON.stringify(documents)];
    let rows: AppendedRow[];
    try {
      rows = await this.queryPrepared(`mallcare-append-streams-${this.schema}`, sql, params, manager);
    } catch (error) {
      if (isUniqueViolation(error) && error.constraint === 'events_stream_position_uq') {
        const conflicted = /\(stream_id, stream_position\)=\((.*), \d+\)/.exec((error as { detail?: string }).detail ?? '')?.[1];
        const append = appends.find((candidate) => candidate.streamId === conflicted) ?? appends[0];
        throw new StreamVersionConflict(append.streamId, append.expectedVersion);
      }
      throw error;
    }
    const byStream = new Map<string, ComplaintEvent[]>(streamIds.map((streamId) => [streamId, []]));
    for (const event of storedAsSent(rows, documents)) byStream.get(event.metadata.streamId)?.push(event);
    // A stream not at its expected version appended nothing; the others did, so this throw must roll the caller back.
    const stale = appends.find((append) => byStream.get(append.streamId)?.length !== append.events.length);
    if (stale) throw new StreamVersionConflict(stale.streamId, stale.expectedVersion);
    this.appendedIn.add(manager);
    return appends.map(({ streamId }) => {
      const events = byStream.get(streamId) ?? [];
      return { nextExpectedVersion: events[events.length - 1].metadata.streamPosition, events };
    });
  }

  /** Many streams in one query: each one's version and events (a stream never written is at version 0, no events). */
  async readStreams(streamIds: readonly string[], manager?: EntityManager): Promise<Map<string, { version: number; events: ComplaintEvent[] }>> {
    const streams = new Map(streamIds.map((streamId) => [streamId, { version: 0, events: [] as ComplaintEvent[] }]));
    if (streamIds.length === 0) return streams;
    const rows: EventRow[] = await this.queryPrepared(
      `mallcare-read-streams-${this.schema}`,
      `SELECT ${EVENT_COLUMNS} FROM ${this.schema}.events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, stream_position`,
      [[...streams.keys()]],
      manager,
    );
    for (const row of rows) {
      const stream = streams.get(row.stream_id);
      if (!stream) continue;
      stream.events.push(rowToEvent(row));
      stream.version = stream.events.length;
    }
    return streams;
  }

  private queryPrepared<Row>(name: string, text: string, values: unknown[], manager?: EntityManager): Promise<Row[]> {
    return preparedQuery<Row>({ manager, dataSource: this.dataSource }, name, text, values);
  }

  async readStream(streamId: string, manager?: EntityManager): Promise<{ version: number; events: ComplaintEvent[] }> {
    const rows: EventRow[] = await (manager ?? this.dataSource).query(
      `SELECT ${EVENT_COLUMNS} FROM ${this.schema}.events WHERE stream_id = $1 ORDER BY stream_position`,
      [streamId],
    );
    return { version: rows.length, events: rows.map(rowToEvent) };
  }

  async readComplaint(complaintId: string): Promise<ComplaintEvent[]> {
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT ${EVENT_COLUMNS} FROM ${this.schema}.events WHERE complaint_id = $1 ORDER BY global_position`,
      [complaintId],
    );
    return rows.map(rowToEvent);
  }

  /**
   * Events after `after`, in log order, only from transactions older than every transaction still
   * running: an event whose transaction commits late is read late, never skipped.
   */
  async readAll(after: LogPosition, limit: number, queryable: Queryable = this.dataSource): Promise<StoredEvent[]> {
    return readLog(queryable, this.schema, after, limit);
  }

  private toDocument(event: NewEvent, context: AppendContext): EventDocument {
    if (!isKnownEventType(event.type)) {
      throw new EventContractViolation(event.type, [{ field: 'type', messages: ['unknown event type'] }]);
    }
    const entry = EVENT_CATALOGUE[event.type];
    if (entry.producer !== this.service) {
      throw new EventStoreError(
        EventStoreErrorCode.ForeignEventType,
        `${this.service} may not write ${event.type}: it belongs to ${entry.producer}`,
      );
    }
    // The current version, or an older one still readable (upcast on every read).
    const schemaVersion = assertValidEventData(event.type, event.data);
    if (event.occurredAt !== undefined && Number.isNaN(Date.parse(event.occurredAt))) {
      throw new EventContractViolation(event.type, [{ field: 'occurredAt', messages: ['must be an ISO 8601 instant'] }]);
    }
    return {
      eventId: randomUUID(),
      type: event.type,
      schemaVersion,
      data: event.data,
      occurredAt: event.occurredAt ?? new Date().toISOString(),
      metadata: { actor: context.actor, correlationId: context.correlationId, causationId: context.causationId },
    };
  }
}

/** The gap-safe log read, shared by the store and by followers of another service's log. */
export const readLog = async (
  queryable: Queryable,
  schema: string,
  after: LogPosition,
  limit: number,
): Promise<StoredEvent[]> => {
  // ORDER BY must name the table's columns: a bare `transaction_id` would mean the text alias in
  // EVENT_COLUMNS and sort '10000' before '9990', re-reading and skipping events at every power of ten.
  const text = `SELECT ${EVENT_COLUMNS} FROM ${schema}.events
     WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
       AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY events.transaction_id, events.global_position
     LIMIT $3`;
  const params = [after.transactionId, after.globalPosition, limit];
  // Followers and the relay read this after every commit: from the pool, as a named statement.
  const rows: EventRow[] = isDataSource(queryable)
    ? await preparedQuery<EventRow>({ dataSource: queryable }, `mallcare-read-log-${schema}`, text, params)
    : await queryable.query(text, params);
  return rows.map((row) => ({
    event: rowToEvent(row),
    position: { transactionId: row.transaction_id, globalPosition: String(row.global_position) },
  }));
};

const isDataSource = (queryable: Queryable): queryable is DataSource => 'driver' in queryable && 'createQueryRunner' in queryable;

/** A stored row as an event in the current shape of its type (older versions are upcast). */
export const rowToEvent = (row: EventRow): ComplaintEvent => upcastEvent(rawRowToEvent(row));

type SentDocument = EventDocument & Pick<AppendContext, 'complaintId' | 'mallId'>;

/** The appended events in stream order: each row's database-given columns, the rest as sent (not parsed back). */
const storedAsSent = (rows: AppendedRow[], documents: readonly SentDocument[]): ComplaintEvent[] => {
  const sent = new Map(documents.map((document) => [document.eventId, document]));
  return rows
    .sort((a, b) => a.stream_position - b.stream_position)
    .map((row) => {
      const document = sent.get(row.event_id);
      if (!document) throw new Error(`appended event ${row.event_id} was not sent`);
      const { type, schemaVersion, complaintId, mallId, data, metadata, occurredAt } = document;
      return rowToEvent({ ...row, event_type: type, schema_version: schemaVersion, complaint_id: complaintId, mall_id: mallId, data, metadata, occurred_at: new Date(occurredAt) });
    });
};

const rawRowToEvent = (row: EventRow): ComplaintEvent =>
  ({
    type: row.event_type,
    data: row.data,
    metadata: {
      eventId: row.event_id,
      complaintId: row.complaint_id,
      mallId: row.mall_id,
      occurredAt: new Date(row.occurred_at).toISOString(),
      recordedAt: new Date(row.recorded_at).toISOString(),
      actor: row.metadata.actor,
      correlationId: row.metadata.correlationId,
      causationId: row.metadata.causationId,
      schemaVersion: row.schema_version,
      streamId: row.stream_id,
      streamPosition: row.stream_position,
    },
  }) as ComplaintEvent;
