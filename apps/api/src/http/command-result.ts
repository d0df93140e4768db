import type { AppendResult } from '@policy-ledger/event-store';
import type { FastifyReply } from 'fastify';

/** 201 with where the stream is, its new version (also the ETag) and the global position. */
export function created(reply: FastifyReply, location: string, id: string, result: AppendResult) {
  void reply.header('location', location).header('etag', `"${result.version}"`);
  return { id, streamId: result.streamId, version: result.version, position: result.position };
}
