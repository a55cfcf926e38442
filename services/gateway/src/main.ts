import { GATEWAY_DEFAULT_PORT } from '@mallcare/contracts';
import { createGateway, gatewayOptionsFromEnv, upstreamsFromEnv } from './gateway';

const port = Number(process.env.GATEWAY_PORT ?? process.env.PORT ?? GATEWAY_DEFAULT_PORT);
const host = process.env.HOST ?? '127.0.0.1';
const fail = (message: string): never => {
  process.stderr.write(`gateway: ${message}\n`);
  process.exit(1);
};
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`GATEWAY_PORT must be a port number, got ${String(process.env.GATEWAY_PORT)}`);
let options: ReturnType<typeof gatewayOptionsFromEnv> | undefined;
try {
  options = gatewayOptionsFromEnv();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const server = createGateway(upstreamsFromEnv(), options);
server.listen(port, host, () => process.stdout.write(`gateway listening on http://${host}:${port}\n`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
