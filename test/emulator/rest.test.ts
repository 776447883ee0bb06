/**
 * The REST/JSON gateway, driven by the real `curl` with requests shaped like the cURL examples of
 * the Clarifai inputs documentation (our own copies; scheme, host and key replaced). Answers are
 * checked for proto field names, numeric status codes and the HTTP status, and against the same
 * store through gRPC.
 */
import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { curl } from '../support/curl';
import { startTestEmulator, TEST_KEY, type TestEmulator } from '../support/emulator-harness';
import { samplePng, startHttpFixtures, type HttpFixtures } from '../support/http-fixtures';

let t: TestEmulator;
let fixtures: HttpFixtures;
let base: string;
const AUTH = ['-H', `Authorization: Key ${TEST_KEY}`];
const JSON_BODY = ['-H', 'Content-Type: application/json'];

beforeAll(async () => {
  fixtures = await startHttpFixtures();
});
afterAll(() => fixtures.close());
beforeEach(async () => {
  t = await startTestEmulator({ restPort: 0 });
  base = t.emulator.restUrl as string;
});
afterEach(() => t.close());

const post = (path: string, body: unknown) => curl(['-X', 'POST', `${base}${path}`, ...AUTH, ...JSON_BODY, '-d', JSON.stringify(body)]);
const get = (path: string) => curl([`${base}${path}`, ...AUTH]);

describe('documented flows', () => {
  it('adds inputs by URL with concepts and metadata, under /v2/users/{user}/apps/{app}, and answers in proto field names', async () => {
    const res = await post(`/v2/users/me/apps/main/inputs`, {
      inputs: [
        {
          id: 'train1',
          data: {
            image: { url: fixtures.url('/img/png?w=3&h=2'), allow_duplicate_url: true },
            concepts: [{ id: 'boscoe', value: 1 }],
            metadata: { id: 'id001', type: 'animal', nested_key: { a_b: 1 } },
          },
        },
      ],
    });
    expect(res.httpStatus).toBe(200);
    expect(res.json.status).toMatchObject({ code: 10000, description: 'Ok' });
    expect(res.json.status.req_id).toMatch(/^emu-/);
    const input = res.json.inputs[0];
    expect(input).toMatchObject({ id: 'train1', status: { code: 30001 } });
    expect(input.data.image.allow_duplicate_url).toBe(true);
    expect(input.data.metadata).toEqual({ id: 'id001', type: 'animal', nested_key: { a_b: 1 } });
    expect(input.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const stored = await t.v2.waitProcessed('train1');
    expect(stored.data?.image?.imageInfo).toMatchObject({ width: 3, height: 2, format: 'PNG' });
    const byRest = await get('/v2/inputs/train1');
    expect(byRest.json.input.data.image.image_info).toMatchObject({ width: 3, height: 2, format: 'PNG' });
    expect(byRest.json.input.status.code).toBe(30000);
  });

  it('adds by bytes (base64) and by raw text; bytes come back hosted, never echoed', async () => {
    const png = samplePng(4, 4);
    const res = await post('/v2/inputs', {
      inputs: [
        { id: 'bytes1', data: { image: { base64: png.toString('base64') } } },
        { id: 'text1', data: { text: { raw: 'Hello, world' } } },
      ],
    });
    expect(res.httpStatus).toBe(200);
    expect(res.json.inputs[0].data.image.base64).toBeUndefined();
    expect(res.json.inputs[0].data.image.hosted.prefix).toBe(t.emulator.hostedUrlPrefix);
    expect((await t.v2.waitProcessed('bytes1')).data?.image?.imageInfo).toMatchObject({ width: 4, height: 4 });
    expect((await t.v2.getInput({ inputId: 'text1' })).input?.data?.text?.raw).toBe('Hello, world');
  });

  it('lists by page, streams with last_id both ways, gets, counts', async () => {
    await post('/v2/inputs', { inputs: ['a', 'b', 'c'].map((id) => ({ id, data: { text: { raw: id } } })) });
    const page = await get('/v2/inputs?page=1&per_page=2');
    expect(page.json.inputs.map((i: { id: string }) => i.id)).toEqual(['c', 'b']);
    const page2 = await get('/v2/users/me/apps/main/inputs?page=2&per_page=2');
    expect(page2.json.inputs.map((i: { id: string }) => i.id)).toEqual(['a']);
    const stream = await get('/v2/inputs/stream?per_page=2&last_id=a');
    expect(stream.json.inputs.map((i: { id: string }) => i.id)).toEqual(['b', 'c']);
    const down = await get('/v2/inputs/stream?per_page=5&descending=true');
    expect(down.json.inputs.map((i: { id: string }) => i.id)).toEqual(['c', 'b', 'a']);
    const byIds = await get('/v2/inputs?ids=a&ids=c');
    expect(byIds.json.inputs.map((i: { id: string }) => i.id).sort()).toEqual(['a', 'c']);
    for (const id of ['a', 'b', 'c']) await t.v2.waitProcessed(id);
    const count = await get('/v2/inputs/status');
    expect(count.httpStatus).toBe(200);
    expect(count.json.counts).toMatchObject({ processed: 3 });
    const done = await get(`/v2/inputs?status.code=${StatusCode.INPUT_SUCCESS}`);
    expect(done.json.inputs).toHaveLength(3);
  });

  it('patches (merge) and deletes one and many', async () => {
    await post('/v2/inputs', { inputs: ['p1', 'p2', 'p3'].map((id) => ({ id, data: { text: { raw: id } } })) });
    const patched = await curl(['-X', 'PATCH', `${base}/v2/inputs`, ...AUTH, ...JSON_BODY, '-d', JSON.stringify({ inputs: [{ id: 'p1', data: { concepts: [{ id: 'tree', value: 1 }], metadata: { k: 'v' } } }], action: 'merge' })]);
    expect(patched.httpStatus).toBe(200);
    expect(patched.json.inputs[0]).toMatchObject({ id: 'p1', status: { code: 30200 }, data: { metadata: { k: 'v' } } });
    const one = await curl(['-X', 'DELETE', `${base}/v2/inputs/p1`, ...AUTH]);
    expect(one.httpStatus).toBe(200);
    expect(one.json.status.code).toBe(10000);
    const many = await curl(['-X', 'DELETE', `${base}/v2/users/me/apps/main/inputs`, ...AUTH, ...JSON_BODY, '-d', '{"ids":["p2","p3"]}']);
    expect(many.json.status.code).toBe(10000);
    expect((await t.v2.getInputCount()).counts).toMatchObject({ processed: 0, toProcess: 0 });
  });
});

describe('inputs-add jobs', () => {
  it('PostInputs names the job; GET /inputs/jobs/add/{id} and /inputs/jobs/add read it, PATCH cancels it', async () => {
    const posted = await post('/v2/inputs', { inputs_add_job_id: 'rest-job', inputs: ['j1', 'j2'].map((id) => ({ id, data: { text: { raw: id } } })) });
    expect(posted.json.inputs_add_job).toMatchObject({ id: 'rest-job', progress: { pending_count: '2' } });
    await t.v2.waitProcessed('j1');
    await t.v2.waitProcessed('j2');
    const one = await get('/v2/users/me/apps/main/inputs/jobs/add/rest-job');
    expect(one.httpStatus).toBe(200);
    expect(one.json.inputs_add_job).toMatchObject({ id: 'rest-job', progress: { success_count: '2' }, status: { code: StatusCode.JOB_COMPLETED } });
    const all = await get('/v2/inputs/jobs/add?per_page=5');
    expect(all.json.inputs_add_jobs.map((j: { id: string }) => j.id)).toEqual(['rest-job']);
    const cancelled = await curl(['-X', 'PATCH', `${base}/v2/inputs/jobs/add/rest-job`, ...AUTH, ...JSON_BODY, '-d', '{}']);
    expect(cancelled.httpStatus).toBe(200);
    expect(cancelled.json.inputs_add_job.status.code).toBe(StatusCode.JOB_COMPLETED);
    const missing = await get('/v2/inputs/jobs/add/nope');
    expect(missing.httpStatus).toBe(404);
    expect(missing.json.status.code).toBe(StatusCode.CONN_DOES_NOT_EXIST);
  });
});

describe('lenient senders, as the real service accepts them', () => {
  it('takes "id": null, boolean concept values and camelCase names', async () => {
    const res = await post('/v2/inputs', {
      inputs: [
        { id: null, data: { text: { raw: 'no id' }, concepts: [{ id: 'yes', value: true }, { id: 'no', value: false }] } },
        { id: 'camel', data: { image: { url: fixtures.url('/img/gif'), allowDuplicateUrl: true } } },
      ],
    });
    expect(res.httpStatus).toBe(200);
    expect(res.json.inputs[0].id).toMatch(/^[0-9a-f]{32}$/);
    expect(res.json.inputs[0].data.concepts.map((c: { id: string; value?: number }) => [c.id, c.value ?? 0])).toEqual([
      ['yes', 1],
      ['no', 0],
    ]);
    expect(res.json.inputs[1].data.image.allow_duplicate_url).toBe(true);
  });
});

describe('errors: a Clarifai status in JSON with the matching HTTP status, nothing stored', () => {
  it.each([
    ['no key', ['-X', 'POST', '/v2/inputs', '-d', '{"inputs":[]}'], 401, 11102],
    ['an unknown key', ['-X', 'GET', '/v2/inputs', '-H', 'Authorization: Key wrong'], 401, 11008],
    ['an unknown input', ['-X', 'GET', '/v2/inputs/nope', ...AUTH], 404, 11101],
    ['an unknown path', ['-X', 'GET', '/v2/models', ...AUTH], 404, 11101],
    ['a wrong method', ['-X', 'PUT', '/v2/inputs', ...AUTH], 405, 11100],
    ['bad JSON', ['-X', 'POST', '/v2/inputs', ...AUTH, '-d', '{"inputs": [{"data": {"image": {"base64": }}}]}'], 400, 11100],
    ['an unknown field', ['-X', 'POST', '/v2/inputs', ...AUTH, '-d', '{"inputs": [{"data": {"imgae": {"url": "http://x/y.png"}}}]}'], 400, 11100],
    ['an unknown query parameter', ['-X', 'GET', '/v2/inputs?pagee=2', ...AUTH], 400, 11100],
    ['another user', ['-X', 'GET', '/v2/users/someone/apps/main/inputs', ...AUTH], 403, 11007],
    ['too many inputs', ['-X', 'POST', '/v2/inputs', ...AUTH, '-d', JSON.stringify({ inputs: Array.from({ length: 129 }, () => ({ data: { text: { raw: 'x' } } })) })], 400, 39999],
  ])('%s', async (_what, args, httpStatus, code) => {
    const path = args.find((a) => a.startsWith('/v2')) as string;
    const res = await curl(args.map((a) => (a === path ? `${base}${path}` : a)));
    expect(res.httpStatus).toBe(httpStatus);
    expect(res.json.status.code).toBe(code);
    expect(typeof res.json.status.details).toBe('string');
    expect(res.text).not.toMatch(/\n\s+at /); // no stack trace
    expect((await t.v2.getInputCount()).counts).toMatchObject({ processed: 0, toProcess: 0, processing: 0, errors: 0 });
  });

  it('the documentation\'s broken bytes example (shell quoting leaves invalid JSON) gets 400 and stores nothing', async () => {
    // What the shell passes on for '{"inputs": [{"data": {"image": {"base64": '"$(base64 x.png)"'}}}]}' when
    // the quotes are lost: the base64 text unquoted.
    const body = `{"inputs": [{"data": {"image": {"base64": ${samplePng(2, 2).toString('base64')}}}}]}`;
    const res = await curl(['-X', 'POST', `${base}/v2/inputs`, ...AUTH, ...JSON_BODY, '-d', body]);
    expect(res.httpStatus).toBe(400);
    expect(res.json.status.code).toBe(StatusCode.CONN_BAD_REQUEST_FORMAT);
    expect(res.json.status.details).toMatch(/not valid JSON/);
    expect((await t.v2.listInputs()).inputs).toEqual([]);
  });
});
