import type {
  CancelInputsAddJobRequest,
  GetInputsAddJobRequest,
  ListInputsAddJobsRequest,
  MultiInputsAddJobResponse,
  SingleInputsAddJobResponse,
} from '../../generated/clarifai/api/service.pb';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { jobIsRunning, jobToProto } from '../service/inputs-add-job';
import { makeStatus, RequestRefused } from '../service/status';
import type { JobRow } from '../store/input-store';
import type { AppScope } from '../store/stored-data';
import type { HandlerContext } from './handler-context';
import { LIST_DEFAULT_PER_PAGE, perPage } from './list-inputs';

/** The job named by `id`, or CONN_DOES_NOT_EXIST naming it. */
function findJob(ctx: HandlerContext, scope: AppScope, rpc: string, id: string): JobRow {
  if (!id) throw new RequestRefused(StatusCode.INPUT_INVALID_REQUEST, `${rpc}: id is required`);
  const row = ctx.store.getJob(scope, id);
  if (!row) {
    throw new RequestRefused(StatusCode.CONN_DOES_NOT_EXIST, `inputs-add job ${JSON.stringify(id)} does not exist in app ${JSON.stringify(scope.appId)}`);
  }
  return row;
}

/** GetInputsAddJob: the job with the progress of its inputs now. */
export function getInputsAddJob(ctx: HandlerContext, scope: AppScope, req: GetInputsAddJobRequest): SingleInputsAddJobResponse {
  const row = findJob(ctx, scope, 'GetInputsAddJob', req.id);
  return { status: makeStatus(StatusCode.SUCCESS), inputsAddJob: jobToProto(ctx.store, scope, row) };
}

/** ListInputsAddJobs: the app's jobs newest first, by page (0 read as 1), 128 per page by default. */
export function listInputsAddJobs(ctx: HandlerContext, scope: AppScope, req: ListInputsAddJobsRequest): MultiInputsAddJobResponse {
  const limit = perPage('ListInputsAddJobs', req.perPage, LIST_DEFAULT_PER_PAGE);
  const page = Math.max(req.page, 1);
  const rows = ctx.store.listJobs(scope, (page - 1) * limit, limit);
  return { status: makeStatus(StatusCode.SUCCESS), inputsAddJobs: rows.map((row) => jobToProto(ctx.store, scope, row)) };
}

/**
 * CancelInputsAddJob: a job whose inputs are still pending or in progress ends JOB_CANCELLED. Its
 * inputs stay stored and are still processed (nothing acknowledged is dropped); its progress keeps
 * counting them. A finished job is answered as it is.
 */
export function cancelInputsAddJob(ctx: HandlerContext, scope: AppScope, req: CancelInputsAddJobRequest): SingleInputsAddJobResponse {
  const row = ctx.store.transaction(() => {
    const found = findJob(ctx, scope, 'CancelInputsAddJob', req.id);
    if (found.cancelled === 1 || !jobIsRunning(ctx.store.jobProgress(scope, found.id))) return found;
    ctx.store.cancelJob(scope, found.id, ctx.now());
    return ctx.store.getJob(scope, found.id) as JobRow;
  });
  return { status: makeStatus(StatusCode.SUCCESS), inputsAddJob: jobToProto(ctx.store, scope, row) };
}
