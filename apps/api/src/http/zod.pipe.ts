import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { RequestValidationError } from './problem';

export function issuesOf(error: z.ZodError): { field: string; rule: string; message: string }[] {
  return error.issues.flatMap((issue) => {
    const field = issue.path.map(String).join('.') || '(root)';
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...issue.path.map(String), key].join('.'),
        rule: 'unrecognized_key',
        message: 'is not a field of this request',
      }));
    }
    return [{ field, rule: issue.code, message: issue.message }];
  });
}

/** Validates a request part against its contract schema; a mismatch is a 400 naming each field. */
export class ZodPipe<Schema extends z.ZodType> implements PipeTransform<unknown, z.infer<Schema>> {
  constructor(
    private readonly schema: Schema,
    private readonly where: 'body' | 'query' | 'path' = 'body',
  ) {}

  transform(value: unknown): z.infer<Schema> {
    const result = this.schema.safeParse(value ?? (this.where === 'body' ? undefined : {}));
    if (!result.success) throw new RequestValidationError(this.where, issuesOf(result.error));
    return result.data;
  }
}
