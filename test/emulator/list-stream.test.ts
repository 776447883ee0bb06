import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { startTestEmulator, textInputs, type TestEmulator } from '../support/emulator-harness';

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator();
});
afterEach(async () => {
  await t.close();
});

/** Posts `n` text inputs `<prefix>-<i>` in batches of 128, in order. */
async function seed(n: number, prefix = 'in'): Promise<string[]> {
  const ids: string[] = [];
  for (let from = 0; from < n; from += 128) {
    const batch = textInputs(Math.min(128, n - from), prefix, from);
    const res = await t.v2.postInputs({ inputs: batch });
    expect(res.status?.code).toBe(StatusCode.SUCCESS);
    ids.push(...batch.map((i) => i.id as string));
  }
  return ids;
}

describe('ListInputs', () => {
  it('answers an empty app with SUCCESS and no inputs', async () => {
    const res = await t.v2.listInputs({});
    expect(res.status?.code).toBe(StatusCode.SUCCESS);
    expect(res.inputs).toEqual([]);
  });

  it('lists newest first, 128 per page by default; page 0 is page 1; the last page is short, the next empty', async () => {
    const ids = await seed(300);
    const newestFirst = [...ids].reverse();
    const p0 = await t.v2.listInputs({ page: 0 });
    const p1 = await t.v2.listInputs({ page: 1 });
    expect(p1.inputs.map((i) => i.id)).toEqual(newestFirst.slice(0, 128));
    expect(p0.inputs.map((i) => i.id)).toEqual(p1.inputs.map((i) => i.id));
    const p3 = await t.v2.listInputs({ page: 3 });
    expect(p3.inputs.map((i) => i.id)).toEqual(newestFirst.slice(256));
    expect((await t.v2.listInputs({ page: 4 })).inputs).toEqual([]);
    const all: string[] = [];
    for (let page = 1; ; page++) {
      const res = await t.v2.listInputs({ page, perPage: 7 });
      if (res.inputs.length === 0) break;
      all.push(...res.inputs.map((i) => i.id));
    }
    expect(all).toEqual(newestFirst);
  });

  it('takes per_page 1000 and refuses 1001 naming per_page', async () => {
    await seed(1001);
    const page = await t.v2.listInputs({ perPage: 1000 });
    expect(page.status?.code).toBe(StatusCode.SUCCESS);
    expect(page.inputs).toHaveLength(1000);
    expect((await t.v2.listInputs({ perPage: 1000, page: 2 })).inputs.map((i) => i.id)).toEqual(['in-0']);
    const over = await t.v2.listInputs({ perPage: 1001 });
    expect(over.status?.code).toBe(StatusCode.INPUT_INVALID_REQUEST);
    expect(over.status?.details).toContain('per_page 1001');
    expect(over.inputs).toEqual([]);
  });

  it('filters by ids (unknown ids are simply absent) and by status code', async () => {
    await seed(5);
    const res = await t.v2.listInputs({ ids: ['in-1', 'in-3', 'nope'] });
    expect(res.inputs.map((i) => i.id)).toEqual(['in-3', 'in-1']);
    for (const id of ['in-0', 'in-1', 'in-2', 'in-3', 'in-4']) await t.v2.waitProcessed(id);
    await t.v2.postInputs({ inputs: [{ id: 'broken', data: { image: { base64: Buffer.from('nope') } } }] });
    await t.v2.waitProcessed('broken');
    const failed = await t.v2.listInputs({ status: { code: StatusCode.INPUT_FAILED } });
    expect(failed.inputs.map((i) => i.id)).toEqual(['broken']);
    const ok = await t.v2.listInputs({ status: { code: StatusCode.INPUT_SUCCESS }, ids: ['in-0', 'broken'] });
    expect(ok.inputs.map((i) => i.id)).toEqual(['in-0']);
  });
});

describe('StreamInputs', () => {
  it('pages oldest to newest, 20 by default, with last_id exclusive', async () => {
    const ids = await seed(45);
    const first = await t.v2.streamInputs({});
    expect(first.inputs.map((i) => i.id)).toEqual(ids.slice(0, 20));
    const second = await t.v2.streamInputs({ lastId: 'in-19' });
    expect(second.inputs.map((i) => i.id)).toEqual(ids.slice(20, 40));
    const third = await t.v2.streamInputs({ lastId: 'in-39' });
    expect(third.inputs.map((i) => i.id)).toEqual(ids.slice(40));
    expect((await t.v2.streamInputs({ lastId: 'in-44' })).inputs).toEqual([]);
  });

  it('streams newest first with descending, and by id with order_by_id', async () => {
    await t.v2.postInputs({ inputs: ['m', 'c', 'x', 'a'].map((id) => ({ id, data: { text: { raw: id } } })) });
    expect((await t.v2.streamInputs({ descending: true })).inputs.map((i) => i.id)).toEqual(['a', 'x', 'c', 'm']);
    expect((await t.v2.streamInputs({ descending: true, lastId: 'x', perPage: 1 })).inputs.map((i) => i.id)).toEqual(['c']);
    expect((await t.v2.streamInputs({ orderById: true })).inputs.map((i) => i.id)).toEqual(['a', 'c', 'm', 'x']);
    expect((await t.v2.streamInputs({ orderById: true, lastId: 'c' })).inputs.map((i) => i.id)).toEqual(['m', 'x']);
    expect((await t.v2.streamInputs({ orderById: true, descending: true, lastId: 'm' })).inputs.map((i) => i.id)).toEqual(['c', 'a']);
  });

  it('refuses an unknown last_id and per_page over 1000', async () => {
    await seed(2);
    const unknown = await t.v2.streamInputs({ lastId: 'never-was' });
    expect(unknown.status?.code).toBe(StatusCode.INPUT_INVALID_REQUEST);
    expect(unknown.status?.details).toContain('last_id "never-was"');
    expect((await t.v2.streamInputs({ perPage: 1001 })).status?.code).toBe(StatusCode.INPUT_INVALID_REQUEST);
  });

  it('keeps a cursor on an input deleted meanwhile', async () => {
    const ids = await seed(6);
    await t.v2.deleteInputs({ ids: ['in-2', 'in-3'] });
    const res = await t.v2.streamInputs({ lastId: 'in-2' });
    expect(res.status?.code).toBe(StatusCode.SUCCESS);
    expect(res.inputs.map((i) => i.id)).toEqual(ids.slice(4));
  });

  it('holds a cursor across concurrent inserts: every input seen once, in creation order', async () => {
    await seed(50, 'early');
    const seen: string[] = [];
    let lastId = '';
    let writes = 0;
    const writer = (async () => {
      for (; writes < 10; writes++) {
        await t.v2.postInputs({ inputs: textInputs(10, `late${writes}`) });
      }
    })();
    for (;;) {
      const page = await t.v2.streamInputs({ perPage: 7, lastId });
      expect(page.status?.code).toBe(StatusCode.SUCCESS);
      if (page.inputs.length === 0) {
        if (writes >= 10) break;
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      seen.push(...page.inputs.map((i) => i.id));
      lastId = page.inputs[page.inputs.length - 1]!.id;
    }
    await writer;
    const rest = await t.v2.streamInputs({ lastId, perPage: 1000 });
    seen.push(...rest.inputs.map((i) => i.id));
    expect(seen).toHaveLength(150);
    expect(new Set(seen).size).toBe(150);
    const all = await t.v2.streamInputs({ perPage: 1000 });
    expect(seen).toEqual(all.inputs.map((i) => i.id));
  });
});
