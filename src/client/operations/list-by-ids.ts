/** The inputs among `ids` the app has now, by id: one ListInputs call (at most MAX_BATCH_SIZE ids). */
import type { Input } from '../../generated/clarifai/api/resources.pb';
import type { ClientContext } from '../context';
import { methods } from '../call/methods';
import type { CallSettings } from '../call-options';

export async function listByIds(ctx: ClientContext, ids: readonly string[], call: CallSettings): Promise<Map<string, Input>> {
  const { response } = await ctx.invoke(
    methods.listInputs,
    { userAppId: ctx.userAppId, page: 1, perPage: ids.length, ids: [...ids], status: undefined },
    { ...call, itemCount: ids.length },
  );
  const wanted = new Set(ids);
  return new Map(response.inputs.filter((input) => wanted.has(input.id)).map((input) => [input.id, input]));
}
