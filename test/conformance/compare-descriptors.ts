import protobuf from 'protobufjs';

/**
 * Checks that every message, field, enum value, service and method declared in `ours` exists in
 * `official` under the same fully qualified name, with the same number, type, label and type
 * name. Returns one line per difference; an empty list means ours is a faithful subset.
 */
export function compareDescriptors(ours: protobuf.Root, official: protobuf.Root): string[] {
  const problems: string[] = [];
  for (const ns of walk(ours)) {
    const name = ns.fullName.replace(/^\./, '');
    if (name.startsWith('google.')) continue;
    const theirs = official.lookup(ns.fullName);
    if (ns instanceof protobuf.Type) {
      if (!(theirs instanceof protobuf.Type)) {
        problems.push(`message ${name}: not a message in the official definitions`);
        continue;
      }
      for (const field of ns.fieldsArray) problems.push(...compareField(name, field, theirs.fields[field.name]));
    } else if (ns instanceof protobuf.Enum) {
      if (!(theirs instanceof protobuf.Enum)) {
        problems.push(`enum ${name}: not an enum in the official definitions`);
        continue;
      }
      for (const [valueName, number] of Object.entries(ns.values)) {
        const official = theirs.values[valueName];
        if (official !== number) problems.push(`enum value ${name}.${valueName}: ours ${number}, official ${official ?? 'missing'}`);
      }
    } else if (ns instanceof protobuf.Service) {
      if (!(theirs instanceof protobuf.Service)) {
        problems.push(`service ${name}: not a service in the official definitions`);
        continue;
      }
      for (const method of ns.methodsArray) problems.push(...compareMethod(name, method, theirs.methods[method.name]));
    }
  }
  return problems;
}

function compareField(owner: string, ours: protobuf.Field, theirs: protobuf.Field | undefined): string[] {
  const where = `field ${owner}.${ours.name}`;
  if (!theirs) return [`${where}: missing in the official definitions`];
  const problems: string[] = [];
  const pairs: [string, unknown, unknown][] = [
    ['number', ours.id, theirs.id],
    ['type', typeName(ours), typeName(theirs)],
    ['label', label(ours), label(theirs)],
    ['map key', mapKey(ours), mapKey(theirs)],
  ];
  for (const [what, a, b] of pairs) if (a !== b) problems.push(`${where}: ${what} ours ${String(a)}, official ${String(b)}`);
  return problems;
}

function compareMethod(owner: string, ours: protobuf.Method, theirs: protobuf.Method | undefined): string[] {
  const where = `rpc ${owner}.${ours.name}`;
  if (!theirs) return [`${where}: missing in the official definitions`];
  const problems: string[] = [];
  const pairs: [string, unknown, unknown][] = [
    ['request', ours.resolvedRequestType?.fullName, theirs.resolvedRequestType?.fullName],
    ['response', ours.resolvedResponseType?.fullName, theirs.resolvedResponseType?.fullName],
    ['request streaming', Boolean(ours.requestStream), Boolean(theirs.requestStream)],
    ['response streaming', Boolean(ours.responseStream), Boolean(theirs.responseStream)],
  ];
  for (const [what, a, b] of pairs) if (a !== b) problems.push(`${where}: ${what} ours ${String(a)}, official ${String(b)}`);
  return problems;
}

function typeName(field: protobuf.Field): string {
  return field.resolvedType ? field.resolvedType.fullName : field.type;
}

function mapKey(field: protobuf.Field): string | undefined {
  return field instanceof protobuf.MapField ? field.keyType : undefined;
}

function label(field: protobuf.Field): string {
  if (field.map) return 'map';
  if (field.repeated) return 'repeated';
  return field.options?.['proto3_optional'] ? 'optional' : 'singular';
}

function* walk(ns: protobuf.NamespaceBase): Generator<protobuf.ReflectionObject> {
  for (const child of ns.nestedArray) {
    yield child;
    if (child instanceof protobuf.Namespace || child instanceof protobuf.Type) yield* walk(child);
  }
}
