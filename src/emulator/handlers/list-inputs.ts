import type { ListInputsRequest, MultiInputResponse } from '../../generated/clarifai/api/service.pb';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { makeStatus, RequestRefused } from '../service/status';
import { rowToInput } from '../store/input-row';
import type { AppScope } from '../store/stored-data';
import type { HandlerContext } from './handler-context';

export const LIST_DEFAULT_PER_PAGE = 128;
export const MAX_PER_PAGE = 1000;

/** Checks per_page: 0 means `fallback`, above MAX_PER_PAGE is refused. */
export function perPage(rpc: string, requested: number, fallback: number): number {
  if (requested > MAX_PER_PAGE) {
    throw new RequestRefused(StatusCode.INPUT_INVALID_REQUEST, `${rpc}: per_page ${requested} is over the maximum of ${MAX_PER_PAGE}`);
  }
  return requested === 0 ? fallback : requested;
}

/**
 * ListInputs: newest first (reverse insertion order, which is creation order), page 0 read as
 * page 1, filtered by ids and by status code when given.
 */
export function listInputs(ctx: HandlerContext, scope: AppScope, req: ListInputsRequest): MultiInputResponse {
  const limit = perPage('ListInputs', req.perPage, LIST_DEFAULT_PER_PAGE);
  const page = Math.max(req.page, 1);
  const statusCode = req.status && req.status.code !== StatusCode.ZERO ? req.status.code : undefined;
  const rows = ctx.store.list(scope, {
    offset: (page - 1) * limit,
    limit,
    ...(req.ids.length > 0 ? { ids: req.ids } : {}),
    ...(statusCode !== undefined ? { statusCode } : {}),
  });
  return { status: makeStatus(StatusCode.SUCCESS), inputs: rows.map((row) => rowToInput(row, ctx.hostedPrefix)), inputsAddJob: undefined };
}
