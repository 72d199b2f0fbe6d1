/**
 * JSON-RPC 2.0 (https://www.jsonrpc.org/specification §4–§6) over {@link NodeHttp}: single and
 * batch calls with id matching and strict reply shapes. A reply must be an object with exactly
 * one of `result` and `error`, the request's `id`, and an `error` that is `{code: integer,
 * message: string, data?}`; a batch reply must answer every id once and no other.
 * A JSON-RPC error reply is an answer: never retried by the transport.
 * @module
 */
import type { NodeHttp } from './http.js';

/** A JSON-RPC error object (§5.1). */
export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** The outcome of one call: its result, its error object, or why the reply is malformed. */
export type JsonRpcOutcome =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: JsonRpcErrorObject }
  | { readonly ok: false; readonly bad: string };

/** One call of a batch. */
export interface JsonRpcCall {
  readonly method: string;
  readonly params: readonly unknown[] | Readonly<Record<string, unknown>>;
}

/** The request object of one call (§4). */
export function jsonRpcRequest(
  id: number,
  method: string,
  params: JsonRpcCall['params']
): { jsonrpc: '2.0'; id: number; method: string; params: JsonRpcCall['params'] } {
  return { jsonrpc: '2.0', id, method, params };
}

/** Check one reply object against the id it must answer (§5). */
export function readJsonRpcReply(v: unknown, id: number): JsonRpcOutcome {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return { ok: false, bad: 'not a JSON-RPC reply to this request' };
  const o = v as Record<string, unknown>;
  if (o.id !== id) return { ok: false, bad: 'not a JSON-RPC reply to this request' };
  const hasResult = 'result' in o;
  const hasError = o.error !== undefined;
  if (hasError && hasResult && o.result !== null)
    return { ok: false, bad: 'reply has both result and error' };
  if (hasError) {
    const e = o.error as Record<string, unknown> | null;
    if (
      typeof e !== 'object' ||
      e === null ||
      !Number.isInteger(e.code) ||
      typeof e.message !== 'string'
    )
      return { ok: false, bad: 'reply has a malformed error object' };
    const error: JsonRpcErrorObject =
      e.data === undefined
        ? { code: e.code as number, message: e.message }
        : { code: e.code as number, message: e.message, data: e.data };
    return { ok: false, error };
  }
  if (!hasResult) return { ok: false, bad: 'reply has neither result nor error' };
  return { ok: true, result: o.result };
}

/**
 * Match a batch reply (§6) to the ids sent, in request order. A reply that is not an array, or
 * that answers an id twice or an id not asked, is malformed as a whole (`bad`); an id left
 * unanswered is malformed for that call only.
 */
export function readJsonRpcBatch(
  v: unknown,
  ids: readonly number[]
): { ok: true; outcomes: JsonRpcOutcome[] } | { ok: false; bad: string } {
  if (!Array.isArray(v)) return { ok: false, bad: 'batch reply is not an array' };
  const asked = new Set(ids);
  const byId = new Map<number, unknown>();
  for (const r of v) {
    const id = (r as { id?: unknown } | null)?.id;
    if (typeof id !== 'number' || !asked.has(id))
      return { ok: false, bad: 'batch reply answers an id that was not asked' };
    if (byId.has(id)) return { ok: false, bad: `batch reply answers id ${id} twice` };
    byId.set(id, r);
  }
  return {
    ok: true,
    outcomes: ids.map((id) =>
      byId.has(id)
        ? readJsonRpcReply(byId.get(id), id)
        : { ok: false, bad: 'the batch reply lacks this call' }
    ),
  };
}

/** A JSON-RPC 2.0 client over one {@link NodeHttp} endpoint (POST to its base URL). */
export class JsonRpcClient {
  private nextId = 1;
  constructor(readonly http: NodeHttp) {}

  /** One call's outcome (throws only for a transport failure or a non-JSON reply). */
  async callSettled(method: string, params: JsonRpcCall['params']): Promise<JsonRpcOutcome> {
    const id = this.nextId++;
    const reply = await this.http.postJson(method, '', jsonRpcRequest(id, method, params));
    return readJsonRpcReply(reply, id);
  }

  /** One call: its result, or a thrown `rpc` / `bad-reply` {@link NodeError}. */
  async call(method: string, params: JsonRpcCall['params']): Promise<unknown> {
    const r = await this.callSettled(method, params);
    if (r.ok) return r.result;
    if ('bad' in r) throw this.http.badReply(method, r.bad);
    throw this.http.error(
      'rpc',
      this.http.endpoint,
      method,
      `[JSON-RPC ${r.error.code}] ${r.error.message.slice(0, 300)}`
    );
  }

  /** One batch request; each call's outcome in order (throws for a malformed batch reply). */
  async batch(calls: readonly JsonRpcCall[]): Promise<JsonRpcOutcome[]> {
    const label = `batch of ${calls.length}`;
    const ids = calls.map(() => this.nextId++);
    const reply = await this.http.postJson(
      label,
      '',
      calls.map((c, i) => jsonRpcRequest(ids[i]!, c.method, c.params))
    );
    const r = readJsonRpcBatch(reply, ids);
    if (!r.ok) throw this.http.badReply(label, r.bad);
    return r.outcomes;
  }
}
