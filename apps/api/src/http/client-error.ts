import type { ConnectionError } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type Problem, problemDocument } from './problem';

/** The problem for what Node's HTTP parser refuses: headers too large, a request too slow, bytes that are not HTTP. */
function problemOfConnection(error: ConnectionError): Problem {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, code: 'headers-too-large', title: 'Request header fields too large', detail: "the request line and headers are larger than the server reads (Node's maxHeaderSize)" };
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, code: 'request-timeout', title: 'Request timeout', detail: 'the request did not arrive in time' };
  }
  return {
    status: 400,
    code: 'invalid-request',
    title: 'The request is not HTTP the server can read',
    detail: error.message,
    errors: [{ field: '(request)', rule: 'invalid_http', message: 'must be a well-formed HTTP/1.1 request' }],
  };
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refuses never reaches a route or
 * the exception filter, and Fastify's default answers it in plain JSON. Answered here as
 * application/problem+json like every other 4xx, then the connection is closed (as Node does).
 */
export function answerClientError(error: ConnectionError, socket: Socket): void {
  // A connection reset: nobody is there to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const problem = problemOfConnection(error);
    const body = JSON.stringify(problemDocument(problem));
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
