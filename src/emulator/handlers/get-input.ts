import type { GetInputRequest, SingleInputResponse } from '../../generated/clarifai/api/service.pb';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { makeStatus, RequestRefused } from '../service/status';
import { rowToInput } from '../store/input-row';
import type { AppScope } from '../store/stored-data';
import type { HandlerContext } from './handler-context';

/** GetInput: the input, or CONN_DOES_NOT_EXIST naming the id. */
export function getInput(ctx: HandlerContext, scope: AppScope, req: GetInputRequest): SingleInputResponse {
  if (!req.inputId) throw new RequestRefused(StatusCode.INPUT_INVALID_REQUEST, 'GetInput: input_id is required');
  const row = ctx.store.get(scope, req.inputId);
  if (!row) {
    throw new RequestRefused(StatusCode.CONN_DOES_NOT_EXIST, `input ${JSON.stringify(req.inputId)} does not exist in app ${JSON.stringify(scope.appId)}`);
  }
  return { status: makeStatus(StatusCode.SUCCESS), input: rowToInput(row, ctx.hostedPrefix) };
}
