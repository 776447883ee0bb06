import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CliError } from '../../src/cli/cli-error';
import { splitRecord } from '../../src/cli/sources/csv-records';
import type { SourceItem } from '../../src/cli/sources/source-item';
import { csvSource, jsonlSource } from '../../src/cli/sources/table-sources';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sources-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function collect(source: AsyncIterable<SourceItem>): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of source) items.push(item);
  return items;
}

async function failure(source: AsyncIterable<SourceItem>): Promise<CliError> {
  try {
    await collect(source);
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    return err as CliError;
  }
  throw new Error('expected the source to fail');
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('splitRecord', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['"a,b",c', ['a,b', 'c']],
    ['x, "a,b", c', ['x', 'a,b', ' c']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    [',,', ['', '', '']],
  ])('%s', (text, fields) => expect(splitRecord(text)).toEqual(fields));

  it('reports an open quote as unfinished', () => expect(splitRecord('"a,b')).toBeUndefined());
});

describe('csvSource', () => {
  it('reads ids, urls, files, concepts, metadata, dataset ids and geo', async () => {
    const file = write(
      'in.csv',
      'id,url,file,concepts,metadata,dataset_ids,latitude,longitude\n' +
        'a1,http://h/x.jpg,,cat;dog,"{""n"": 1}",d1|d2,40.5,-73.9\n' +
        ',,pics/y.png,,,,,\n',
    );
    const items = await collect(csvSource(file));
    expect(items).toEqual([
      {
        origin: `${file}:2`,
        source: 'in.csv',
        id: 'a1',
        kind: 'image',
        url: 'http://h/x.jpg',
        file: undefined,
        raw: undefined,
        concepts: ['cat', 'dog'],
        metadata: { n: 1 },
        datasetIds: ['d1', 'd2'],
        geo: { latitude: 40.5, longitude: -73.9 },
      },
      { origin: `${file}:3`, source: 'in.csv', key: 'pics/y.png', kind: 'image', url: undefined, file: path.join(dir, 'pics/y.png'), raw: undefined },
    ]);
  });

  it('keeps line numbers right across a quoted line break', async () => {
    const file = write('in.csv', 'text,concepts\n"two\nlines",a\n,b\n');
    const err = await failure(csvSource(file));
    expect(err.message).toBe(`${file}:4: needs one of url, file or text`);
  });

  it('names the line and the field of a bad row', async () => {
    const file = write('in.csv', 'url,metadata\nhttp://h/a.jpg,{}\nhttp://h/b.jpg,{not json\n');
    expect((await failure(csvSource(file))).message).toMatch(new RegExp(`^${file}:3: metadata is not valid JSON`));
  });

  it('names the line with the wrong number of columns', async () => {
    const file = write('in.csv', 'url,id\nhttp://h/a.jpg,a\nhttp://h/b.jpg\n');
    expect((await failure(csvSource(file))).message).toBe(`${file}:3: expected 2 columns, found 1`);
  });

  it('names a missing file', async () => {
    expect((await failure(csvSource(path.join(dir, 'nope.csv')))).message).toMatch(/nope\.csv: cannot read \(ENOENT\)/);
  });
});

describe('jsonlSource', () => {
  it('reads objects, skipping blank lines, with relative files from the file folder', async () => {
    const file = write(
      'in.jsonl',
      '{"id":"t1","text":"hello","concepts":[{"id":"greeting","value":1}]}\n\n' +
        '{"file":"a/b.mp4","negative_concepts":["cat"],"geo":{"latitude":1,"longitude":2}}\n',
    );
    const items = await collect(jsonlSource(file));
    expect(items.map((i) => [i.origin, i.kind, i.id, i.raw, i.file, i.concepts, i.negativeConcepts, i.geo])).toEqual([
      [`${file}:1`, 'text', 't1', 'hello', undefined, [{ id: 'greeting', value: 1 }], undefined, undefined],
      [`${file}:3`, 'video', undefined, undefined, path.join(dir, 'a/b.mp4'), undefined, ['cat'], { latitude: 1, longitude: 2 }],
    ]);
  });

  it.each([
    ['{"url": "http://h/a.jpg"', 'not valid JSON'],
    ['[1,2]', 'expected a JSON object'],
    ['{"url":"http://h/a.jpg","file":"a.jpg"}', 'has url and file: give only one'],
    ['{"url":"http://h/a.jpg","metadata":[1]}', 'metadata must be a JSON object'],
    ['{"url":"http://h/a.jpg","latitude":100,"longitude":0}', 'latitude must be a number between -90 and 90'],
    ['{"url":"http://h/a.jpg","type":"pdf"}', "type 'pdf' is not one of image, video, audio, text"],
    ['{"url":"http://h/a.jpg","concepts":[{"name":"x"}]}', 'concepts[0] must be a concept id or an object with an id'],
  ])('line 2 %s fails with "%s"', async (line, problem) => {
    const file = write('in.jsonl', `{"url":"http://h/ok.jpg"}\n${line}\n`);
    const err = await failure(jsonlSource(file));
    expect(err.message.startsWith(`${file}:2: `)).toBe(true);
    expect(err.message).toContain(problem);
  });
});

describe('misspelled fields stop the run instead of being ignored', () => {
  it('names an unknown CSV column on the header line', async () => {
    const file = write('in.csv', 'id,url,concpets\na,http://h/a.jpg,cat\n');
    expect((await failure(csvSource(file))).message).toMatch(new RegExp(`^${file}:1: unknown column 'concpets' \\(known: id, url`));
  });

  it('names an unknown JSONL key with its line', async () => {
    const file = write('in.jsonl', '{"url":"http://h/a.jpg"}\n{"url":"http://h/b.jpg","metdata":{}}\n');
    expect((await failure(jsonlSource(file))).message).toMatch(new RegExp(`^${file}:2: unknown field 'metdata'`));
  });
});
