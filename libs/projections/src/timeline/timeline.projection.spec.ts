import type { StoredEvent } from '@policy-ledger/contracts';
import { storedEvents } from '@policy-ledger/testing';
import { evolveTimelineEntry } from './timeline.projection';

const fact = { occurredAt: { from: '2023-10-12', precision: 'day' }, sources: [{ publisher: 'KCNA', sourceClass: 'official_statement' }], confidence: 'confirmed', about: [] };
const [threat, statement] = storedEvents({
  'development-warning': { streamType: 'development', events: [{ type: 'ThreatIssued', data: { by: { country: 'KP' }, against: { country: 'US' }, what: 'a nuclear response', trigger: 'a US carrier in Busan', ...fact } }] },
  'development-kirby': { streamType: 'development', events: [{ type: 'StatementIssued', data: { speaker: { name: 'John Kirby', country: 'US' }, kind: 'condemns', target: { country: 'KP' }, summary: 'arms to Russia', ...fact } }] },
}) as [StoredEvent, StoredEvent];

describe('timeline projection', () => {
  it('summarises a development and names its parties', () => {
    const entry = evolveTimelineEntry(null, threat);
    expect(entry).toMatchObject({ id: 'warning', type: 'ThreatIssued', summary: 'KP threatens US with a nuclear response over a US carrier in Busan', parties: [{ country: 'KP' }, { country: 'US' }] });
    expect(evolveTimelineEntry(null, statement)?.summary).toBe('John Kirby condemns KP: arms to Russia');
  });

  it('gives the same entry when the event is delivered twice', () => {
    const once = evolveTimelineEntry(null, threat);
    expect(evolveTimelineEntry(once, threat)).toBe(once);
  });
});
