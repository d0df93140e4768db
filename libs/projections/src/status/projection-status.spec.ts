import { projectionStatus, type StatusRow } from './projection-status';

const caughtUp: StatusRow = {
  name: 'negotiations-board',
  position: 42,
  failure: null,
  failurePosition: null,
  failingSince: null,
  deadLetters: 0,
  firstDeadLetter: null,
  oldestUnappliedAgeSeconds: null,
  rebuild: null,
};

describe('projection status', () => {
  it('is live with no lag when the checkpoint is at the head', () => {
    expect(projectionStatus(caughtUp, 42)).toEqual({
      name: 'negotiations-board',
      position: 42,
      head: 42,
      lag: { events: 0, seconds: 0 },
      state: 'live',
      deadLetters: 0,
    });
  });

  it('lags by the events after the checkpoint and the age of the oldest of them', () => {
    expect(projectionStatus({ ...caughtUp, oldestUnappliedAgeSeconds: 2.34567 }, 50).lag).toEqual({ events: 8, seconds: 2.346 });
  });

  it('is failed with the reason while the event after its checkpoint fails', () => {
    const status = projectionStatus({ ...caughtUp, failure: 'boom', failurePosition: 43, failingSince: '2023-10-13T00:00:00.000Z' }, 50);
    expect(status).toMatchObject({ state: 'failed', failingSince: '2023-10-13T00:00:00.000Z' });
    expect(status.reason).toContain('position 43');
    expect(status.reason).toContain('boom');
  });

  it('forgets a failure once the checkpoint has passed the event', () => {
    expect(projectionStatus({ ...caughtUp, failure: 'boom', failurePosition: 40 }, 42).state).toBe('live');
  });

  it('is failed, saying how many, while dead letters wait for a replay', () => {
    const status = projectionStatus({ ...caughtUp, deadLetters: 2, firstDeadLetter: 7 }, 42);
    expect(status).toMatchObject({ state: 'failed', deadLetters: 2, lag: { events: 0, seconds: 0 } });
    expect(status.reason).toBe(
      '2 dead-lettered events (first at position 7) missing from the read model; after a fix: npm run projections:replay-dead-letters -- negotiations-board',
    );
  });

  it('is rebuilding with its progress while a rebuild runs', () => {
    const status = projectionStatus({ ...caughtUp, rebuild: { position: 250, target: 1000, eventsPerSecond: 50 } }, 42);
    expect(status).toMatchObject({ state: 'rebuilding', rebuild: { position: 250, target: 1000, percent: 25, eventsPerSecond: 50, etaSeconds: 15 } });
  });
});
