import { z } from 'zod';

/** The part of a JSON Schema (OpenAPI 3.0 dialect) the suites read: enough to make an example value. */
export interface JsonSchema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly pattern?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
}

const JsonSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z.object({
    type: z.string().optional(),
    enum: z.array(z.unknown()).optional(),
    format: z.string().optional(),
    pattern: z.string().optional(),
    description: z.string().optional(),
    default: z.unknown().optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    minItems: z.number().optional(),
    properties: z.record(z.string(), JsonSchema).optional(),
    required: z.array(z.string()).optional(),
    items: JsonSchema.optional(),
    anyOf: z.array(JsonSchema).optional(),
    oneOf: z.array(JsonSchema).optional(),
  }),
);

const Parameter = z.object({ name: z.string(), in: z.enum(['path', 'query', 'header', 'cookie']), required: z.boolean().optional(), schema: JsonSchema.optional() });
const OperationObject = z.object({
  operationId: z.string(),
  parameters: z.array(Parameter).default([]),
  requestBody: z.object({ content: z.record(z.string(), z.object({ schema: JsonSchema.optional() })) }).optional(),
});
const Document = z.object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) });

export type Parameter = z.infer<typeof Parameter>;
export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type Method = Uppercase<(typeof METHODS)[number]>;

/** One operation of the OpenAPI document: its method, path template, parameters and request body. */
export interface Operation {
  readonly method: Method;
  /** The path as the document writes it, e.g. `/shipments/{id}/legs`. */
  readonly template: string;
  readonly operationId: string;
  readonly pathParams: readonly Parameter[];
  readonly query: readonly Parameter[];
  readonly headers: readonly Parameter[];
  /** The request body's media type and schema, when it takes one. */
  readonly body?: { readonly contentType: string; readonly schema: JsonSchema };
}

/** Every operation the document describes (GET, POST, PUT, PATCH, DELETE), in document order. */
export function operationsOf(document: unknown): Operation[] {
  const { paths } = Document.parse(document);
  return Object.entries(paths).flatMap(([template, item]) =>
    METHODS.flatMap((method) => {
      if (item[method] === undefined) return [];
      const operation = OperationObject.parse(item[method]);
      const [content] = Object.entries(operation.requestBody?.content ?? {});
      return [
        {
          method: method.toUpperCase() as Method,
          template,
          operationId: operation.operationId,
          pathParams: operation.parameters.filter((parameter) => parameter.in === 'path'),
          query: operation.parameters.filter((parameter) => parameter.in === 'query'),
          headers: operation.parameters.filter((parameter) => parameter.in === 'header'),
          ...(content ? { body: { contentType: content[0], schema: content[1].schema ?? {} } } : {}),
        },
      ];
    }),
  );
}

/** The path of an operation with its parameters put in as given (already encoded, or odd on purpose). */
export function pathOf(operation: Operation, params: Readonly<Record<string, string>>): string {
  return operation.template.replace(/\{([^}]+)\}/g, (_, name: string) => params[name] ?? `{${name}}`);
}

/** The parameters of a concrete path such as `/shipments/kp-ru/legs` when it is one of this operation's, else undefined. */
export function matchPath(operation: Operation, path: string): Record<string, string> | undefined {
  const names = [...operation.template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
  const pattern = new RegExp(`^${operation.template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)')}$`);
  const match = pattern.exec(path);
  return match ? Object.fromEntries(names.map((name, index) => [name, match[index + 1] ?? ''])) : undefined;
}

/**
 * A plain value its schema accepts as far as the schema says (the first enum member, a date for a
 * date, the least number): a starting point for operations no fixture gives a body for.
 */
export function exampleOf(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  const alternative = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (alternative) return exampleOf(alternative);
  switch (schema.type) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((name) => [name, exampleOf(schema.properties?.[name] ?? {})]));
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => exampleOf(schema.items ?? {}));
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return false;
    case 'string':
      if (schema.format === 'date') return '2023-10-13';
      if (schema.format === 'date-time') return '2023-10-13T00:00:00Z';
      if (/ISO 3166/.test(schema.description ?? '')) return 'US';
      if (/ISO 4217/.test(schema.description ?? '')) return 'USD';
      return 'example';
    default:
      return 'example';
  }
}

/** Every property name the schema declares, at any depth: the keys a client might add or leave out. */
export function propertyNamesOf(schema: JsonSchema, into = new Set<string>()): Set<string> {
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    into.add(name);
    propertyNamesOf(property, into);
  }
  for (const nested of [schema.items, ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) if (nested) propertyNamesOf(nested, into);
  return into;
}
