import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { jsonSchemaOf } from '@policy-ledger/contracts';
import type { z } from 'zod';

/** OpenAPI query parameters from the same zod object schema that validates the query. */
export function ApiQueryOf(schema: z.ZodObject): MethodDecorator {
  const json = jsonSchemaOf(schema) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) =>
      ApiQuery({
        name,
        required: json.required?.includes(name) ?? false,
        description: typeof property.description === 'string' ? property.description : undefined,
        schema: property,
      }),
    ),
  );
}
