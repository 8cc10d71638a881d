/**
 * The storage types a schema field can have. They are Elasticsearch mapping
 * types on purpose: the index templates are generated from these, and the
 * TypeScript input types of the event functions are derived from them.
 */
export type FieldType = 'keyword' | 'text' | 'long' | 'double' | 'date' | 'boolean' | 'object';

export interface FieldDefinition {
  /** Dotted attribute / document field name, e.g. `order.id`. ECS names where ECS has one. */
  readonly name: string;
  readonly type: FieldType;
  readonly description: string;
  /** The field holds a list of values (Elasticsearch has no array type; any field may hold one). */
  readonly array?: boolean;
  /** Allowed values of a keyword field. */
  readonly enum?: readonly string[];
  /** Sub-fields of an `object` field (stored under `<name>.<sub>`). */
  readonly properties?: Readonly<Record<string, FieldDefinition>>;
  /** Part of the Elastic Common Schema, not one of ours. */
  readonly ecs?: boolean;
}

/** JavaScript values accepted for a date field: a Date, an ISO-8601 string or epoch milliseconds. */
export type DateInput = Date | string | number;

type ScalarInput<F extends FieldDefinition> = F['enum'] extends readonly (infer E)[]
  ? E
  : F['type'] extends 'keyword' | 'text'
    ? string
    : F['type'] extends 'long' | 'double'
      ? number
      : F['type'] extends 'boolean'
        ? boolean
        : F['type'] extends 'date'
          ? DateInput
          : F['properties'] extends Readonly<Record<string, FieldDefinition>>
            ? { [K in keyof F['properties']]?: FieldInput<F['properties'][K]> }
            : never;

/** The TypeScript type a caller passes for a field definition. */
export type FieldInput<F extends FieldDefinition> = F['array'] extends true ? ScalarInput<F>[] : ScalarInput<F>;
