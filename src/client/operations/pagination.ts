/**
 * Lazy iteration over every input. ListInputs pages by number and stops at the first short
 * page (no extra empty call); StreamInputs follows the last_id cursor. While the caller consumes
 * a full page the next one is fetched (pages-ahead.ts): two pages in memory at most.
 */
import type { Input } from '../../generated/clarifai/api/resources.pb';
import { checkInteger } from '../config';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from '../limits';
import type { CallSettings } from '../call-options';
import type { ClientContext } from '../context';
import { ClarifaiValidationError } from '../errors';
import { methods, type RpcMethod } from '../call/methods';
import type { ListInputsRequest } from '../../generated/clarifai/api/service.pb';
import type { Status } from '../../generated/clarifai/api/status/status.pb';
import { decodeInputPage } from './input-page';
import { pagesAhead } from './pages-ahead';
import type { ListInputsOptions, ListInputsPageOptions, StreamInputsOptions } from '../types';


/** The iterators' RPCs: answers decoded one input at a time, as they are reached (input-page.ts). */
const lazyListInputs = { ...methods.listInputs, deserialize: decodeInputPage };
const lazyStreamInputs = { ...methods.streamInputs, deserialize: decodeInputPage };

function checkListOptions(options: ListInputsPageOptions): void {
  checkInteger('perPage', options.perPage, 1, MAX_PER_PAGE);
  checkInteger('page', options.page, 1);
  checkInteger('status', options.status, 1);
  if (options.ids !== undefined && (!Array.isArray(options.ids) || options.ids.some((id) => typeof id !== 'string' || id === ''))) {
    throw new ClarifaiValidationError('option `ids` must be an array of non-empty strings', { path: 'ids' });
  }
}

/** One ListInputs page. */
export async function listInputsPage(ctx: ClientContext, options: ListInputsPageOptions, call: CallSettings): Promise<Input[]> {
  checkListOptions(options);
  return (await listPage(ctx, methods.listInputs, options, call)).inputs;
}

async function listPage<Res extends { status?: Status | undefined }>(
  ctx: ClientContext,
  method: RpcMethod<ListInputsRequest, Res>,
  options: ListInputsPageOptions,
  call: CallSettings,
): Promise<Res> {
  const { response } = await ctx.invoke(
    method,
    {
      userAppId: ctx.userAppId,
      page: options.page ?? 1,
      perPage: options.perPage ?? DEFAULT_PER_PAGE,
      ids: [...(options.ids ?? [])],
      status: options.status === undefined ? undefined : { code: options.status, description: '', details: '', percentCompleted: 0, timeRemaining: 0, reqId: '', developerNotes: '' },
    },
    call,
  );
  return response;
}

/** Options are checked here, at the call, not at the first `next()`. */
export function listInputs(ctx: ClientContext, options: ListInputsOptions, call: CallSettings): AsyncGenerator<Input, void, undefined> {
  checkListOptions(options);
  return listAll(ctx, options, call);
}

function listAll(ctx: ClientContext, options: ListInputsOptions, call: CallSettings): AsyncGenerator<Input, void, undefined> {
  const perPage = options.perPage ?? DEFAULT_PER_PAGE;
  return pagesAhead({
    method: methods.listInputs.name,
    signal: call.signal,
    fetchPage: async (index, _previous, signal) => (await listPage(ctx, lazyListInputs, { ...options, page: index + 1, perPage }, { ...call, signal })).inputs,
    isLast: (inputs) => inputs.length < perPage,
  });
}

/** Options are checked here, at the call, not at the first `next()`. */
export function streamInputs(ctx: ClientContext, options: StreamInputsOptions, call: CallSettings): AsyncGenerator<Input, void, undefined> {
  checkInteger('perPage', options.perPage, 1, MAX_PER_PAGE);
  if (options.lastId !== undefined && typeof options.lastId !== 'string') {
    throw new ClarifaiValidationError('option `lastId` must be a string', { path: 'lastId' });
  }
  return streamAll(ctx, options, call);
}

function streamAll(ctx: ClientContext, options: StreamInputsOptions, call: CallSettings): AsyncGenerator<Input, void, undefined> {
  const perPage = options.perPage ?? DEFAULT_PER_PAGE;
  const request = { userAppId: ctx.userAppId, perPage, descending: options.descending === true, orderById: options.orderById === true };
  return pagesAhead({
    method: methods.streamInputs.name,
    signal: call.signal,
    fetchPage: async (_index, previous, signal) => {
      const lastId = previous === undefined ? (options.lastId ?? '') : (previous.at(previous.length - 1)?.id ?? '');
      const { response } = await ctx.invoke(lazyStreamInputs, { ...request, lastId }, { ...call, signal });
      return response.inputs;
    },
    // A full page may be the last one; only the next (short or empty) answer can tell.
    isLast: (inputs) => inputs.length < perPage,
  });
}
