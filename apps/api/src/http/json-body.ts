import type { FastifyBodyParser, FastifyInstance, RawServerDefault } from 'fastify';
import { RequestValidationError } from './problem';
import { refusalOf } from './problem.filter';

/** How deep arrays and objects may nest in a body: every command is a few levels deep. */
export const MAX_JSON_DEPTH = 32;

/**
 * How deep the arrays and objects of a JSON text nest, counted without parsing (and without
 * recursion): brackets inside strings do not count. Stops counting past `limit`.
 */
export function nestingOf(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length && deepest <= limit; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth--;
  }
  return deepest;
}

/**
 * The parser of `application/json` bodies: Fastify's own (which refuses a `__proto__` or
 * `constructor.prototype` key), after a bound on nesting (a body 100,000 arrays deep parses, then
 * overflows the stack of whatever walks it), its refusals as the 400s naming the rule that every
 * other invalid body gets.
 */
export function jsonBodyParser(fastify: FastifyInstance): FastifyBodyParser<Buffer, RawServerDefault> {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    const text = body.toString('utf8');
    if (nestingOf(text) > MAX_JSON_DEPTH) {
      done(new RequestValidationError('body', [{ field: '(root)', rule: 'too_deep', message: `must nest arrays and objects at most ${MAX_JSON_DEPTH} deep` }]), undefined);
      return;
    }
    parse(request, text, (error, value) => done(error && (refusalOf(error) ?? error), value));
  };
}
