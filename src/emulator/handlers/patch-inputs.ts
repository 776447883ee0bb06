import type { Input } from '../../generated/clarifai/api/resources.pb';
import type { MultiInputResponse, PatchInputsRequest } from '../../generated/clarifai/api/service.pb';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { annotationProblem, datasetIdsProblem } from '../service/annotations';
import { contentChange } from '../service/patch-content';
import { applyPatch, PATCH_ACTIONS, type PatchAction } from '../service/patch-data';
import { describeInput } from '../service/plan-input';
import { makeStatus, RequestRefused } from '../service/status';
import { rowToInput } from '../store/input-row';
import type { AppScope, StoredData } from '../store/stored-data';
import { batchStatus } from './batch-status';
import { MAX_INPUTS_PER_CALL, type HandlerContext } from './handler-context';

/**
 * PatchInputs: applies merge, overwrite or remove to the concepts, metadata, geo and dataset
 * ids of existing inputs, in one transaction. Content equal to the stored content is ignored (the
 * official SDKs send whole inputs). An input that does not exist, carries bad annotations or
 * would change content fails on its own; patched inputs answer INPUT_MODIFY_SUCCESS.
 */
export function patchInputs(ctx: HandlerContext, scope: AppScope, req: PatchInputsRequest): MultiInputResponse {
  if (!(PATCH_ACTIONS as readonly string[]).includes(req.action)) {
    throw new RequestRefused(
      StatusCode.INPUT_INVALID_REQUEST,
      `PatchInputs: action ${JSON.stringify(req.action)} is not one of ${PATCH_ACTIONS.map((a) => `"${a}"`).join(', ')}; nothing was changed`,
    );
  }
  const action = req.action as PatchAction;
  const count = req.inputs.length;
  if (count === 0 || count > MAX_INPUTS_PER_CALL) {
    throw new RequestRefused(StatusCode.INPUT_INVALID_REQUEST, `PatchInputs takes 1 to ${MAX_INPUTS_PER_CALL} inputs per request, got ${count}; nothing was changed`);
  }
  const now = ctx.now();
  const answers = ctx.store.transaction(() =>
    req.inputs.map((input, i): Input => {
      const where = describeInput(i, input.id);
      const fail = (code: StatusCode, details: string): Input => ({ ...input, status: makeStatus(code, details) });
      if (!input.id) return fail(StatusCode.INPUT_INVALID_ARGUMENT, `${where}: id is required to patch an input`);
      const problem = (input.data && annotationProblem(input.data, where)) ?? datasetIdsProblem(input.datasetIds, where);
      if (problem) return fail(StatusCode.INPUT_INVALID_ARGUMENT, problem);
      const row = ctx.store.get(scope, input.id);
      if (!row) return fail(StatusCode.INPUT_DOES_NOT_EXIST, `${where} does not exist in app ${JSON.stringify(scope.appId)}`);
      const changed = contentChange(row, input.data, () => (row.blob_token ? ctx.store.blobs.read(row.blob_token)?.bytes : undefined));
      if (changed !== undefined) {
        return fail(
          StatusCode.INPUT_INVALID_ARGUMENT,
          `${where}: PatchInputs changes annotations only; ${changed} differs from the stored content (content equal to it is accepted and ignored)`,
        );
      }
      const next = applyPatch(JSON.parse(row.data_json) as StoredData, input.data, input.datasetIds, action);
      ctx.store.updateData(row.seq, JSON.stringify(next), now);
      const patched = rowToInput(ctx.store.getBySeq(row.seq)!, ctx.hostedPrefix);
      return { ...patched, status: makeStatus(StatusCode.INPUT_MODIFY_SUCCESS) };
    }),
  );
  return { status: batchStatus(answers, StatusCode.INPUT_MODIFY_SUCCESS, 'PatchInputs'), inputs: answers, inputsAddJob: undefined };
}
