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

/** A line of the body: its number (from 1, blank lines counted) and where its bytes are. */
interface Line {
  readonly number: number;
  readonly start: number;
  readonly end: number;
}

/** A chunk of lines, read: the answers so far (status 0 where a run waits for the executor), the runs, and which answer each run fills. */
interface ParsedChunk {
  readonly answers: Answer[];
  readonly runs: CommandRun<unknown>[];
  readonly pending: readonly { answer: number; table: RouteTable }[];
}

const NEWLINE = 0x0a;
/** Bytes of ASCII white space (space, tab, CR): a line of only these is blank. */
const BLANK = new Set([0x20, 0x09, 0x0d]);

/**
 * The lines of an NDJSON body that are not blank, as byte ranges: the body stays one buffer, and
 * a line becomes text only when its chunk is read. (A byte 0x0a never occurs inside a UTF-8
 * sequence, so lines split on bytes as they would on text.)
 */
function ndjsonLines(body: Buffer): Line[] {
  const lines: Line[] = [];
  for (let start = 0, number = 1; start <= body.length; number++) {
    const newline = body.indexOf(NEWLINE, start);
    const end = newline < 0 ? body.length : newline;
    if (!isBlank(body, start, end)) lines.push({ number, start, end });
    start = end + 1;
  }
  return lines;
}

function isBlank(body: Buffer, start: number, end: number): boolean {
  let ascii = true;
  for (let at = start; at < end; at++) {
    const byte = body[at] as number;
    if (byte >= 0x80) ascii = false;
    else if (!BLANK.has(byte)) return false;
  }
  // Other white space (a no-break space, say) is blank too, as String.trim has it.
  return ascii || body.toString('utf8', start, end).trim() === '';
}

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
 * the lines before it did), appended in transactions of 1,000 (the next chunk read and decided
 * while one is stored); answered line by line as NDJSON, each chunk as soon as it is stored, then
 * a summary.
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
    if (!Buffer.isBuffer(request.body)) {
      throw new RequestValidationError('body', [{ field: '(root)', rule: 'content_type', message: 'must be NDJSON, sent as application/x-ndjson' }]);
    }
    const body = request.body;
    const lines = ndjsonLines(body);
    if (lines.length > IMPORT_MAX_LINES) {
      throw new RequestValidationError('body', [{ field: '(root)', rule: 'too_big', message: `holds ${lines.length} commands; one import takes at most ${IMPORT_MAX_LINES}` }]);
    }
    const options = commandOptions(request.headers, principalOf(request));
    void reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-cache' });
    const summary = { lines: lines.length, created: 0, failed: 0, lastPosition: 0 };
    // A chunk's lines are read when the executor asks for it (while the chunk before is stored),
    // and answered, in order, once it reports the chunk stored.
    const read: ParsedChunk[] = [];
    const parseChunk = (from: number) => this.parseChunk(body, lines.slice(from, from + CHUNK), options, request);
    const chunks = (function* () {
      for (let from = 0; from < lines.length; from += CHUNK) {
        const chunk = parseChunk(from);
        read.push(chunk);
        yield chunk.runs;
      }
    })();
    const answer = (results: readonly ImportResult[]) => {
      const answers = this.answersOf(read.shift() as ParsedChunk, results);
      for (const line of answers) {
        if (line.status === 201) summary.created += 1;
        else summary.failed += 1;
        if (typeof line.position === 'number') summary.lastPosition = Math.max(summary.lastPosition, line.position);
      }
      reply.raw.write(answers.map((line) => `${JSON.stringify(line)}\n`).join(''));
    };
    try {
      await this.commands.importAll(chunks, answer);
      reply.raw.end(`${JSON.stringify({ summary })}\n`);
    } catch (error) {
      // The lines answered so far are stored; the rest are not. Say why, as the last line.
      const problem = problemOf(error)?.problem ?? { status: 503, code: 'import-interrupted', title: 'The import stopped', detail: error instanceof Error ? error.message : String(error) };
      reply.raw.end(`${JSON.stringify({ summary, error: problem })}\n`);
    }
  }

  /** A chunk's lines as use case runs; a line that is not a valid command is answered at once. */
  private parseChunk(body: Buffer, lines: readonly Line[], defaults: ReturnType<typeof commandOptions>, request: FastifyRequest): ParsedChunk {
    const answers: Answer[] = [];
    const runs: CommandRun<unknown>[] = [];
    const pending: { answer: number; table: RouteTable }[] = [];
    for (const { number, start, end } of lines) {
      try {
        const { run, table } = this.parse(body.toString('utf8', start, end), defaults, request);
        pending.push({ answer: answers.length, table });
        runs.push(run);
        answers.push({ line: number, status: 0 });
      } catch (error) {
        answers.push({ line: number, ...this.problem(error) });
      }
    }
    return { answers, runs, pending };
  }

  /** A chunk's answers, line by line: each run's result where it waited. */
  private answersOf({ answers, runs, pending }: ParsedChunk, results: readonly ImportResult[]): Answer[] {
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
