/** One event of a text/event-stream, as a browser's EventSource would dispatch it. */
export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
}

/** Parses a text/event-stream incrementally (the WHATWG rules the ledger's streams use). */
export class SseParser {
  private buffer = '';
  private fields: { id?: string; event?: string; data: string[] } = { data: [] };
  comments = 0;

  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const messages: SseMessage[] = [];
    for (let end = this.buffer.indexOf('\n'); end >= 0; end = this.buffer.indexOf('\n')) {
      const line = this.buffer.slice(0, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      if (line === '') {
        if (this.fields.data.length > 0) messages.push({ id: this.fields.id, event: this.fields.event ?? 'message', data: this.fields.data.join('\n') });
        this.fields = { data: [] };
      } else if (line.startsWith(':')) {
        this.comments += 1;
      } else {
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'data') this.fields.data.push(value);
        else if (name === 'id' || name === 'event') this.fields[name] = value;
      }
    }
    return messages;
  }
}

/**
 * Connects to an SSE endpoint with Node's fetch and hands each message to `onMessage` until it
 * returns true or `until` holds after a chunk (then disconnects), the server ends the stream, or the
 * timeout passes.
 */
export async function readSse(
  url: string,
  onMessage: (message: SseMessage, parser: SseParser) => boolean,
  options: { lastEventId?: string; timeoutMs?: number; onOpen?: (response: Response) => void; until?: (parser: SseParser) => boolean } = {},
): Promise<{ status: number; parser: SseParser }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs ?? 20_000);
  const parser = new SseParser();
  try {
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream', ...(options.lastEventId === undefined ? {} : { 'last-event-id': options.lastEventId }) },
      signal: abort.signal,
    });
    options.onOpen?.(response);
    if (!response.ok || !response.body) return { status: response.status, parser };
    const decoder = new TextDecoder();
    for await (const chunk of response.body) {
      for (const message of parser.push(decoder.decode(chunk as Uint8Array, { stream: true }))) {
        if (onMessage(message, parser)) return { status: response.status, parser };
      }
      if (options.until?.(parser)) return { status: response.status, parser };
    }
    return { status: response.status, parser };
  } catch (error) {
    if (abort.signal.aborted) throw new Error(`no more SSE messages from ${url} within the timeout`, { cause: error });
    throw error;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
