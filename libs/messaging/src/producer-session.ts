/** What a producer session needs of a producer. */
export interface SessionProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

/** What a broker answers an idempotent producer whose session (id, epoch, sequence numbers) it no longer agrees with. */
const PRODUCER_STATE_ERRORS = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH']);

/** Whether a kafkajs error (or the error it wraps: retries exceeded, an aggregate) is one of those. */
export function lostProducerState(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { type, originalError, cause, errors } = error as { type?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof type === 'string' && PRODUCER_STATE_ERRORS.has(type)) return true;
  if (Array.isArray(errors) && errors.some((inner) => lostProducerState(inner, depth + 1))) return true;
  return lostProducerState(originalError, depth + 1) || lostProducerState(cause, depth + 1);
}

/**
 * The transport's idempotent producer, connected on first use (a failed connect is tried again
 * next time), and replaced when the broker no longer accepts its sequence numbers.
 *
 * A batch that failed as Kafka went away may have been written anyway; kafkajs then sends the
 * next batch (the relay's retry, now longer) with the same first sequence number, which the broker
 * refuses as out of order, and kafkajs keeps its producer id and sequence numbers across
 * reconnects, so every later send is refused too: the backlog would never be published again
 * (found by the fault suite, Kafka stopped for 30 s under load). A new producer gets a new id and
 * starts its sequences again; what the broker had written of the batch is then on the topic twice
 * (delivery is at least once: consumers deduplicate by ce_id).
 */
export class ProducerSession<P extends SessionProducer> {
  private producer: P;
  private ready: Promise<void> | undefined;

  constructor(
    private readonly create: () => P,
    /** Runs before the first connect of each producer (e.g. the topics exist). */
    private readonly beforeConnect: () => Promise<void>,
    private readonly onRenew: (error: unknown) => void,
  ) {
    this.producer = create();
  }

  /** The producer in use now. */
  get current(): P {
    return this.producer;
  }

  connect(): Promise<void> {
    this.ready ??= (async () => {
      await this.beforeConnect();
      await this.producer.connect();
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /** Runs `work` with the connected producer; on a lost session, starts a new producer before the error goes to the caller, whose retry then goes through. */
  async use(work: (producer: P) => Promise<unknown>): Promise<void> {
    await this.connect();
    const producer = this.producer;
    try {
      await work(producer);
    } catch (error) {
      if (lostProducerState(error) && this.producer === producer) {
        this.onRenew(error);
        this.producer = this.create();
        this.ready = undefined;
        await producer.disconnect().catch(() => undefined);
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
  }
}
