/**
 * JSON Schema (draft 2020-12) from a declared {@link Shape}: what the shape checks, less its
 * semantic checks (those JSON Schema cannot express). Kept apart from the validators so code
 * that only validates does not carry it.
 * @module
 */
import type { JsonValue } from './jcs.js';
import type { Shape, ShapeDef } from './shape.js';

/** A JSON Schema as a plain object. */
export type JsonSchema = { [key: string]: JsonValue };

/** The JSON Schema of a shape's declaration (no `$schema`/`$id`; see {@link toJsonSchema}). */
export function schemaOf(def: ShapeDef): JsonSchema {
  switch (def.t) {
    case 'str':
      return {
        ...(def.description ? { description: def.description } : {}),
        type: 'string',
        ...(def.min > 0 ? { minLength: def.min } : {}),
        ...(def.max !== undefined ? { maxLength: def.max } : {}),
        ...(def.pattern ? { pattern: def.pattern.source } : {}),
      };
    case 'const':
      return { const: def.value };
    case 'enum':
      return { enum: [...def.values] };
    case 'bool':
      return { type: 'boolean' };
    case 'int':
      return { type: 'integer', minimum: def.min, maximum: def.max };
    case 'hex':
      return {
        type: 'string',
        pattern:
          def.lo === def.hi ? `^[0-9a-f]{${def.lo * 2}}$` : `^([0-9a-f]{2}){${def.lo},${def.hi}}$`,
      };
    case 'amount':
      return {
        type: 'string',
        pattern: '^(0|[1-9][0-9]*)$',
        ...(def.maxDigits !== undefined ? { maxLength: def.maxDigits } : {}),
      };
    case 'decimal':
      return def.signed
        ? {
            type: 'string',
            pattern: '^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$',
            not: { pattern: '^-0(\\.0+)?$' },
            maxLength: def.max,
          }
        : { type: 'string', pattern: '^(0|[1-9][0-9]*)(\\.[0-9]+)?$', maxLength: def.max };
    case 'nullable':
      return { oneOf: [{ type: 'null' }, schemaOf(def.inner.def)] };
    case 'record':
      return {
        type: 'object',
        ...(def.key ? { propertyNames: schemaOf(def.key.def) } : {}),
        additionalProperties: schemaOf(def.value.def),
      };
    case 'arr':
      return {
        type: 'array',
        ...(def.min > 0 ? { minItems: def.min } : {}),
        ...(def.max !== undefined ? { maxItems: def.max } : {}),
        items: schemaOf(def.item.def),
      };
    case 'anyOf':
      return { anyOf: def.options.map((o) => schemaOf(o.def)) };
    case 'any':
      return def.description ? { description: def.description } : {};
    case 'obj':
      return {
        ...(def.description ? { description: def.description } : {}),
        type: 'object',
        properties: Object.fromEntries(def.members.map(([k, s]) => [k, schemaOf(s.def)])),
        ...(def.required > 0
          ? { required: def.members.slice(0, def.required).map(([k]) => k) }
          : {}),
        ...(def.open ? {} : { additionalProperties: false }),
      };
  }
}

/** The JSON Schema document of `shape`, with `$schema`, `$id` and `title`. */
export function toJsonSchema(
  shape: Shape<unknown>,
  meta: { id: string; title?: string }
): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: meta.id,
    ...(meta.title ? { title: meta.title } : {}),
    ...schemaOf(shape.def),
  };
}
