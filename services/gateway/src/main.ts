import { GATEWAY_DEFAULT_PORT } from '@mallcare/contracts';
import { createGateway, upstreamsFromEnv } from './gateway';

const port = Number(process.env.GATEWAY_PORT ?? process.env.PORT ?? GATEWAY_DEFAULT_PORT);
const host = process.env.HOST ?? '127.0.0.1';
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  process.stderr.write(`gateway: GATEWAY_PORT must be a port number, got ${String(process.env.GATEWAY_PORT)}\n`);
  process.exit(1);
}
const server = createGateway(upstreamsFromEnv());
server.listen(port, host, () => process.stdout.write(`gateway listening on http://${host}:${port}\n`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
