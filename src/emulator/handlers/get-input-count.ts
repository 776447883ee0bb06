import type { GetInputCountRequest, SingleInputCountResponse } from '../../generated/clarifai/api/service.pb';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { makeStatus } from '../service/status';
import type { AppScope } from '../store/stored-data';
import type { HandlerContext } from './handler-context';

/** GetInputCount: inputs of the app by processing state. Reindex counters are always 0. */
export function getInputCount(ctx: HandlerContext, scope: AppScope, _req: GetInputCountRequest): SingleInputCountResponse {
  const c = ctx.store.counts(scope);
  return {
    status: makeStatus(StatusCode.SUCCESS),
    counts: { ...c, reindexed: 0, toReindex: 0, reindexErrors: 0, reindexing: 0 },
  };
}
