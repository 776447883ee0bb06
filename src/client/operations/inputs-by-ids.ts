/** The inputs the app has among `ids`: one ListInputs request, one page that holds them all. */
import type { Input } from '../../generated/clarifai/api/resources.pb';
import type { InvokeOptions } from '../call/call';
import { methods } from '../call/methods';
import type { ClientContext } from '../context';

/** `ids`: at most the ListInputs page limit (callers pass one batch, at most MAX_BATCH_SIZE). */
export async function inputsByIds(ctx: ClientContext, ids: readonly string[], call: InvokeOptions): Promise<Input[]> {
  const { response } = await ctx.invoke(
    methods.listInputs,
    { userAppId: ctx.userAppId, page: 1, perPage: ids.length, ids: [...ids], status: undefined },
    { ...call, itemCount: ids.length },
  );
  return response.inputs;
}

/** `inputsByIds` as a map by id, of the ids asked for only. */
export async function inputsByIdMap(ctx: ClientContext, ids: readonly string[], call: InvokeOptions): Promise<Map<string, Input>> {
  const wanted = new Set(ids);
  const found = await inputsByIds(ctx, ids, call);
  return new Map(found.filter((input) => wanted.has(input.id)).map((input) => [input.id, input]));
}
