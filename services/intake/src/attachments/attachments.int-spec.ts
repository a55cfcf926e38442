import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { INestApplication } from '@nestjs/common';
import { createServiceDataSource } from '@mallcare/event-store';
import { bearerFor, createTestDatabase, describeWithS3, startTestS3Server, type TestDatabase, type TestS3Server } from '@mallcare/testing';
import sharp from 'sharp';
import type { DataSource } from 'typeorm';
import { followedLogs, startIntake, walkInComplaint } from '../test-support/intake-under-test';
import { AttachmentsService } from './attachments.service';

jest.setTimeout(120_000);

const MAX_BYTES = 300_000;

interface Stored {
  /** Every object key the store holds now. */
  keys(): Promise<string[]>;
}

/** Intake as it runs, with its attachments in `store`: upload, register, read as staff of the mall and of another, erase. */
const attachmentScenario = (setUp: () => Promise<{ env: Record<string, string>; stored: Stored; stop: () => Promise<void> }>) => () => {
  let database: TestDatabase;
  let intake: INestApplication;
  let baseUrl: string;
  let stored: Stored;
  let stopStore: () => Promise<void>;
  let events: DataSource;
  const others: DataSource[] = [];
  const envKeys: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    others.push(...(await followedLogs(database.url)));
    const store = await setUp();
    stored = store.stored;
    stopStore = store.stop;
    const env = { ...store.env, INTAKE_PII_MASTER_KEY: randomBytes(32).toString('base64'), INTAKE_ATTACHMENT_MAX_BYTES: String(MAX_BYTES), INTAKE_ATTACHMENT_PREVIEW_PX: '320' };
    for (const [key, value] of Object.entries(env)) {
      process.env[key] = value;
      envKeys.push(key);
    }
    ({ app: intake, baseUrl } = await startIntake(database.url, { DB_POOL_SIZE: '6' }));
    events = createServiceDataSource({ url: database.url, schema: 'intake', poolSize: 2 });
    await events.initialize();
  });

  afterAll(async () => {
    await intake?.close();
    for (const ds of [events, ...others]) if (ds?.isInitialized) await ds.destroy();
    await database?.drop();
    await stopStore?.();
    for (const key of envKeys) delete process.env[key];
  });

  const auth = (staffId: string) => ({ authorization: bearerFor(staffId) });
  const upload = async (staffId: string, bytes: Buffer, fileName: string, type = 'application/octet-stream') => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), fileName);
    const response = await fetch(`${baseUrl}/attachments`, { method: 'POST', headers: auth(staffId), body: form });
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
  };
  const read = async (staffId: string, path: string) => {
    const response = await fetch(`${baseUrl}${path}`, { headers: auth(staffId) });
    return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
  };
  const register = async (body: Record<string, unknown>) => {
    const response = await fetch(`${baseUrl}/complaints`, { method: 'POST', headers: { ...auth('sh01-desk-1'), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const walkIn = (attachments: { reference: string; caption?: string }[]) =>
    walkInComplaint({
      category: 'engineering-equipment',
      description: '3号扶梯突然停止 / escalator 3 stopped suddenly',
      contactPhone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      reporterName: '王芳',
      attachments,
    });
  const photo = () => sharp({ create: { width: 2400, height: 1600, channels: 3, background: { r: 200, g: 40, b: 40 } } }).jpeg({ quality: 70 }).toBuffer();

  it('keeps an uploaded photo with a downscaled preview, refuses other types (415) and large files (413)', async () => {
    const original = await photo();
    const uploaded = await upload('sh01-desk-1', original, '扶梯现场.jpg', 'image/jpeg');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toEqual({ attachmentId: expect.any(String), fileName: '扶梯现场.jpg', contentType: 'image/jpeg', size: original.length, reference: `attachment:${uploaded.body.attachmentId}` });

    const back = await read('sh01-engineering-mgr', `/attachments/${uploaded.body.attachmentId}`);
    expect(back).toMatchObject({ status: 200, type: 'image/jpeg' });
    expect(back.bytes.equals(original)).toBe(true);
    const preview = await read('sh01-desk-1', `/attachments/${uploaded.body.attachmentId}/preview`);
    expect(preview).toMatchObject({ status: 200, type: 'image/webp' });
    expect(await sharp(preview.bytes).metadata()).toMatchObject({ format: 'webp', width: 320, height: 213 });
    expect(await stored.keys()).toEqual(expect.arrayContaining([`SH01/${uploaded.body.attachmentId}/original`, `SH01/${uploaded.body.attachmentId}/preview`]));

    const pdf = await upload('sh01-desk-1', Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'), 'letter.pdf', 'application/pdf');
    expect(pdf.body).toMatchObject({ contentType: 'application/pdf' });
    expect((await read('sh01-desk-1', `/attachments/${pdf.body.attachmentId}/preview`)).status).toBe(404);

    // A phone's HEIC (its ftyp box is what tells): kept, and its "preview" is the original, which libvips can't read.
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), randomBytes(2_000)]);
    const fromPhone = await upload('sh01-engineering-1', heic, 'IMG_0042.HEIC');
    expect(fromPhone.body).toMatchObject({ contentType: 'image/heic', size: heic.length });
    const heicPreview = await read('sh01-desk-1', `/attachments/${fromPhone.body.attachmentId}/preview`);
    expect(heicPreview).toMatchObject({ status: 200, type: 'image/heic' });
    expect(heicPreview.bytes.equals(heic)).toBe(true);

    const text = await upload('sh01-desk-1', Buffer.from('not a photo at all'), 'photo.jpg', 'image/jpeg');
    expect(text).toMatchObject({ status: 415, type: expect.stringContaining('application/problem+json') });
    expect(text.body.errors).toEqual([{ field: 'file', messages: [expect.stringContaining('image/jpeg')] }]);
    const large = await upload('sh01-desk-1', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(MAX_BYTES)]), 'big.pdf');
    expect(large).toMatchObject({ status: 413, type: expect.stringContaining('application/problem+json') });
    const none = await fetch(`${baseUrl}/attachments`, { method: 'POST', headers: auth('sh01-desk-1'), body: new FormData() });
    expect(none.status).toBe(400);
  });

  it("a registration names its uploads; the event carries ids and type only; another mall's staff get 404; erasure deletes the files", async () => {
    const uploaded = await upload('sh01-desk-1', await photo(), '王芳-现场照片.jpg', 'image/jpeg');
    const id = uploaded.body.attachmentId as string;
    const registered = await register(walkIn([{ reference: `attachment:${id}`, caption: '扶梯' }]));
    expect(registered).toMatchObject({ status: 201, body: { id: expect.any(String) } });
    const complaintId = registered.body.id as string;

    const [event] = (await events.query(`SELECT data FROM intake.events WHERE complaint_id = $1 AND event_type = 'ComplaintRegistered'`, [complaintId])) as { data: { attachments: unknown[] } }[];
    expect(event.data.attachments).toEqual([{ reference: `attachment:${id}`, mediaType: 'image/jpeg', caption: '扶梯' }]);
    expect(JSON.stringify(event.data)).not.toContain('王芳');

    expect((await read('bj01-engineering-mgr', `/attachments/${id}`)).status).toBe(404);
    expect((await read('bj01-engineering-mgr', `/attachments/${id}/preview`)).status).toBe(404);
    expect((await read('hq-ops-1', `/attachments/${id}`)).status).toBe(200);
    expect((await read('hq-sre', `/attachments/${id}`)).status).toBe(403);

    // Named once only, and only at its own mall.
    const again = await register(walkIn([{ reference: `attachment:${id}` }]));
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual([{ field: 'attachments.0.reference', messages: [expect.any(String)] }]);
    expect((await register(walkIn([{ reference: `attachment:${randomUUID()}` }]))).status).toBe(422);

    const view = await fetch(`${baseUrl}/complaints/${complaintId}`, { headers: auth('sh01-desk-1') });
    const subjectId = ((await view.json()) as { complainant: { subjectId: string } }).complainant.subjectId;
    const erased = await fetch(`${baseUrl}/subjects/${subjectId}/erasure`, { method: 'POST', headers: auth('sh01-gm') });
    expect(erased.status).toBe(200);
    expect((await read('sh01-desk-1', `/attachments/${id}`)).status).toBe(404);
    const keys = await stored.keys();
    expect(keys.filter((key) => key.includes(id))).toEqual([]);
  });

  it('deletes uploads no registration named within ATTACHMENT_UNCLAIMED_HOURS, and keeps those a case has', async () => {
    const left = await upload('sh01-desk-1', await photo(), 'left-behind.jpg');
    const kept = await upload('sh01-desk-1', await photo(), 'kept.jpg');
    expect((await register(walkIn([{ reference: kept.body.reference as string }]))).status).toBe(201);
    const sweeper = intake.get(AttachmentsService);
    // A day is the default: an hour later nothing goes; a day and an hour later the unnamed upload does.
    expect(await sweeper.sweepUnclaimed(new Date(Date.now() + 3_600_000))).toBe(0);
    expect(await sweeper.sweepUnclaimed(new Date(Date.now() + 25 * 3_600_000))).toBeGreaterThanOrEqual(1);
    expect((await read('sh01-desk-1', `/attachments/${left.body.attachmentId}`)).status).toBe(404);
    expect((await stored.keys()).filter((key) => key.includes(left.body.attachmentId as string))).toEqual([]);
    expect((await read('sh01-desk-1', `/attachments/${kept.body.attachmentId}`)).status).toBe(200);
  });
};

describe('attachments in a local folder (embedded default)', () =>
  attachmentScenario(async () => {
    const directory = mkdtempSync(join(tmpdir(), 'mallcare-attachments-'));
    const walk = (dir: string, prefix = ''): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]));
    return {
      env: { INTAKE_ATTACHMENTS_DIR: directory },
      stored: { keys: async () => (existsSync(directory) ? walk(directory) : []) },
      stop: async () => rmSync(directory, { recursive: true, force: true }),
    };
  })());

describeWithS3('attachments in an S3 bucket (moto_server)', (motoServer) =>
  attachmentScenario(async () => {
    const server: TestS3Server = await startTestS3Server(motoServer);
    const bucket = `mallcare-it-${randomUUID().slice(0, 8)}`;
    const client = new S3Client({ region: 'us-east-1', endpoint: server.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    return {
      env: {
        INTAKE_S3_BUCKET: bucket,
        INTAKE_S3_ENDPOINT: server.endpoint,
        INTAKE_S3_REGION: 'us-east-1',
        INTAKE_S3_ACCESS_KEY_ID: 'test',
        INTAKE_S3_SECRET_ACCESS_KEY: 'test',
        INTAKE_S3_FORCE_PATH_STYLE: 'true',
      },
      stored: {
        keys: async () => {
          const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
          const keys = (listed.Contents ?? []).map((object) => object.Key ?? '');
          // Every listed key really answers, so the listing is the store's state, not a stale index.
          for (const key of keys) await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
          return keys;
        },
      },
      stop: async () => {
        client.destroy();
        await server.stop();
      },
    };
  })());
