/**
 * A small in-memory Inputs backend for the peer server, speaking the official (keepCase)
 * message shapes: enough of PostInputs / ListInputs / StreamInputs / GetInput / PatchInputs /
 * DeleteInputs / GetInputCount to exercise a client for real.
 */
const SUCCESS = 10000;
const MIXED_STATUS = 10010;
const FAILURE = 10020;
const CONN_DOES_NOT_EXIST = 11101;
const INPUT_SUCCESS = 30000;
const INPUT_DUPLICATE = 30100;

export type Wire = Record<string, any>;

function status(code: number, description = '', details = ''): Wire {
  return { code, description, details, req_id: `peer-${Math.random().toString(16).slice(2, 10)}` };
}

export class PeerStore {
  readonly inputs = new Map<string, Wire>();
  private nextId = 1;

  postInputs(request: Wire): Wire {
    const out: Wire[] = [];
    let failed = 0;
    for (const given of request.inputs as Wire[]) {
      const id = given.id || `server-${this.nextId++}`;
      if (this.inputs.has(id)) {
        failed++;
        out.push({ ...given, id, status: status(INPUT_DUPLICATE, 'Input already exists', 'Input has a duplicate ID.') });
        continue;
      }
      const now = Date.now();
      const stored = {
        ...given,
        id,
        created_at: { seconds: String(Math.floor(now / 1000)), nanos: (now % 1000) * 1e6 },
        status: status(INPUT_SUCCESS, 'Download complete'),
      };
      this.inputs.set(id, stored);
      out.push(stored);
    }
    const code = failed === 0 ? SUCCESS : failed === out.length ? FAILURE : MIXED_STATUS;
    return { status: status(code), inputs: out };
  }

  listInputs(request: Wire): Wire {
    const perPage = request.per_page || 128;
    const page = request.page || 1;
    const ids: string[] = request.ids ?? [];
    const statusCode: number = request.status?.code ?? 0;
    const all = [...this.inputs.values()].filter(
      (input) => (ids.length === 0 || ids.includes(input.id)) && (statusCode === 0 || input.status.code === statusCode),
    );
    return { status: status(SUCCESS), inputs: all.slice((page - 1) * perPage, page * perPage) };
  }

  streamInputs(request: Wire): Wire {
    const perPage = request.per_page || 20;
    let all = [...this.inputs.values()];
    if (request.order_by_id) all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (request.descending) all.reverse();
    if (request.last_id) all = all.slice(all.findIndex((input) => input.id === request.last_id) + 1);
    return { status: status(SUCCESS), inputs: all.slice(0, perPage) };
  }

  getInput(request: Wire): Wire {
    const input = this.inputs.get(request.input_id);
    return input === undefined ? { status: status(CONN_DOES_NOT_EXIST, 'Resource does not exist') } : { status: status(SUCCESS), input };
  }

  patchInputs(request: Wire): Wire {
    const out: Wire[] = [];
    for (const patch of request.inputs as Wire[]) {
      const stored = this.inputs.get(patch.id);
      if (stored === undefined) return { status: status(CONN_DOES_NOT_EXIST, 'Resource does not exist', patch.id) };
      stored.data = { ...stored.data, concepts: [...(stored.data?.concepts ?? []), ...(patch.data?.concepts ?? [])] };
      out.push(stored);
    }
    return { status: status(SUCCESS), inputs: out };
  }

  deleteInputs(request: Wire): Wire {
    for (const id of request.ids as string[]) this.inputs.delete(id);
    return { status: status(SUCCESS) };
  }

  getInputCount(): Wire {
    return { status: status(SUCCESS), counts: { processed: this.inputs.size, to_process: 0, errors: 0, processing: 0 } };
  }
}
