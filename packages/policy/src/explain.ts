/**
 * `explainPolicy`: every parameter of a policy file with its JSON pointer, the label of the rule it
 * belongs to, its value and its provenance — what `kura policy explain` prints.
 * @module
 */
import type { Provenance } from './types.js';

/** One parameter of a policy, for display. */
export interface ParameterRow {
  /** JSON pointer of the parameter in the policy file, e.g. `/custody/coldStorage/minRatio`. */
  readonly pointer: string;
  /** The nearest enclosing `label` (the rule or component the parameter belongs to), if any. */
  readonly context?: string;
  /** The value as text (decimal strings as they are; tables and objects as compact JSON). */
  readonly value: string;
  readonly provenance: Provenance;
  readonly note?: string;
}

/** List every `{ value, provenance }` parameter of a (validated) policy file's JSON. */
export function explainPolicy(json: unknown): ParameterRow[] {
  const rows: ParameterRow[] = [];
  const walk = (v: unknown, ptr: string, context: string | undefined): void => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v[i], `${ptr}/${i}`, context);
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if (Object.hasOwn(o, 'value') && Object.hasOwn(o, 'provenance')) {
      const value = typeof o.value === 'string' ? o.value : JSON.stringify(o.value);
      const row: {
        pointer: string;
        context?: string;
        value: string;
        provenance: Provenance;
        note?: string;
      } = { pointer: ptr, value, provenance: o.provenance as Provenance };
      if (context !== undefined) row.context = context;
      if (typeof o.note === 'string') row.note = o.note;
      rows.push(row);
      return;
    }
    const ctx = typeof o.label === 'string' ? o.label : context;
    for (const k of Object.keys(o))
      walk(o[k], `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, ctx);
  };
  walk(json, '', undefined);
  return rows;
}
