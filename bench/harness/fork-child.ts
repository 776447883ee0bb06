/**
 * The parent side of a benchmark child: fork a compiled script with its task, wait for its one
 * message, and never leave it running (a deadline kills it).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ChildMessage, Measurement } from './child-protocol';

/** Compiled child scripts live next to this file's folder: `<out>/bench/<relative>.js`. */
export function childScript(relative: string): string {
  return path.join(__dirname, '..', `${relative}.js`);
}

function forkWithTask(relative: string, task: unknown, execArgv: string[] = []): ChildProcess {
  return fork(childScript(relative), [JSON.stringify(task)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
}

function firstMessage(child: ChildProcess, what: string, timeoutMs: number): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what}: no answer within ${timeoutMs} ms (killed)`));
    }, timeoutMs);
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      reject(new Error(`${what}: exited (code ${code}, signal ${signal}) before reporting`));
    };
    child.once('exit', onExit);
    child.once('message', (message: ChildMessage) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(message);
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Runs one contender child (with Node flags `execArgv`) to completion and returns what it measured. */
export async function runContender(relative: string, task: unknown, what: string, timeoutMs: number, execArgv: string[] = []): Promise<Measurement> {
  const child = forkWithTask(relative, task, execArgv);
  try {
    const message = await firstMessage(child, what, timeoutMs);
    if (message.kind === 'error') throw new Error(`${what}: ${message.message}`);
    if (message.kind !== 'result') throw new Error(`${what}: unexpected message ${message.kind}`);
    return message.measurement;
  } finally {
    await exited(child);
  }
}

/** A server running in its own process. */
export interface ServerProcess {
  target: string;
  stop(): Promise<void>;
}

export async function startServer(relative: string, task: unknown, what: string, timeoutMs = 120_000): Promise<ServerProcess> {
  const child = forkWithTask(relative, task);
  const message = await firstMessage(child, what, timeoutMs).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited(child);
    throw error;
  });
  if (message.kind !== 'listening') {
    child.kill('SIGKILL');
    await exited(child);
    throw new Error(`${what}: ${message.kind === 'error' ? message.message : 'did not report a port'}`);
  }
  return {
    target: `127.0.0.1:${message.port}`,
    async stop() {
      const done = exited(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    },
  };
}
