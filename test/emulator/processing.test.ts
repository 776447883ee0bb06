import { StatusCode } from '../../src/generated/clarifai/api/status/status_code.pb';
import { startTestEmulator, type TestEmulator } from '../support/emulator-harness';
import { sampleBmp, sampleGif, sampleJpeg, samplePng, sampleTiff, sampleWebp, startHttpFixtures, type HttpFixtures, fetchUrl, hostedUrl } from '../support/http-fixtures';

let t: TestEmulator;
let web: HttpFixtures;
beforeAll(async () => {
  web = await startHttpFixtures();
  t = await startTestEmulator({ downloadTimeoutMs: 1000, maxInputBytes: 64 * 1024, processingConcurrency: 4 });
});
afterAll(async () => {
  await t.close();
  await web.close();
});


describe('bytes inputs', () => {
  it.each([
    ['PNG', samplePng(7, 5), 7, 5],
    ['JPEG', sampleJpeg(640, 480), 640, 480],
    ['GIF', sampleGif(3, 9), 3, 9],
    ['WEBP', sampleWebp(300, 200), 300, 200],
    ['BMP', sampleBmp(4, 6), 4, 6],
    ['TIFF', sampleTiff(8, 2), 8, 2],
  ])('recognises %s and records its size in image_info, then serves the bytes back', async (format, bytes, width, height) => {
    const id = `bytes-${format}`;
    const posted = await t.v2.postInputs({ inputs: [{ id, data: { image: { base64: bytes } } }] });
    expect(posted.inputs[0]?.status?.code).toBe(StatusCode.INPUT_PENDING);
    expect(posted.inputs[0]?.data?.image?.base64).toHaveLength(0);
    const done = await t.v2.waitProcessed(id);
    expect(done.status?.code).toBe(StatusCode.INPUT_SUCCESS);
    expect(done.data?.image?.imageInfo).toMatchObject({ format, width, height });
    const served = await fetchUrl(hostedUrl(done.data?.image?.hosted));
    expect(served.status).toBe(200);
    expect(served.body.equals(bytes)).toBe(true);
    expect(served.type).toMatch(/^image\//);
  });

  it('fails non-image bytes for an image input with 30002 and a reason', async () => {
    await t.v2.postInputs({ inputs: [{ id: 'not-image', data: { image: { base64: Buffer.from('hello, I am text') } } }] });
    const done = await t.v2.waitProcessed('not-image');
    expect(done.status?.code).toBe(StatusCode.INPUT_FAILED);
    expect(done.status?.details).toMatch(/not an image.*JPEG, PNG, GIF, WebP, BMP or TIFF/);
  });

  it('accepts video and audio bytes as given, and raw text at once', async () => {
    await t.v2.postInputs({
      inputs: [
        { id: 'vid', data: { video: { base64: Buffer.from('fake mp4') } } },
        { id: 'aud', data: { audio: { base64: Buffer.from('fake wav') } } },
        { id: 'txt', data: { text: { raw: 'plain' } } },
      ],
    });
    for (const id of ['vid', 'aud', 'txt']) expect((await t.v2.waitProcessed(id)).status?.code).toBe(StatusCode.INPUT_SUCCESS);
    const vid = await t.v2.getInput({ inputId: 'vid' });
    expect((await fetchUrl(hostedUrl(vid.input?.data?.video?.hosted))).body.toString()).toBe('fake mp4');
  });
});

describe('URL inputs', () => {
  it('downloads an image (200), records image_info and hosts a copy', async () => {
    const url = web.url('/img/gif?w=12&h=34&seed=1');
    await t.v2.postInputs({ inputs: [{ id: 'url-ok', data: { image: { url } } }] });
    const done = await t.v2.waitProcessed('url-ok');
    expect(done.status?.code).toBe(StatusCode.INPUT_SUCCESS);
    expect(done.data?.image?.url).toBe(url);
    expect(done.data?.image?.imageInfo).toMatchObject({ format: 'GIF', width: 12, height: 34 });
    expect((await fetchUrl(hostedUrl(done.data?.image?.hosted))).body.equals(sampleGif(12, 34, 1))).toBe(true);
  });

  it.each([
    ['404', '/status/404', /HTTP 404 Not Found/],
    ['500', '/status/500', /HTTP 500/],
    ['slow', '/slow?ms=5000', /timed out after 1000 ms/],
    ['not an image', '/html', /not an image/],
    ['oversized with content-length', '/big?bytes=70000&length=1', /too large: .* declares 70000 bytes; the limit is 65536/],
    ['oversized streamed', '/big?bytes=70000', /too large: .* more than 65536 bytes/],
    ['too many redirects', '/redirect?n=6', /too many redirects: more than 5/],
    ['a refused connection', 'http://127.0.0.1:9/nothing.png', /ECONNREFUSED/],
  ])('fails a download (%s) with 30002 and says why', async (name, path, reason) => {
    const id = `url-${name.replace(/\W+/g, '-')}`;
    const url = path.startsWith('http') ? path : web.url(path);
    await t.v2.postInputs({ inputs: [{ id, data: { image: { url } } }] });
    const done = await t.v2.waitProcessed(id);
    expect(done.status?.code).toBe(StatusCode.INPUT_FAILED);
    expect(done.status?.details).toMatch(reason);
  });

  it('follows up to 5 redirects', async () => {
    await t.v2.postInputs({ inputs: [{ id: 'url-redirect-5', data: { image: { url: web.url('/redirect?n=5&to=%2Fimg%2Fbmp%3Fw%3D5') } } }] });
    const done = await t.v2.waitProcessed('url-redirect-5');
    expect(done.status?.code).toBe(StatusCode.INPUT_SUCCESS);
    expect(done.data?.image?.imageInfo).toMatchObject({ format: 'BMP', width: 5 });
  });

  it('shows INPUT_IN_PROGRESS while downloading, then INPUT_SUCCESS; counts follow', async () => {
    await t.v2.postInputs({ inputs: [{ id: 'gated', data: { image: { url: web.url('/gate/g1') } } }] });
    await web.waiting('g1');
    expect((await t.v2.getInput({ inputId: 'gated' })).input?.status?.code).toBe(StatusCode.INPUT_IN_PROGRESS);
    expect((await t.v2.getInputCount()).counts?.processing).toBe(1);
    web.release('g1', samplePng(9, 9));
    const done = await t.v2.waitProcessed('gated');
    expect(done.status?.code).toBe(StatusCode.INPUT_SUCCESS);
    expect(done.data?.image?.imageInfo).toMatchObject({ width: 9, height: 9 });
  });

  it('downloads text URLs and checks they are UTF-8', async () => {
    await t.v2.postInputs({ inputs: [{ id: 'text-url', data: { text: { url: web.url('/html?text') } } }, { id: 'text-bin', data: { text: { url: web.url('/img/png?text') } } }] });
    expect((await t.v2.waitProcessed('text-url')).status?.code).toBe(StatusCode.INPUT_SUCCESS);
    const bin = await t.v2.waitProcessed('text-bin');
    expect(bin.status?.code).toBe(StatusCode.INPUT_FAILED);
    expect(bin.status?.details).toContain('not valid UTF-8');
  });

  it('keeps concurrency bounded: with 4 workers, at most 4 inputs are in progress', async () => {
    const ids = Array.from({ length: 6 }, (_, i) => `held-${i}`);
    await t.v2.postInputs({ inputs: ids.map((id) => ({ id, data: { image: { url: web.url(`/gate/held?i=${id}`) } } })) });
    await web.hitCount('/gate/held', 4);
    const counts = (await t.v2.getInputCount()).counts!;
    expect(counts.processing).toBe(4);
    expect(web.hits.get('/gate/held')).toBe(4);
    web.release('held');
    await web.hitCount('/gate/held', 6);
    web.release('held');
    for (const id of ids) expect((await t.v2.waitProcessed(id)).status).toMatchObject({ code: StatusCode.INPUT_SUCCESS, details: '' });
  });
});
