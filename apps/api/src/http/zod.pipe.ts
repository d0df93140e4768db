import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { type FieldError, RequestValidationError } from './problem';

/**
 * A field's name in `errors[]`: its path joined with dots, `(root)` for the whole value. A key that
 * is empty or holds a dot is quoted (`sources.0.""`), so that every field has a name to show.
 */
export function fieldOf(path: readonly string[]): string {
  return path.map((key) => (key === '' || key.includes('.') ? JSON.stringify(key) : key)).join('.') || '(root)';
}

export function issuesOf(error: z.ZodError, prefix: readonly string[] = []): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: fieldOf([...path, key]), rule: 'unrecognized_key', message: 'is not a field of this request' }));
    }
    return [{ field: fieldOf(path), rule: issue.code, message: issue.message }];
  });
}

/** Validates a part of a request against its schema; a mismatch is a 400 naming each field. */
export function validate<Schema extends z.ZodType>(schema: Schema, value: unknown, where: RequestValidationError['where'], prefix: readonly string[] = []): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw new RequestValidationError(where, issuesOf(result.error, prefix));
  return result.data;
}

/** The same as a Nest pipe, for a path parameter or a query. */
export class ZodPipe<Schema extends z.ZodType> implements PipeTransform<unknown, z.output<Schema>> {
  constructor(
    private readonly schema: Schema,
    private readonly where: 'query' | 'path',
    private readonly name?: string,
  ) {}

  transform(value: unknown): z.output<Schema> {
    return validate(this.schema, value ?? (this.where === 'query' ? {} : undefined), this.where, this.name ? [this.name] : []);
  }
}
