import type { InputsClient } from '../client/inputs-client';
import type { Input } from '../generated/clarifai/api/resources.pb';
import { statusCodeName } from '../status-code-name';
import { say, step } from './print';

/** What the walkthrough needs besides the client: image URLs that resolve, and image bytes. */
export interface DemoMedia {
  urls: [string, string, string, string];
  brokenUrl: string;
  bytes: Uint8Array;
}

/** What the walkthrough found, for the closing summary. */
export interface DemoSummary {
  added: number;
  processed: number;
  failedAsExpected: number;
  deleted: number;
}

const status = (input: Input) => (input.status ? statusCodeName(input.status.code) : '-');

/**
 * Every flow of the Clarifai inputs documentation, in order, printed as it happens. Ids start
 * with `prefix` so that runs against a real app never collide.
 */
export async function walkthrough(client: InputsClient, media: DemoMedia, prefix: string): Promise<DemoSummary> {
  const id = (name: string) => `${prefix}-${name}`;
  const [urlA, urlB, urlC, urlD] = media.urls;

  step('Add an image by URL');
  const byUrl = await client.addInput({ id: id('by-url'), image: { url: urlA, allowDuplicateUrl: true } });
  say(`added ${byUrl.id}: ${status(byUrl)} (processing continues on the server)`);

  step('Add an image by bytes');
  const byBytes = await client.addInput({ id: id('by-bytes'), image: { bytes: media.bytes } });
  say(`added ${byBytes.id} from ${media.bytes.length} bytes: ${status(byBytes)}`);

  step('Add several inputs with your own ids, in one call');
  const several = await client.addInputs([
    { id: id('train1'), image: { url: urlB, allowDuplicateUrl: true } },
    { id: id('puppy1'), image: { url: urlC, allowDuplicateUrl: true } },
  ]);
  say(`added ${several.added.map((i) => i.id).join(', ')}; failed: ${several.failed.length}`);

  step('Add an input with concepts (a string means value 1; negativeConcepts are value 0)');
  const withConcepts = await client.addInput({
    id: id('charlie'),
    image: { url: urlD, allowDuplicateUrl: true },
    concepts: ['charlie'],
    negativeConcepts: ['dog'],
  });
  say(`${withConcepts.id}: ${withConcepts.data?.concepts.map((c) => `${c.id}=${c.value}`).join(', ')}`);

  step('Add an input with metadata');
  const withMetadata = await client.addInput({
    id: id('metadata'),
    image: { url: urlA, allowDuplicateUrl: true },
    metadata: { id: 'id001', type: 'animal', size: 100 },
  });
  say(`${withMetadata.id}: metadata ${JSON.stringify(withMetadata.data?.metadata)}`);

  step('Add an input whose URL is broken (it is accepted, then fails in processing)');
  const broken = await client.addInput({ id: id('broken'), image: { url: media.brokenUrl, allowDuplicateUrl: true } });
  say(`added ${broken.id}: ${status(broken)}`);

  const ids = [byUrl.id, byBytes.id, ...several.added.map((i) => i.id), withConcepts.id, withMetadata.id, broken.id];

  step(`Wait for processing of ${ids.length} inputs`);
  const finals = await client.waitForInputs(ids, { timeoutMs: 120_000 });
  for (const input of finals) {
    const info = input.data?.image?.imageInfo;
    const size = info && info.width ? ` ${info.width}x${info.height} ${info.format}` : '';
    const details = input.status?.details ? ` (${input.status.details})` : '';
    say(`${input.id.padEnd(prefix.length + 10)} ${status(input)}${size}${details}`);
  }
  const processed = finals.filter((i) => i.status?.code === 30000).length;
  const failedAsExpected = finals.filter((i) => i.id === broken.id && i.status?.code === 30002).length;

  step('List inputs page by page (ListInputs, 3 per page)');
  for (let page = 1; ; page++) {
    const inputs = await client.listInputsPage({ page, perPage: 3 });
    say(`page ${page}: ${inputs.map((i) => i.id).join(', ') || '(empty)'}`);
    if (inputs.length < 3) break;
  }
  let listed = 0;
  for await (const _ of client.listInputs({ perPage: 3 })) listed += 1;
  say(`listInputs() iterated ${listed} inputs without asking for an extra empty page`);

  step('Stream inputs with the last_id cursor (StreamInputs), oldest first, then onward');
  const first: Input[] = [];
  for await (const input of client.streamInputs({ perPage: 2 })) {
    first.push(input);
    if (first.length === 3) break;
  }
  say(`first three: ${first.map((i) => i.id).join(', ')}`);
  const lastId = first[first.length - 1]?.id ?? '';
  const rest: string[] = [];
  for await (const input of client.streamInputs({ perPage: 2, lastId })) rest.push(input.id);
  say(`after last_id ${lastId}: ${rest.join(', ')}`);
  const newest: string[] = [];
  for await (const input of client.streamInputs({ perPage: 2, descending: true })) newest.push(input.id);
  say(`descending: ${newest.join(', ')}`);

  step('Count inputs by processing state');
  const counts = await client.getInputCount();
  say(`processed ${counts.processed}, to process ${counts.toProcess}, processing ${counts.processing}, errors ${counts.errors}`);

  step('Patch an input: merge a concept and metadata');
  const patched = (await client.patchInputs([{ id: withConcepts.id, concepts: ['cat'], metadata: { reviewed: true } }], 'merge', { failOnPartial: true })).patched[0]?.input;
  say(`${patched?.id}: concepts ${patched?.data?.concepts.map((c) => `${c.id}=${c.value}`).join(', ')}; metadata ${JSON.stringify(patched?.data?.metadata)}`);

  step('Delete inputs');
  const doomed = [byBytes.id, broken.id];
  await client.deleteInputs(doomed);
  try {
    await client.getInput(byBytes.id);
    say(`${byBytes.id} is still there (deletion is asynchronous on the real service)`);
  } catch (err) {
    say(`deleted ${doomed.join(', ')}; getting ${byBytes.id} now fails: ${(err as Error).message}`);
  }

  step('Bad input gets a clear error that names the input and the problem');
  try {
    // @ts-expect-error two kinds of content in one input do not compile; plain JavaScript gets the error below
    await client.addInputs([
      { id: id('ok'), image: { url: urlA, allowDuplicateUrl: true } },
      { id: id('two-kinds'), image: { url: urlB }, text: { raw: 'and text' } },
    ]);
    say('unexpected: the bad input was accepted');
  } catch (err) {
    say(`${(err as Error).name}: ${(err as Error).message}`);
    say('(checked before sending: nothing of that call was stored)');
  }
  const mixed = await client.addInputs([
    { id: id('fine'), image: { url: urlB, allowDuplicateUrl: true } },
    { id: 'not a valid id!', image: { url: urlC, allowDuplicateUrl: true } },
  ]);
  say(`a batch with one id the service refuses: ${mixed.added.length} added, ${mixed.failed.length} failed (MIXED_STATUS is a result)`);
  for (const f of mixed.failed) say(`  ${JSON.stringify(f.id)}: ${f.statusCodeName} ${f.description}${f.details ? `: ${f.details}` : ''}`);

  return { added: ids.length + mixed.added.length, processed, failedAsExpected, deleted: doomed.length };
}
