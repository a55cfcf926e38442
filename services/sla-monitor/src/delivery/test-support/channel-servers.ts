import { execFileSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  messageId: string | null;
  secure: boolean;
  user: string | null;
}

/** A self-signed certificate for localhost (openssl), its PEM files in a temp folder. */
export const selfSignedCertificate = (): { keyPem: string; certPem: string; certFile: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'mallcare-smtp-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
    { stdio: 'ignore' },
  );
  return { keyPem: readFileSync(join(dir, 'key.pem'), 'utf8'), certPem: readFileSync(join(dir, 'cert.pem'), 'utf8'), certFile: join(dir, 'cert.pem') };
};

/** A real SMTP server (smtp-server, from the nodemailer project) on 127.0.0.1: STARTTLS when given a certificate, AUTH PLAIN/LOGIN. */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  private server!: SMTPServer;
  port = 0;

  constructor(private readonly options: { tls: { keyPem: string; certPem: string } | null; user: string; password: string }) {}

  async start(): Promise<void> {
    const tls = this.options.tls;
    this.server = new SMTPServer({
      secure: false,
      disabledCommands: tls ? [] : ['STARTTLS'],
      ...(tls ? { key: tls.keyPem, cert: tls.certPem } : {}),
      allowInsecureAuth: !tls,
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === this.options.user && auth.password === this.options.password) callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.received.push({
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              messageId: mail.messageId ?? null,
              secure: session.secure,
              user: typeof session.user === 'string' ? session.user : null,
            });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export interface RobotRequest {
  path: string;
  query: URLSearchParams;
  /** The JSON body, or a form body's fields. */
  body: Record<string, unknown>;
}

type Reply = { status: number; body?: unknown };
type Answer = (request: RobotRequest) => Reply | Promise<Reply> | 'hang';

/** A stand-in for the WeCom / DingTalk webhook (or another HTTP API) on 127.0.0.1: records each request; answers as `answer` says (default errcode 0). */
export class TestRobotServer {
  readonly requests: RobotRequest[] = [];
  answer: Answer = () => ({ status: 200, body: { errcode: 0, errmsg: 'ok' } });
  private server!: Server;
  private readonly hanging = new Set<ServerResponse>();
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', this.url);
        const raw = Buffer.concat(chunks).toString('utf8');
        const form = req.headers['content-type']?.startsWith('application/x-www-form-urlencoded');
        const request = { path: url.pathname, query: url.searchParams, body: form ? Object.fromEntries(new URLSearchParams(raw)) : (JSON.parse(raw || '{}') as Record<string, unknown>) };
        this.requests.push(request);
        const answer = this.answer(request);
        if (answer === 'hang') {
          this.hanging.add(res);
          return;
        }
        void Promise.resolve(answer).then((reply) => res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body ?? {})));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** RFC 3986 percent-encoding of the UTF-8 bytes (unreserved: A–Z a–z 0–9 - _ . ~), written apart from the adapter's. */
const rfc3986 = (value: string): string =>
  [...Buffer.from(value, 'utf8')].map((byte) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

const SENDSMS_FIELDS = ['AccessKeyId', 'Action', 'Format', 'PhoneNumbers', 'RegionId', 'SignName', 'Signature', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'TemplateCode', 'TemplateParam', 'Timestamp', 'Version'];

/**
 * A stand-in for Aliyun's Dysms RPC endpoint on 127.0.0.1. Before `business` decides the answer, it
 * checks each request as Aliyun's gateway does and answers its error codes: the SendSms fields, the
 * timestamp (UTC, within 15 min), a fresh SignatureNonce, and the signature recomputed here from the
 * secret (HMAC-SHA1 over `POST&%2F&<encoded sorted fields>`, keyed `<secret>&`).
 */
export class TestAliyunSmsServer extends TestRobotServer {
  readonly rejected: { code: string; message: string }[] = [];
  private readonly nonces = new Set<string>();
  business: (form: Record<string, string>) => ReturnType<Answer> = () => ({ status: 200, body: { Code: 'OK', Message: 'OK', BizId: `${Date.now()}^0`, RequestId: randomUUID() } });

  constructor(
    private readonly accessKeyId: string,
    private readonly accessKeySecret: string,
  ) {
    super();
    this.answer = (request) => {
      const form = request.body as Record<string, string>;
      const refusal = this.refusalOf(form);
      if (!refusal) return this.business(form);
      this.rejected.push({ code: refusal.Code, message: refusal.Message });
      return { status: refusal.Code === 'InvalidAccessKeyId.NotFound' ? 404 : 400, body: { ...refusal, RequestId: randomUUID() } };
    };
  }

  private refusalOf(form: Record<string, string>): { Code: string; Message: string } | null {
    const missing = SENDSMS_FIELDS.find((field) => !form[field]);
    if (missing) return { Code: 'MissingParameter', Message: `${missing} is mandatory for this action.` };
    if (form.Action !== 'SendSms' || form.Version !== '2017-05-25') return { Code: 'InvalidAction.NotFound', Message: `${form.Action} ${form.Version}` };
    if (form.AccessKeyId !== this.accessKeyId) return { Code: 'InvalidAccessKeyId.NotFound', Message: 'Specified access key is not found.' };
    if (form.SignatureMethod !== 'HMAC-SHA1' || form.SignatureVersion !== '1.0' || form.Format !== 'JSON') return { Code: 'InvalidParameter', Message: 'signature method, version or format' };
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(form.Timestamp) || Math.abs(Date.parse(form.Timestamp) - Date.now()) > 15 * 60_000) {
      return { Code: 'InvalidTimeStamp.Expired', Message: `Specified time stamp or date value is expired: ${form.Timestamp}` };
    }
    if (this.nonces.has(form.SignatureNonce)) return { Code: 'SignatureNonceUsed', Message: 'Specified signature nonce was used already.' };
    this.nonces.add(form.SignatureNonce);
    const canonical = Object.keys(form)
      .filter((key) => key !== 'Signature')
      .sort()
      .map((key) => `${rfc3986(key)}=${rfc3986(form[key])}`)
      .join('&');
    const expected = createHmac('sha1', `${this.accessKeySecret}&`).update(`POST&${rfc3986('/')}&${rfc3986(canonical)}`, 'utf8').digest('base64');
    if (form.Signature !== expected) return { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' };
    return null;
  }
}
