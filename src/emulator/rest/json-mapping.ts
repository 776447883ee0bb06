import { createFileRegistry, fromBinary, fromJson, ScalarType, toBinary, toJson, type DescField, type DescMessage, type DescMethod, type JsonValue } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { DESCRIPTOR_SET_BASE64 } from '../../generated/descriptor-set.pb';
import { V2Service } from '../../generated/clarifai/api/service.pb';
import type { RequestOf, ResponseOf, V2MethodName } from '../server/v2-method-table';

/**
 * protobuf's JSON mapping for the REST gateway, from @bufbuild/protobuf and the descriptors of
 * proto/ (generated). ts-proto's `toJSON` writes camelCase names and its `fromJSON` ignores unknown
 * fields; the REST API writes proto names (`allow_duplicate_url`) and refuses unknown fields.
 * Messages cross between the two libraries as protobuf binary, which both encode exactly.
 */
const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, Buffer.from(DESCRIPTOR_SET_BASE64, 'base64')));

const V2 = registry.getService('clarifai.api.V2');
if (!V2) throw new Error('descriptor-set.pb.ts has no clarifai.api.V2: run make generate');
const V2_DESCRIPTORS = new Map<string, DescMethod>(V2.methods.map((m) => [m.localName, m]));

function descriptorOf(name: V2MethodName): DescMethod {
  const method = V2_DESCRIPTORS.get(name);
  if (!method) throw new Error(`descriptor-set.pb.ts has no V2 method ${name}: run make generate`);
  return method;
}

/** A request body or query that is not a valid request; the message names the field. */
export class JsonMappingError extends Error {
  override readonly name = 'JsonMappingError';
}

/** Fields whose JSON form is not an object of fields (Struct is any JSON, Timestamp a string). */
const isWellKnown = (message: DescMessage) => message.typeName.startsWith('google.protobuf.');

function fieldNamed(message: DescMessage, key: string): DescField | undefined {
  return message.fields.find((f) => f.name === key || f.jsonName === key);
}

/**
 * What lenient senders send and the service accepts, turned into proto3 JSON: `true`/`false`
 * for a float (concept values in older docs and the legacy JS client) become 1/0. `null` needs
 * nothing: proto3 JSON reads it as the default.
 */
function lenient(message: DescMessage, json: unknown): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    const field = fieldNamed(message, key);
    out[key] = field ? lenientField(field, value) : value;
  }
  return out;
}

function lenientField(field: DescField, value: unknown): unknown {
  const one = (v: unknown): unknown => {
    if (field.message && !isWellKnown(field.message)) return lenient(field.message, v);
    if (field.fieldKind === 'scalar' && typeof v === 'boolean' && (field.scalar === ScalarType.DOUBLE || field.scalar === ScalarType.FLOAT)) return v ? 1 : 0;
    return v;
  };
  return field.fieldKind === 'list' && Array.isArray(value) ? value.map(one) : one(value);
}

/** A ts-proto request from REST JSON (proto or camelCase names), or JsonMappingError naming the problem. */
export function requestFromJson<K extends V2MethodName>(name: K, json: unknown): RequestOf<K> {
  const schema = descriptorOf(name).input;
  let bytes: Uint8Array;
  try {
    bytes = toBinary(schema, fromJson(schema, lenient(schema, json) as JsonValue, { ignoreUnknownFields: false }));
  } catch (err) {
    throw new JsonMappingError((err as Error).message.replace(/^\[\w+\] /, ''));
  }
  return V2Service[name].requestDeserialize(Buffer.from(bytes)) as RequestOf<K>;
}

/** REST JSON of a ts-proto response: proto field names, bytes as base64, status codes as numbers. */
export function responseToJson<K extends V2MethodName>(name: K, response: ResponseOf<K>): JsonValue {
  const schema = descriptorOf(name).output;
  const serialize = V2Service[name].responseSerialize as (value: ResponseOf<K>) => Buffer;
  return toJson(schema, fromBinary(schema, serialize(response)), { useProtoFieldName: true, enumAsInteger: true });
}

function boolParameter(key: string, text: string): boolean {
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new JsonMappingError(`query parameter ${JSON.stringify(key)} must be true or false, got ${JSON.stringify(text)}`);
}

/**
 * Query parameters as request JSON, as the REST API reads them: a dotted path names a nested
 * field (`status.code`), a repeated field takes the parameter again (`ids=a&ids=b`), and values
 * are converted by the field's type. An unknown parameter is an error naming it.
 */
export function queryToJson(name: V2MethodName, query: URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, text] of query) {
    let message: DescMessage = descriptorOf(name).input;
    let target = root;
    const path = key.split('.');
    path.forEach((part, i) => {
      const field = fieldNamed(message, part);
      if (!field) throw new JsonMappingError(`unknown query parameter ${JSON.stringify(key)}`);
      const last = i === path.length - 1;
      if (!last) {
        if (!field.message || field.fieldKind !== 'message') throw new JsonMappingError(`query parameter ${JSON.stringify(key)}: ${part} has no fields`);
        message = field.message;
        target = (target[field.name] ??= {}) as Record<string, unknown>;
        return;
      }
      const scalar = field.fieldKind === 'scalar' || field.fieldKind === 'list' ? field.scalar : undefined;
      const isEnum = field.fieldKind === 'enum' || (field.fieldKind === 'list' && field.listKind === 'enum');
      // proto3 JSON takes numbers as strings, but not an enum's number or a bool.
      const value = scalar === ScalarType.BOOL ? boolParameter(key, text) : isEnum && /^\d+$/.test(text) ? Number(text) : text;
      if (field.fieldKind === 'list') ((target[field.name] ??= []) as unknown[]).push(value);
      else target[field.name] = value;
    });
  }
  return root;
}
