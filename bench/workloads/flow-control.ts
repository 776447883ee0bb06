/**
 * Flow control: which HTTP/2 settings make uploads and pages fast. Uploads are bounded by what
 * the server lets the client send (its stream and connection windows, its largest frame), so
 * those vary on the sink server; pages are bounded by the client's receive window, which grpc-js
 * sets from the channel option `grpc-node.flow_control_window`.
 */
import { alternate, inputsPerSecond, megabytesPerSecond, type Entry } from '../harness/alternate';
import { runContender } from '../harness/fork-child';
import type { Row, WorkloadReport } from '../harness/report';
import type { Http2Tuning } from '../../src/emulator/server/http2-tuning';
import type { WorkloadContext } from './context';
import { readEntry } from './read';
import { startDelayProxy, startSink, TUNED_SERVER, withServer } from './servers';
import { uploadTask } from './upload';

const KiB = 1024;
const MiB = 1024 * KiB;
function size(bytes: number): string {
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes} B`;
}

function label(t: Http2Tuning): string {
  const parts = [];
  if (t.streamWindow !== undefined) parts.push(`stream window ${size(t.streamWindow)}`);
  if (t.connectionWindow !== undefined) parts.push(`connection window ${size(t.connectionWindow)}`);
  if (t.maxFrameSize !== undefined) parts.push(`max frame ${size(t.maxFrameSize)}`);
  return parts.length === 0 ? 'server defaults (64 KiB windows, 16 KiB frames)' : `server ${parts.join(', ')}`;
}

const SERVER_SETTINGS: Http2Tuning[] = [
  {},
  { streamWindow: 16 * MiB, connectionWindow: 64 * MiB },
  { maxFrameSize: 1 * MiB },
  { streamWindow: 8 * MiB, connectionWindow: 64 * MiB, maxFrameSize: 1 * MiB },
  { streamWindow: 16 * MiB, connectionWindow: 64 * MiB, maxFrameSize: 64 * KiB },
  TUNED_SERVER,
  { streamWindow: 2 ** 31 - 1, connectionWindow: 2 ** 31 - 1, maxFrameSize: 2 ** 24 - 1 },
];
const QUICK_SERVER_SETTINGS: Http2Tuning[] = [{}, TUNED_SERVER];
/** Raw HTTP/2 first: with no client overhead it shows what each server setting lets through. */
const UPLOADERS = ['raw http2', 'grpc-js pre-encoded', 'InputsClient.addInputs'];

const CLIENT_WINDOWS: (number | undefined)[] = [undefined, 1 * MiB, 8 * MiB];

const WAN_CLIENT_WINDOWS: (number | undefined)[] = [undefined, 8 * MiB];

export const DEFAULT_SETTINGS_LABEL = label({});
const DEFAULT_CLIENT_WINDOW_LABEL = 'client window default (64 KiB)';
const clientWindowLabel = (window: number | undefined) =>
  window === undefined ? DEFAULT_CLIENT_WINDOW_LABEL : `client grpc-node.flow_control_window ${size(window)}`;
const overRtt = (rttMs: number, variant: string) => `RTT ${rttMs} ms: ${variant}`;

/** The same comparisons through a proxy that adds a round-trip time, with smaller sizes. */
async function overNetwork(ctx: WorkloadContext): Promise<Row[]> {
  const { rttMs, uploadInputs, listInputs } = ctx.config.wan;
  const rows: Row[] = [];
  for (const tuning of [{}, TUNED_SERVER]) {
    rows.push(
      ...(await withServer(
        () => startSink({ tuning }),
        (sink) =>
          withServer(
            () => startDelayProxy(sink, rttMs),
            (proxy) => {
              const contender = 'InputsClient.addInputs';
              const task = { ...uploadTask(ctx, contender, proxy.target), inputs: uploadInputs };
              const entry: Entry = {
                contender,
                variant: overRtt(rttMs, label(tuning)),
                run: () => runContender('contenders/upload-child', task, `${contender} upload over RTT`, ctx.config.childTimeoutMs),
              };
              return alternate(ctx.config.rounds, [entry], 'MB/s', megabytesPerSecond, ctx.log);
            },
          ),
      )),
    );
  }
  const perPage = ctx.config.list.perPage;
  rows.push(
    ...(await withServer(
      () => startSink({ listInputs, cachePerPage: perPage }),
      (sink) =>
        withServer(
          () => startDelayProxy(sink, rttMs),
          (proxy) => {
            const entries = WAN_CLIENT_WINDOWS.map((window) => {
              const channelOptions = window === undefined ? {} : { 'grpc-node.flow_control_window': window };
              const task = { contender: 'InputsClient', rpc: 'stream' as const, target: proxy.target, total: listInputs, perPage, channelOptions };
              return readEntry(ctx, task, overRtt(rttMs, clientWindowLabel(window)));
            });
            return alternate(ctx.config.rounds, entries, 'inputs/s', inputsPerSecond, ctx.log);
          },
        ),
    )),
  );
  return rows;
}

export async function flowControlWorkload(ctx: WorkloadContext): Promise<WorkloadReport> {
  const rows: Row[] = [];
  const settings = ctx.config.mode === 'quick' ? QUICK_SERVER_SETTINGS : SERVER_SETTINGS;
  for (const tuning of settings) {
    rows.push(
      ...(await withServer(
        () => startSink({ tuning }),
        (sink) => {
          const entries: Entry[] = UPLOADERS.map((contender) => ({
            contender,
            variant: label(tuning),
            run: () => runContender('contenders/upload-child', uploadTask(ctx, contender, sink.target), `${contender} upload`, ctx.config.childTimeoutMs),
          }));
          return alternate(ctx.config.flowControlRounds, entries, 'MB/s', megabytesPerSecond, ctx.log);
        },
      )),
    );
  }
  const { inputs: total, perPage } = ctx.config.list;
  rows.push(
    ...(await withServer(
      () => startSink({ listInputs: total, cachePerPage: perPage }),
      (sink) => {
        const entries = CLIENT_WINDOWS.map((window) => {
          const channelOptions = window === undefined ? {} : { 'grpc-node.flow_control_window': window };
          return readEntry(ctx, { contender: 'InputsClient', rpc: 'stream', target: sink.target, total, perPage, channelOptions }, clientWindowLabel(window));
        });
        return alternate(ctx.config.flowControlRounds, entries, 'inputs/s', inputsPerSecond, ctx.log);
      },
    )),
  );
  rows.push(...(await overNetwork(ctx)));
  return {
    id: 'flow-control',
    title: 'Flow-control settings',
    method: `Upload rows: the upload workload (${ctx.config.upload.inputs} x ${ctx.config.upload.imageBytes / KiB} KB) against the sink with each server setting, in MB/s. Read rows: InputsClient.streamInputs of ${total} inputs, ${perPage} per page, with each client receive window, in inputs/s. "RTT" rows go through a proxy that delays each direction by half the round-trip time: ${ctx.config.wan.uploadInputs} uploads, or a stream of ${ctx.config.wan.listInputs} inputs. Ratios compare a row with the same contender under defaults (over the same RTT).`,
    rows,
    baseline: {
      by: 'variant',
      names: [DEFAULT_SETTINGS_LABEL, DEFAULT_CLIENT_WINDOW_LABEL, overRtt(ctx.config.wan.rttMs, DEFAULT_SETTINGS_LABEL), overRtt(ctx.config.wan.rttMs, DEFAULT_CLIENT_WINDOW_LABEL)],
    },
  };
}
