/** Child process: our emulator (`startEmulator`) on a SQLite file, as the workloads' server. */
import { startEmulator } from '../../src/emulator/index';
import { runServerChild } from '../harness/child-protocol';
import { API_KEY, USER_APP } from '../contenders/upload-task';

export interface EmulatorTask {
  /** SQLite file (the parent creates and removes its folder). */
  db: string;
  sync?: 'FULL' | 'NORMAL';
  /** Emulator option; its default (8) when absent. */
  processingConcurrency?: number;
  /** Emulator option: answer CONN_THROTTLED above this many calls per second. */
  throttleRps?: number;
}

async function start(task: EmulatorTask) {
  const emulator = await startEmulator({
    apiKeys: [API_KEY],
    userId: USER_APP.userId,
    appId: USER_APP.appId,
    db: task.db,
    sync: task.sync ?? 'FULL',
    shutdownGraceMs: 1000,
    ...(task.processingConcurrency === undefined ? {} : { processingConcurrency: task.processingConcurrency }),
    ...(task.throttleRps === undefined ? {} : { throttleRps: task.throttleRps }),
    log: (line) => console.error(`emulator: ${line}`),
  });
  return { port: emulator.port, stop: () => emulator.close() };
}

if (require.main === module) runServerChild(() => start(JSON.parse(process.argv[2] ?? '{}') as EmulatorTask));
