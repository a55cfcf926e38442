import { execFileSync } from 'node:child_process';
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
  body: Record<string, unknown>;
}

type Reply = { status: number; body?: unknown };
type Answer = (request: RobotRequest) => Reply | Promise<Reply> | 'hang';

/** A stand-in for the WeCom / DingTalk webhook on 127.0.0.1: records each request; answers as `answer` says (default errcode 0). */
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
        const request = { path: url.pathname, query: url.searchParams, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown> };
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
