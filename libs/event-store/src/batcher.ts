/**
 * Coalesces concurrent calls into batches: what is asked while one batch is in flight goes out
 * together in the next, at most `maxBatch` at a time, one batch at a time. A lone call goes at
 * once: batching adds no wait, it only fills the time spent waiting for the database anyway.
 * `run` answers each item of a batch (in order), or throws, which fails the whole batch.
 */
export class Batcher<Item, Answer> {
  private waiting: { item: Item; resolve: (answer: Answer) => void; reject: (error: unknown) => void }[] = [];
  private running = false;

  constructor(
    private readonly run: (items: readonly Item[]) => Promise<readonly Answer[]>,
    private readonly maxBatch: number,
  ) {}

  submit(item: Item): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        try {
          const answers = await this.run(batch.map(({ item }) => item));
          batch.forEach(({ resolve }, index) => resolve(answers[index] as Answer));
        } catch (error) {
          for (const { reject } of batch) reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
