import type { V2MethodName } from '../server/v2-method-table';

/**
 * The REST bindings of the V2 methods, as the `google.api.http` options of the official service
 * definition give them: each path also exists under `/v2/users/{user_id}/apps/{app_id}`. `body`
 * says whether the request is read from a JSON body (`body: "*"`) or from the query.
 */
interface Binding {
  verb: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** After `/v2`; `{name}` is one path segment bound to that request field. */
  path: string;
  method: V2MethodName;
  body: boolean;
}

const BINDINGS: readonly Binding[] = [
  { verb: 'POST', path: '/inputs', method: 'postInputs', body: true },
  { verb: 'GET', path: '/inputs', method: 'listInputs', body: false },
  { verb: 'GET', path: '/inputs/stream', method: 'streamInputs', body: false },
  { verb: 'GET', path: '/inputs/status', method: 'getInputCount', body: false },
  { verb: 'GET', path: '/inputs/{input_id}', method: 'getInput', body: false },
  { verb: 'PATCH', path: '/inputs', method: 'patchInputs', body: true },
  { verb: 'DELETE', path: '/inputs/{input_id}', method: 'deleteInput', body: false },
  { verb: 'DELETE', path: '/inputs', method: 'deleteInputs', body: true },
  { verb: 'GET', path: '/inputs/jobs/add', method: 'listInputsAddJobs', body: false },
  { verb: 'GET', path: '/inputs/jobs/add/{id}', method: 'getInputsAddJob', body: false },
  { verb: 'PATCH', path: '/inputs/jobs/add/{id}', method: 'cancelInputsAddJob', body: true },
];

export interface RouteMatch {
  binding: Binding;
  /** Request fields bound from the path, as request JSON (`user_app_id`, `input_id`). */
  fields: Record<string, unknown>;
}

export type RouteResult = { found: RouteMatch } | { wrongVerb: string[] } | { notFound: true };

const APP_PREFIX = /^\/v2\/users\/([^/]+)\/apps\/([^/]+)(\/.*)$/;

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith('{')) {
      if (g === '') return undefined;
      params[w.slice(1, -1)] = decodeURIComponent(g);
    } else if (w !== g) return undefined;
  }
  return params;
}

/**
 * The binding for `verb path`. Literal segments win over `{input_id}` (`/inputs/status` is
 * GetInputCount, not GetInput of an input called "status"), as in the official gateway.
 */
export function route(verb: string, pathname: string): RouteResult {
  let rest: string;
  const fields: Record<string, unknown> = {};
  const scoped = APP_PREFIX.exec(pathname);
  if (scoped) {
    fields.user_app_id = { user_id: decodeURIComponent(scoped[1] as string), app_id: decodeURIComponent(scoped[2] as string) };
    rest = scoped[3] as string;
  } else if (pathname.startsWith('/v2/')) {
    rest = pathname.slice(3);
  } else {
    return { notFound: true };
  }
  const matches = BINDINGS.map((binding) => ({ binding, params: matchPath(binding.path, rest) })).filter((m) => m.params !== undefined);
  const literalFirst = [...matches].sort((a, b) => Number(a.binding.path.includes('{')) - Number(b.binding.path.includes('{')));
  const bestPath = literalFirst[0]?.binding.path;
  const samePath = literalFirst.filter((m) => m.binding.path === bestPath);
  const hit = samePath.find((m) => m.binding.verb === verb);
  if (hit) return { found: { binding: hit.binding, fields: { ...fields, ...hit.params } } };
  if (samePath.length > 0) return { wrongVerb: samePath.map((m) => m.binding.verb) };
  return { notFound: true };
}
