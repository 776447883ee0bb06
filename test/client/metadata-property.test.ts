/** Property: any plain JSON object passes the metadata check and survives the wire unchanged. */
import fc from 'fast-check';
import { PostInputsRequest } from '../../src/grpc';
import { findMetadataProblem } from '../../src/client/inputs/json-metadata';
import { toProtoInput } from '../../src/client/inputs/to-proto-input';
import type { JsonObject } from '../../src';

// "__proto__" is refused by name (metadata-edge-cases.test.ts), so the properties use other keys.
const key = fc.string().filter((k) => k !== '__proto__');
const jsonObject = fc.dictionary(key, fc.jsonValue({ maxDepth: 4, noUnicodeString: false }), { maxKeys: 6 })
  .filter((m) => !JSON.stringify(m).includes('"__proto__"')) as fc.Arbitrary<JsonObject>;

test('plain JSON metadata is accepted and round-trips through the wire format', async () => {
  await fc.assert(
    fc.asyncProperty(jsonObject, async (metadata) => {
      expect(findMetadataProblem(metadata)).toBeUndefined();
      const input = await toProtoInput({ text: { raw: 'x' }, metadata }, 'id', 0);
      const decoded = PostInputsRequest.decode(PostInputsRequest.encode({ userAppId: undefined, inputs: [input], inputsAddJobId: '', inputIdConflictResolution: 0 }).finish());
      // JSON's own view of the value is what a Struct can hold (-0 reads back as 0)
      expect(JSON.stringify(decoded.inputs[0]!.data!.metadata)).toEqual(JSON.stringify(metadata));
    }),
    { numRuns: 200 },
  );
});

test('one non-JSON value anywhere is found, with its path', () => {
  const bad = fc.constantFrom<unknown>(Number.NaN, Infinity, -Infinity, 1n, () => 0, new Date(0), undefined, Symbol('s'), new Map());
  fc.assert(
    fc.property(jsonObject, fc.string({ minLength: 1 }).filter((k) => k !== '__proto__'), bad, (metadata, key, value) => {
      const withBad = { ...metadata, nested: { list: [1, { [key]: value }] } };
      const problem = findMetadataProblem(withBad);
      expect(problem?.path).toBe(`metadata.nested.list[1]${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`);
    }),
    { numRuns: 200 },
  );
});
