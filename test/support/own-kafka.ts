import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './running-system';

const root = resolve(__dirname, '..', '..');
const kafkaScript = join(root, 'scripts', 'kafka', 'kafka.sh');
const run = promisify(execFile);

export interface OwnKafka {
  brokers: string[];
  /** kill -9 of the broker's JVM (no shutdown of any kind). */
  kill(): void;
  /** Starts it again on the same data and ports; resolves once it serves. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

/**
 * A single-node Kafka of the test's own (scripts/kafka/kafka.sh with ports and a data folder of its
 * own), so the test may kill it: never the shared broker other tests and engineers use.
 */
export const startOwnKafka = async (): Promise<OwnKafka> => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'mallcare-own-kafka-'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const env = { ...process.env, MALLCARE_DATA: dataRoot, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controllerPort), KAFKA_START_TIMEOUT: '120' };
  const kafkaSh = (command: string) => run('bash', [kafkaScript, command], { env, timeout: 180_000 });
  await kafkaSh('start');
  const pid = () => Number(readFileSync(join(dataRoot, 'kafka', 'kafka.pid'), 'utf8').trim());
  return {
    brokers: [`127.0.0.1:${port}`],
    kill: () => process.kill(pid(), 'SIGKILL'),
    start: async () => {
      await kafkaSh('start');
    },
    destroy: async () => {
      await kafkaSh('stop').catch(() => undefined);
      rmSync(dataRoot, { recursive: true, force: true });
    },
  };
};
