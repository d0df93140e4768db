import type { AppendResult } from '@policy-ledger/event-store';
import type { FastifyReply } from 'fastify';

/** 201 with where the stream is, its new version (also the ETag) and the global position. */
export function created(reply: FastifyReply, location: string, id: string, result: AppendResult) {
  void reply.header('location', location).header('etag', `"${result.version}"`);
  return { id, streamId: result.streamId, version: result.version, position: result.position };
}

/** Splits a creating command's body into the id it names (or a new one) and the event data. */
export function idAndData<Body extends { id?: string }>(body: Body, newId: () => string): { id: string; data: Omit<Body, 'id'> } {
  const { id, ...data } = body;
  return { id: id ?? newId(), data };
}
