import { PRODUCING_SERVICES, schemaOf, type ProducingService } from '@mallcare/contracts';
import { LOG_START, rowToEvent, saveCheckpoint, type LogPosition } from '@mallcare/event-store';
import type { GroupPolicy } from '@mallcare/policy';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, EntityManager } from 'typeorm';
import { casePathsIndexDdl, casePathsTableDdl } from '../migrations/analytics.migrations';
import { evolveCasePath, FOLDED_EVENT_TYPES, initialCasePath, type CasePathState } from '../figures/case-path.fold';
import type { CaseRecord } from '../figures/case-record';
import { mallMonthDetails, mallMonthFigures } from '../reports/mall-month-summary';
import { CASE_PATH_COLUMN_TYPES, CASE_PATH_COLUMNS, casePathRow, storedState } from './case-path-row';

/** Where a rebuild is: what its log lines say, and what the service's progress gauges show. */
export interface RebuildProgress {
  phase: 'counting' | 'folding' | 'indexing' | 'figures' | 'swapping' | 'done';
  /** Events folded so far, of `eventsTotal` (the folded types in the logs when the rebuild began). */
  eventsDone: number;
  eventsTotal: number;
  cases: number;
  /** Events folded per second of the fold so far. */
  eventsPerSecond: number;
  /** Seconds until every event is folded at that rate; null before there is a rate. */
  etaSeconds: number | null;
  elapsedSeconds: number;
}

export interface RebuildOptions {
  /** The policy the records are made with (time zones, upgrade clocks): the service's current one. */
  policy: GroupPolicy;
  /** The logs to read; default every producing service. */
  sources?: readonly ProducingService[];
  /**
   * Events per read of one log. The fold holds one case at a time plus at most two pages per log, so
   * this (not the history) bounds the memory; a case may span pages.
   */
  pageSize?: number;
  /** Rows per multi-row INSERT (the catch-up). */
  writeBatch?: number;
  /** How often progress is logged and reported while folding; default every 5 s. */
  progressEveryMs?: number;
  log?: (message: string) => void;
  onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildResult {
  events: number;
  cases: number;
  millis: number;
  /** Where each log was read to; analytics' followers go on from there. */
  positions: Partial<Record<ProducingService, LogPosition>>;
}

const SHADOW = 'analytics.case_paths_rebuild';
const FIGURES_SHADOW = 'analytics.mall_month_figures_rebuild';

// The fold reads no actor, correlation or causation: the metadata jsonb is neither sent nor parsed.
// transaction_id comes out as text: every ORDER BY names events.transaction_id, the xid8, not the text alias.
const EVENT_COLUMNS = `global_position, transaction_id::text AS transaction_id, stream_id, stream_position, event_id,
  event_type, schema_version, complaint_id, mall_id, data, '{}'::jsonb AS metadata, occurred_at, recorded_at`;

type Row = Parameters<typeof rowToEvent>[0] & { transaction_id: string; global_position: string; complaint_id: string };
type Queryable = Pick<EntityManager, 'query'>;

/** The gap-safe log read of the event store, narrowed to the types a case path folds (the catch-up). */
const readPage = async (queryable: Queryable, schema: string, after: LogPosition, limit: number): Promise<Row[]> =>
  queryable.query(
    `SELECT ${EVENT_COLUMNS} FROM ${schema}.events
     WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
       AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       AND event_type = ANY($4::text[])
     ORDER BY events.transaction_id, events.global_position
     LIMIT $3`,
    [after.transactionId, after.globalPosition, limit, FOLDED_EVENT_TYPES],
  );

const hasLog = async (dataSource: DataSource, schema: string): Promise<boolean> => {
  const rows: { found: string | null }[] = await dataSource.query(`SELECT to_regclass($1) AS found`, [`${schema}.events`]);
  return rows[0]?.found !== null && rows[0]?.found !== undefined;
};

/**
 * What one log holds for the rebuild: every transaction below `bound` (the oldest one still running
 * when the rebuild began) is finished, so those events are final; the last folded one is where the
 * followers go on from, and the catch-up reads past it in log order.
 */
interface LogExtent {
  bound: string;
  position: LogPosition;
  events: number;
}

const extentOf = async (queryable: Queryable, schema: string, bound: string): Promise<LogExtent> => {
  const [last]: { transaction_id: string; global_position: string }[] = await queryable.query(
    `SELECT transaction_id::text AS transaction_id, global_position::text AS global_position FROM ${schema}.events
     WHERE transaction_id < $1::xid8 AND event_type = ANY($2::text[])
     ORDER BY events.transaction_id DESC, events.global_position DESC LIMIT 1`,
    [bound, FOLDED_EVENT_TYPES],
  );
  const [{ events }]: { events: string }[] = await queryable.query(
    `SELECT count(*)::text AS events FROM ${schema}.events WHERE transaction_id < $1::xid8 AND event_type = ANY($2::text[])`,
    [bound, FOLDED_EVENT_TYPES],
  );
  return { bound, position: last ? { transactionId: last.transaction_id, globalPosition: last.global_position } : LOG_START, events: Number(events) };
};

/**
 * One log read in complaint order (complaint id, then log order within the complaint: the order live
 * consumption applies a case's events of this log in), a page at a time through the complaint index,
 * the next page read while this one is folded. Only events below the extent's bound.
 */
class ComplaintOrderedLog {
  private rows: Row[] = [];
  private index = 0;
  private next: Promise<Row[]> | null;

  constructor(
    private readonly queryable: Queryable,
    private readonly schema: string,
    private readonly bound: string,
    private readonly pageSize: number,
  ) {
    this.next = this.read(null);
  }

  private read(after: Row | null): Promise<Row[]> {
    const keyset = after === null ? '' : `AND complaint_id >= $4::uuid AND (complaint_id > $4::uuid OR (transaction_id, global_position) > ($5::xid8, $6::bigint))`;
    const page: Promise<Row[]> = this.queryable.query(
      `SELECT ${EVENT_COLUMNS} FROM ${this.schema}.events
       WHERE transaction_id < $1::xid8 AND event_type = ANY($2::text[]) ${keyset}
       ORDER BY events.complaint_id, events.transaction_id, events.global_position
       LIMIT $3`,
      after === null
        ? [this.bound, FOLDED_EVENT_TYPES, this.pageSize]
        : [this.bound, FOLDED_EVENT_TYPES, this.pageSize, after.complaint_id, after.transaction_id, String(after.global_position)],
    );
    // A rebuild that fails elsewhere leaves this read behind: its failure must not go unhandled (head() still sees it).
    page.catch(() => undefined);
    return page;
  }

  /** The row at hand, reading the next page when this one is used up; undefined at the end of the log. */
  async head(): Promise<Row | undefined> {
    while (this.index >= this.rows.length && this.next !== null) {
      const rows = await this.next;
      this.rows = rows;
      this.index = 0;
      this.next = rows.length === this.pageSize ? this.read(rows[rows.length - 1]) : null;
    }
    return this.rows[this.index];
  }

  /** The row at hand if the page has one (no await on the hot path). */
  peek(): Row | undefined {
    return this.rows[this.index];
  }

  advance(): void {
    this.index++;
  }
}

const mallMonthKey = (record: CaseRecord): string => `${record.mallId}\u0000${record.month}`;

/**
 * Every case once, in complaint order, folded from all the logs' events for it (a log's events in
 * log order; the fold does not depend on how the logs interleave). Holds one case's state at a time.
 */
async function* foldByComplaint(logs: ComplaintOrderedLog[], onCase: (events: number, state: CasePathState) => void): AsyncGenerator<[string, CasePathState]> {
  for (;;) {
    let complaintId: string | undefined;
    for (const log of logs) {
      const row = log.peek() ?? (await log.head());
      if (row !== undefined && (complaintId === undefined || row.complaint_id < complaintId)) complaintId = row.complaint_id;
    }
    if (complaintId === undefined) return;
    let state = initialCasePath();
    let events = 0;
    for (const log of logs) {
      for (let row = log.peek() ?? (await log.head()); row !== undefined && row.complaint_id === complaintId; row = log.peek() ?? (await log.head())) {
        state = evolveCasePath(state, rowToEvent(row));
        log.advance();
        events++;
      }
    }
    onCase(events, state);
    yield [complaintId, state];
  }
}

const INSERT_ROWS = (table: string, conflict: string): string =>
  `INSERT INTO ${table} (${CASE_PATH_COLUMNS.join(', ')})
   SELECT * FROM unnest(${CASE_PATH_COLUMN_TYPES.map((type, index) => `$${index + 1}::${type}[]`).join(', ')}) ${conflict}`;

/** Multi-row INSERTs through unnest: one statement per batch, no per-event SQL. Adds the mall-months of the records written to `months`. */
const writeRows = async (
  queryable: Queryable,
  table: string,
  states: Map<string, CasePathState>,
  policy: GroupPolicy,
  batch: number,
  months: Set<string>,
  conflict = '',
): Promise<number> => {
  const sql = INSERT_ROWS(table, conflict);
  let columns: unknown[][] = CASE_PATH_COLUMNS.map(() => []);
  let pending = 0;
  let written = 0;
  const flush = async (): Promise<void> => {
    if (pending === 0) return;
    await queryable.query(sql, columns);
    written += pending;
    columns = CASE_PATH_COLUMNS.map(() => []);
    pending = 0;
  };
  for (const [id, state] of states) {
    if (state.mallId === null) continue;
    const { values, record } = casePathRow(id, state, policy);
    if (record) months.add(mallMonthKey(record));
    values.forEach((value, index) => columns[index].push(value));
    if (++pending >= batch) await flush();
  }
  await flush();
  return written;
};

/** A value in COPY's text format: \N for null, backslash, newline, carriage return and tab escaped. */
const copyField = (value: string | boolean | null): string => {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return value.replace(/[\\\n\r\t]/g, (character) => (character === '\\' ? '\\\\' : character === '\n' ? '\\n' : character === '\r' ? '\\r' : '\\t'));
};

/**
 * The fresh shadow table through COPY: PostgreSQL parses one stream instead of array literals
 * (measured on 6,000 rows of 12 KB: 4.3 s through unnest, 3.1 s through COPY, most of the rest being
 * jsonb parsing). Each case's row goes out as soon as it is folded, a 1 MiB chunk at a time, so
 * neither the states nor the rows pile up. Returns the mall-months of the records.
 */
const copyFolded = async (
  dataSource: DataSource,
  table: string,
  folded: AsyncIterable<[string, CasePathState]>,
  policy: GroupPolicy,
): Promise<Set<string>> => {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  const months = new Set<string>();
  try {
    const rows = async function* (): AsyncGenerator<string> {
      let chunk = '';
      for await (const [id, state] of folded) {
        if (state.mallId === null) continue;
        const row = casePathRow(id, state, policy);
        if (row.record) months.add(mallMonthKey(row.record));
        chunk += `${row.values.map(copyField).join('\t')}\n`;
        if (chunk.length >= 1 << 20) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk.length > 0) yield chunk;
    };
    await pipeline(Readable.from(rows()), client.query(copyFrom(`COPY ${table} (${CASE_PATH_COLUMNS.join(', ')}) FROM STDIN`)));
  } finally {
    await runner.release();
  }
  return months;
};

/**
 * Every mall-month's figures, one mall-month at a time from the records just written to the shadow
 * table (as the live refresher reads them), into a shadow figures table: memory holds the largest
 * mall-month's records, never the history. The next mall-month is read while this one is computed.
 */
const writeFigures = async (dataSource: DataSource, table: string, months: Set<string>, asOf: Date): Promise<void> => {
  await dataSource.query(`DROP TABLE IF EXISTS ${FIGURES_SHADOW}`);
  await dataSource.query(`CREATE TABLE ${FIGURES_SHADOW} (LIKE analytics.mall_month_figures INCLUDING DEFAULTS)`);
  const keys = [...months].sort().map((key) => key.split('\u0000') as [string, string]);
  const read = (key: [string, string] | undefined): Promise<{ record: CaseRecord }[]> | null =>
    key === undefined ? null : dataSource.query(`SELECT record FROM ${table} WHERE mall_id = $1 AND month = $2 AND record IS NOT NULL`, key);
  let next = read(keys[0]);
  for (let index = 0; index < keys.length; index++) {
    const rows = await (next as Promise<{ record: CaseRecord }[]>);
    next = read(keys[index + 1]);
    const [mallId, month] = keys[index];
    const records = rows.map((row) => row.record);
    await dataSource.query(`INSERT INTO ${FIGURES_SHADOW} (mall_id, month, figures, details, computed_at) VALUES ($1, $2, $3, $4, $5)`, [
      mallId,
      month,
      JSON.stringify(mallMonthFigures(records, asOf)),
      JSON.stringify(mallMonthDetails(records, mallId, asOf)),
      asOf.toISOString(),
    ]);
  }
};

/**
 * Folds what was appended to the logs after the rebuild's extents, in log order a page at a time, over
 * the states already in the shadow table (read back for the page's cases). Runs in the swap's
 * transaction. Returns the events folded, the cases newly registered, and the mall-months changed.
 */
const catchUp = async (
  manager: Queryable,
  sources: ProducingService[],
  positions: Partial<Record<ProducingService, LogPosition>>,
  policy: GroupPolicy,
  pageSize: number,
  writeBatch: number,
): Promise<{ events: number; cases: number; months: Set<string> }> => {
  const months = new Set<string>();
  let events = 0;
  let cases = 0;
  const conflict = `ON CONFLICT (complaint_id) DO UPDATE SET ${CASE_PATH_COLUMNS.slice(1)
    .map((column) => `${column} = EXCLUDED.${column}`)
    .join(', ')}`;
  for (const source of sources) {
    for (;;) {
      const rows = await readPage(manager, schemaOf(source), positions[source] ?? LOG_START, pageSize);
      if (rows.length === 0) break;
      const last = rows[rows.length - 1];
      positions[source] = { transactionId: last.transaction_id, globalPosition: String(last.global_position) };
      const ids = [...new Set(rows.map((row) => row.complaint_id))];
      const stored: { complaint_id: string; state: unknown }[] = await manager.query(`SELECT complaint_id, state FROM ${SHADOW} WHERE complaint_id = ANY($1::uuid[])`, [ids]);
      const before = new Map(stored.map((row) => [row.complaint_id, storedState(row.state)]));
      const states = new Map<string, CasePathState>();
      for (const row of rows) {
        const id = row.complaint_id;
        states.set(id, evolveCasePath(states.get(id) ?? before.get(id) ?? initialCasePath(), rowToEvent(row)));
      }
      for (const [id, state] of states) if (state.registration !== null && (before.get(id)?.registration ?? null) === null) cases++;
      await writeRows(manager, SHADOW, states, policy, writeBatch, months, conflict);
      events += rows.length;
      if (rows.length < pageSize) break;
    }
  }
  return { events, cases, months };
};

const duration = (seconds: number): string =>
  seconds >= 3_600 ? `${Math.floor(seconds / 3_600)} h ${Math.round((seconds % 3_600) / 60)} min` : seconds >= 60 ? `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s` : `${Math.round(seconds)} s`;

export const describeProgress = (progress: RebuildProgress): string => {
  const share = progress.eventsTotal === 0 ? 100 : (progress.eventsDone / progress.eventsTotal) * 100;
  const eta = progress.etaSeconds === null ? '' : `, ETA ${duration(progress.etaSeconds)}`;
  return `${progress.phase}: ${progress.eventsDone.toLocaleString('en')} / ${progress.eventsTotal.toLocaleString('en')} events (${share.toFixed(1)} %), ${progress.cases.toLocaleString('en')} cases, ${progress.eventsPerSecond.toLocaleString('en')} events/s${eta}, ${duration(progress.elapsedSeconds)} elapsed`;
};

/**
 * Rebuilds analytics.case_paths from position zero of the producers' PostgreSQL logs in bounded
 * memory: the logs are read side by side in complaint order, each case is folded from all its events
 * at once and streamed by COPY into a shadow table, so the fold holds one case and a few pages,
 * whatever the history. Then the shadow's indexes, every mall-month's figures (one mall-month at a
 * time), and in one transaction (the live table locked) the events appended meanwhile are folded in,
 * the shadow is swapped in, analytics' followers are reset to the positions read and the figures
 * replaced (those the catch-up changed are marked stale). Live consumption goes on from there; an
 * event it sees again is skipped by the per-stream positions each case keeps.
 */
export const rebuildCasePaths = async (dataSource: DataSource, options: RebuildOptions): Promise<RebuildResult> => {
  const started = Date.now();
  const pageSize = options.pageSize ?? 5_000;
  const writeBatch = options.writeBatch ?? 2_000;
  const progressEveryMs = options.progressEveryMs ?? 5_000;
  const log = options.log ?? (() => undefined);
  const sources: ProducingService[] = [];
  for (const source of options.sources ?? PRODUCING_SERVICES) if (await hasLog(dataSource, schemaOf(source))) sources.push(source);

  let foldStarted = Date.now();
  let eventsTotal = 0;
  let events = 0;
  let cases = 0;
  const progressOf = (phase: RebuildProgress['phase']): RebuildProgress => {
    const seconds = (Date.now() - foldStarted) / 1000;
    const eventsPerSecond = seconds > 0 ? Math.round(events / seconds) : 0;
    const left = Math.max(0, eventsTotal - events);
    return {
      phase,
      eventsDone: events,
      eventsTotal,
      cases,
      eventsPerSecond,
      etaSeconds: phase !== 'folding' ? (phase === 'counting' ? null : 0) : eventsPerSecond > 0 ? Math.round(left / eventsPerSecond) : null,
      elapsedSeconds: Math.round((Date.now() - started) / 100) / 10,
    };
  };
  const report = (phase: RebuildProgress['phase'], write = true): void => {
    const progress = progressOf(phase);
    options.onProgress?.(progress);
    if (write) log(describeProgress(progress));
  };

  // Every transaction older than the oldest still running is finished: below that bound the logs are final.
  report('counting', false);
  const [{ bound }]: { bound: string }[] = await dataSource.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS bound`);
  const extents = await Promise.all(sources.map((source) => extentOf(dataSource, schemaOf(source), bound)));
  const positions: Partial<Record<ProducingService, LogPosition>> = {};
  sources.forEach((source, index) => (positions[source] = extents[index].position));
  eventsTotal = extents.reduce((sum, extent) => sum + extent.events, 0);
  log(`${eventsTotal.toLocaleString('en')} events to fold (${sources.map((source, index) => `${source} ${extents[index].events}`).join(', ')}), counted in ${Date.now() - started} ms`);

  await dataSource.query(`DROP TABLE IF EXISTS ${SHADOW}`);
  await dataSource.query(casePathsTableDdl(SHADOW));
  foldStarted = Date.now();
  let reportedAt = foldStarted;
  const logs = sources.map((source, index) => new ComplaintOrderedLog(dataSource, schemaOf(source), extents[index].bound, pageSize));
  const folded = foldByComplaint(logs, (count, state) => {
    events += count;
    if (state.registration !== null) cases++;
    if (Date.now() - reportedAt >= progressEveryMs) {
      reportedAt = Date.now();
      report('folding');
    }
  });
  const months = await copyFolded(dataSource, SHADOW, folded, options.policy);
  const foldMillis = Date.now() - foldStarted;
  report('indexing');
  for (const statement of casePathsIndexDdl(SHADOW, '_rebuild')) await dataSource.query(statement);
  report('figures');
  const asOf = new Date();
  await writeFigures(dataSource, SHADOW, months, asOf);
  log(`folded and wrote ${cases} case paths in ${foldMillis} ms, ${months.size} mall-months' figures computed`);
  report('swapping', false);

  await dataSource.transaction(async (manager) => {
    // Live handlers wait here; what they were about to write is read below from the logs instead.
    await manager.query(`LOCK TABLE analytics.case_paths IN ACCESS EXCLUSIVE MODE`);
    const caught = await catchUp(manager, sources, positions, options.policy, pageSize, writeBatch);
    log(`caught up ${caught.events} events appended while rebuilding (${caught.months.size} mall-months marked stale)`);
    events += caught.events;
    cases += caught.cases;
    await manager.query(`DROP TABLE analytics.case_paths`);
    await manager.query(`ALTER TABLE ${SHADOW} RENAME TO case_paths`);
    await manager.query(`ALTER TABLE analytics.case_paths RENAME CONSTRAINT case_paths_rebuild_pkey TO case_paths_pkey`);
    await manager.query(`ALTER INDEX analytics.case_paths_rebuild_mall_month_idx RENAME TO case_paths_mall_month_idx`);
    await manager.query(`ALTER INDEX analytics.case_paths_rebuild_mall_week_idx RENAME TO case_paths_mall_week_idx`);
    for (const source of sources) await saveCheckpoint(manager, 'analytics', `follow:${source}`, positions[source] ?? LOG_START);
    // Figures of every mall-month as folded before the catch-up; those the catch-up touched are stale at once.
    await manager.query(`DELETE FROM analytics.mall_month_dirty`);
    await manager.query(`DELETE FROM analytics.mall_month_figures`);
    await manager.query(`INSERT INTO analytics.mall_month_figures (mall_id, month, figures, details, computed_at) SELECT mall_id, month, figures, details, computed_at FROM ${FIGURES_SHADOW}`);
    await manager.query(`DROP TABLE ${FIGURES_SHADOW}`);
    const touched = [...caught.months].map((key) => key.split('\u0000'));
    await manager.query(
      `INSERT INTO analytics.mall_month_dirty (mall_id, month, marked_at)
       SELECT mall_id, month, clock_timestamp() FROM unnest($1::text[], $2::text[]) AS touched(mall_id, month)
       ON CONFLICT (mall_id, month) DO UPDATE SET marked_at = EXCLUDED.marked_at`,
      [touched.map(([mallId]) => mallId), touched.map(([, month]) => month)],
    );
  });
  const millis = Date.now() - started;
  report('done', false);
  log(`rebuilt ${cases} case paths from ${events} events in ${millis} ms`);
  return { events, cases, millis, positions };
};
