import type { MultiInputResponse, StreamInputsRequest } from '../../generated/clarifai/api/service.pb';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { makeStatus, RequestRefused } from '../service/status';
import { rowToInput } from '../store/input-row';
import type { AppScope } from '../store/stored-data';
import type { HandlerContext } from './handler-context';
import { perPage } from './list-inputs';

export const STREAM_DEFAULT_PER_PAGE = 20;

/**
 * StreamInputs: oldest to newest by insertion order (or by id with order_by_id), after the
 * exclusive cursor last_id. A cursor on a deleted input still works; an id the app never had is
 * refused.
 */
export function streamInputs(ctx: HandlerContext, scope: AppScope, req: StreamInputsRequest): MultiInputResponse {
  const limit = perPage('StreamInputs', req.perPage, STREAM_DEFAULT_PER_PAGE);
  let after: number | string | undefined;
  if (req.lastId) {
    const seq = ctx.store.cursorSeq(scope, req.lastId);
    if (seq === undefined) {
      throw new RequestRefused(StatusCode.INPUT_INVALID_REQUEST, `StreamInputs: last_id ${JSON.stringify(req.lastId)} is not an input of app ${JSON.stringify(scope.appId)}`);
    }
    after = req.orderById ? req.lastId : seq;
  }
  const rows = ctx.store.stream(scope, { limit, descending: req.descending, orderById: req.orderById, ...(after !== undefined ? { after } : {}) });
  return { status: makeStatus(StatusCode.SUCCESS), inputs: rows.map((row) => rowToInput(row, ctx.hostedPrefix)), inputsAddJob: undefined };
}
