import { eventCatalogue } from '@policy-ledger/contracts';
import { EVENT_TYPES } from './event-types';

describe('the event types the dashboard listens to', () => {
  it('are every type of the contracts catalogue, so no new kind of event goes unseen', () => {
    expect([...EVENT_TYPES].sort()).toEqual(Object.keys(eventCatalogue).sort());
  });
});
