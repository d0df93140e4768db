import { z } from 'zod';

/**
 * The JSON Schema (OpenAPI 3.0 dialect) of a contract, for the HTTP docs and the AsyncAPI
 * document: generated from the same zod schema that validates, never written by hand.
 */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });
  return json;
}
