import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CommandExecutor, type CommandRun, type ImportResult } from '@policy-ledger/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Needs, principalOf } from '../http/access';
import { authorize, type CommandRoute, commandOf, commandOptions, parseIfMatch, type RouteTable } from '../http/command-routes';
import { ProblemResponses } from '../http/endpoint';
import { type FieldError, RequestValidationError } from '../http/problem';
import { problemOf } from '../http/problem.filter';
import { issuesOf } from '../http/zod.pipe';
import { commandTables } from '../command-tables';

/** The most lines one import takes; a larger dataset goes in several. */
export const IMPORT_MAX_LINES = 100_000;
/** Commands decided and appended together: one transaction each. */
const CHUNK = 1000;

/** One line of an import: a command as it would be POSTed to its own endpoint. */
const ImportLine = z
  .object({
    path: z.string().startsWith('/', { message: 'must be the path of a command endpoint, e.g. "/shipments"' }).max(300),
    body: z.unknown(),
    ifMatch: z.union([z.number().int().min(0), z.string().max(20)]).optional().describe('the version the line expects its stream at, as If-Match'),
  })
  .strict();

interface Matcher {
  readonly table: RouteTable;
  readonly route: CommandRoute;
  readonly pattern: RegExp;
  readonly params: readonly string[];
}

const matchers: readonly Matcher[] = commandTables.flatMap((table) =>
  table.routes.map((route) => ({
    table,
    route,
    pattern: new RegExp(`^/${route.path.replace(/:[A-Za-z]+/g, '([^/]+)')}$`),
    params: [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] as string),
  })),
);

type Answer = { line: number; status: number } & Record<string, unknown>;

/** A path parameter of a line as its endpoint would read it: percent-decoded, 400 when that is not UTF-8 text. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RequestValidationError('body', [{ field: 'path', rule: 'invalid_url', message: 'must percent-encode UTF-8 text (e.g. %C3%A9, not % alone, %FF or an encoded surrogate)' }]);
  }
}

/**
 * Bulk import: NDJSON commands, each line `{ "path", "body", "ifMatch"? }` with the same path and
 * body as its own endpoint. Validated and decided like them, one after another (a line sees what
 * the lines before it did), appended in transactions of 1,000; answered line by line as NDJSON,
 * each chunk as soon as it is stored, then a summary.
 */
@ApiTags('imports')
@Controller()
export class ImportsController {
  constructor(private readonly commands: CommandExecutor) {}

  @Post('imports')
  @HttpCode(200)
  @ApiOperation({ summary: 'Import many commands at once (NDJSON), each decided like its own endpoint; answered line by line' })
  @ApiConsumes('application/x-ndjson')
  @ApiBody({
    description: 'one command per line: `{"path":"/shipments","body":{...}}`, `{"path":"/shipments/kp-ru/legs","body":{...},"ifMatch":1}`',
    schema: { type: 'string' },
  })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({
    description:
      'one line per command, in order: `{ line, status: 201, id, streamId, version, position, location }` or `{ line, status: 4xx, code, detail, ... }` (the problem its endpoint would answer); then `{ summary: { lines, created, failed, lastPosition } }`',
  })
  @ApiBearerAuth()
  @Needs('reporter')
  @ProblemResponses(400, 401, 403)
  async import(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (typeof request.body !== 'string') {
      throw new RequestValidationError('body', [{ field: '(root)', rule: 'content_type', message: 'must be NDJSON, sent as application/x-ndjson' }]);
    }
    const lines = request.body.split('\n').flatMap((text, index) => (text.trim() === '' ? [] : [{ number: index + 1, text }]));
    if (lines.length > IMPORT_MAX_LINES) {
      throw new RequestValidationError('body', [{ field: '(root)', rule: 'too_big', message: `holds ${lines.length} commands; one import takes at most ${IMPORT_MAX_LINES}` }]);
    }
    const principal = principalOf(request);
    const options = commandOptions(request.headers, principal);
    void reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-cache' });
    const summary = { lines: lines.length, created: 0, failed: 0, lastPosition: 0 };
    try {
      for (let start = 0; start < lines.length; start += CHUNK) {
        const answers = await this.importChunk(lines.slice(start, start + CHUNK), options, request);
        for (const answer of answers) {
          if (answer.status === 201) summary.created += 1;
          else summary.failed += 1;
          if (typeof answer.position === 'number') summary.lastPosition = Math.max(summary.lastPosition, answer.position);
        }
        reply.raw.write(answers.map((answer) => `${JSON.stringify(answer)}\n`).join(''));
      }
      reply.raw.end(`${JSON.stringify({ summary })}\n`);
    } catch (error) {
      // The lines answered so far are stored; the rest are not. Say why, as the last line.
      const answer = problemOf(error)?.problem ?? { status: 503, code: 'import-interrupted', title: 'The import stopped', detail: error instanceof Error ? error.message : String(error) };
      reply.raw.end(`${JSON.stringify({ summary, error: answer })}\n`);
    }
  }

  private async importChunk(lines: readonly { number: number; text: string }[], defaults: ReturnType<typeof commandOptions>, request: FastifyRequest): Promise<Answer[]> {
    const answers: Answer[] = [];
    const runs: CommandRun<unknown>[] = [];
    const pending: { answer: number; table: RouteTable }[] = [];
    for (const { number, text } of lines) {
      try {
        const { run, table } = this.parse(text, defaults, request);
        pending.push({ answer: answers.length, table });
        runs.push(run);
        answers.push({ line: number, status: 0 });
      } catch (error) {
        answers.push({ line: number, ...this.problem(error) });
      }
    }
    const results: ImportResult[] = runs.length > 0 ? await this.commands.importAll(runs, { chunkSize: CHUNK }) : [];
    results.forEach((result, index) => {
      const { answer, table } = pending[index] as { answer: number; table: RouteTable };
      const line = (answers[answer] as Answer).line;
      const id = (runs[index] as CommandRun<unknown>).id;
      answers[answer] = result.ok
        ? { line, status: 201, id, streamId: result.result.streamId, version: result.result.version, position: result.result.position, location: table.location(id) }
        : { line, ...this.problem(result.error) };
    });
    return answers;
  }

  /** A line as the bus message of its endpoint's use case: 400 for a line that is not JSON, names no endpoint, or whose body is invalid. */
  private parse(text: string, defaults: ReturnType<typeof commandOptions>, request: FastifyRequest): { run: CommandRun<unknown>; table: RouteTable } {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new RequestValidationError('body', [{ field: '(root)', rule: 'invalid_json', message: 'this line is not JSON' }]);
    }
    const parsed = ImportLine.safeParse(json);
    if (!parsed.success) throw new RequestValidationError('body', issuesOf(parsed.error));
    const { path, body, ifMatch } = parsed.data;
    for (const matcher of matchers) {
      const match = matcher.pattern.exec(path);
      if (!match) continue;
      const params = Object.fromEntries(matcher.params.map((name, index) => [name, decodePathSegment(match[index + 1] ?? '')]));
      const options = ifMatch === undefined ? defaults : { ...defaults, expectedVersion: parseIfMatch(String(ifMatch)) };
      const errors: FieldError[] = [];
      try {
        const run = commandOf(matcher.route, params, body, options);
        authorize(matcher.route, run, request);
        return { run, table: matcher.table };
      } catch (error) {
        if (!(error instanceof RequestValidationError)) throw error;
        errors.push(...error.errors.map((field) => ({ ...field, field: field.field === '(root)' ? 'body' : `body.${field.field}` })));
        throw new RequestValidationError('body', errors);
      }
    }
    throw new RequestValidationError('body', [{ field: 'path', rule: 'unknown_endpoint', message: `names no command endpoint: ${path}` }]);
  }

  private problem(error: unknown): Record<string, unknown> & { status: number } {
    const answer = problemOf(error);
    if (answer) return answer.problem;
    throw error;
  }
}
