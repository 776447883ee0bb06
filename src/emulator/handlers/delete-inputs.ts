import type { DeleteInputRequest, DeleteInputsRequest } from '../../generated/clarifai/api/service.pb';
import type { BaseResponse } from '../../generated/clarifai/api/status/status.pb';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { makeStatus, RequestRefused } from '../service/status';
import type { InputRow } from '../store/input-row';
import type { AppScope } from '../store/stored-data';
import type { HandlerContext } from './handler-context';

/** Most ids listed in a refusal message. */
const SHOWN = 10;

/**
 * Deletes the inputs named by `ids`, all or none: when any id is unknown nothing is deleted and
 * the answer is CONN_DOES_NOT_EXIST listing the unknown ids. Deletion is immediate.
 */
function deleteAll(ctx: HandlerContext, scope: AppScope, rpc: string, ids: string[]): BaseResponse {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new RequestRefused(StatusCode.INPUT_INVALID_REQUEST, `${rpc}: no input ids given`);
  ctx.store.transaction(() => {
    const rows: InputRow[] = [];
    const missing: string[] = [];
    for (const id of unique) {
      const row = ctx.store.get(scope, id);
      if (row) rows.push(row);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const shown = missing.slice(0, SHOWN).map((id) => JSON.stringify(id)).join(', ');
      const more = missing.length > SHOWN ? ` and ${missing.length - SHOWN} more` : '';
      throw new RequestRefused(
        StatusCode.CONN_DOES_NOT_EXIST,
        `${rpc}: ${missing.length === 1 ? 'input' : 'inputs'} ${shown}${more} ${missing.length === 1 ? 'does' : 'do'} not exist in app ${JSON.stringify(scope.appId)}; nothing was deleted`,
      );
    }
    for (const row of rows) ctx.store.delete(row);
  });
  return { status: makeStatus(StatusCode.SUCCESS) };
}

export function deleteInput(ctx: HandlerContext, scope: AppScope, req: DeleteInputRequest): BaseResponse {
  if (!req.inputId) throw new RequestRefused(StatusCode.INPUT_INVALID_REQUEST, 'DeleteInput: input_id is required');
  return deleteAll(ctx, scope, 'DeleteInput', [req.inputId]);
}

export function deleteInputs(ctx: HandlerContext, scope: AppScope, req: DeleteInputsRequest): BaseResponse {
  return deleteAll(ctx, scope, 'DeleteInputs', req.ids);
}
