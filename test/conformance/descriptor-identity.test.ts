import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import protobuf from 'protobufjs';
import { compareDescriptors } from './compare-descriptors';
import { OFFICIAL_DIR, OFFICIAL_FILES, OUR_FILES, OUR_PROTO_DIR, loadRoot } from './load-descriptors';

const official = loadRoot(OFFICIAL_DIR, OFFICIAL_FILES);

/** Loads our protos from a scratch copy after applying one textual edit to resources.proto. */
function loadEdited(search: string, replacement: string): protobuf.Root {
  const dir = mkdtempSync(path.join(tmpdir(), 'proto-edit-'));
  try {
    cpSync(OUR_PROTO_DIR, dir, { recursive: true });
    const file = path.join(dir, 'clarifai/api/resources.proto');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(search);
    writeFileSync(file, text.replace(search, replacement));
    return loadRoot(dir, OUR_FILES);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('our protos against the official definitions', () => {
  const ours = loadRoot(OUR_PROTO_DIR, OUR_FILES);

  it('declares the V2 service with exactly the eleven Inputs RPCs', () => {
    const service = ours.lookupService('clarifai.api.V2');
    expect(service.methodsArray.map((m) => m.name).sort()).toEqual(
      [
        'CancelInputsAddJob', 'DeleteInput', 'DeleteInputs', 'GetInput', 'GetInputCount', 'GetInputsAddJob',
        'ListInputs', 'ListInputsAddJobs', 'PatchInputs', 'PostInputs', 'StreamInputs',
      ],
    );
  });

  it('matches every message, field, enum value and method by name, number, type and label', () => {
    expect(compareDescriptors(ours, official)).toEqual([]);
  });

  it('carries every status code in the ranges an Inputs client can meet', () => {
    const theirs = official.lookupEnum('clarifai.api.status.StatusCode').values;
    const mine = ours.lookupEnum('clarifai.api.status.StatusCode').values;
    const inRange = (n: number) =>
      (n >= 10000 && n <= 10070) || (n >= 11000 && n <= 11200) || (n >= 30000 && n <= 39999) || (n >= 40000 && n <= 40036);
    const expected = Object.entries(theirs).filter(([, n]) => inRange(n));
    expect(expected.length).toBeGreaterThan(90);
    for (const [name, number] of expected) expect([name, mine[name]]).toEqual([name, number]);
  });

  it('catches a renumbered field', () => {
    const edited = loadEdited('bool allow_duplicate_url = 4;', 'bool allow_duplicate_url = 9;');
    expect(compareDescriptors(edited, official)).toContain('field clarifai.api.Image.allow_duplicate_url: number ours 9, official 4');
  });

  it('catches a retyped field', () => {
    const edited = loadEdited('  float value = 3;', '  double value = 3;');
    expect(compareDescriptors(edited, official)).toContain('field clarifai.api.Concept.value: type ours double, official float');
  });

  it('catches a field that changed its message type or label', () => {
    const edited = loadEdited('repeated string dataset_ids = 7;', 'string dataset_ids = 7;');
    expect(compareDescriptors(edited, official)).toContain('field clarifai.api.Input.dataset_ids: label ours singular, official repeated');
  });
});
