import { storedEvents } from '../../../../test/support/stored-events';
import { evolveTimelineEntry } from './timeline.projection';

const fact = { occurredAt: { from: '2023-10-12', precision: 'day' }, sources: [{ publisher: 'KCNA', sourceClass: 'official_statement' }], confidence: 'confirmed', about: [] };
const [threat, statement] = storedEvents({
  'development-warning': { streamType: 'development', events: [{ type: 'ThreatIssued', data: { by: { country: 'KP' }, against: { country: 'US' }, what: 'a nuclear response', trigger: 'a US carrier in Busan', ...fact } }] },
  'development-kirby': { streamType: 'development', events: [{ type: 'StatementIssued', data: { speaker: { name: 'John Kirby', country: 'US' }, kind: 'condemns', target: { country: 'KP' }, summary: 'arms to Russia', ...fact } }] },
});

describe('timeline projection', () => {
  it('summarises a development and names its parties', () => {
    const entry = evolveTimelineEntry(null, threat as never);
    expect(entry).toMatchObject({ id: 'warning', type: 'ThreatIssued', summary: 'KP threatens US with a nuclear response over a US carrier in Busan', parties: [{ country: 'KP' }, { country: 'US' }] });
    expect(evolveTimelineEntry(null, statement as never)?.summary).toBe('John Kirby condemns KP: arms to Russia');
  });

  it('gives the same entry when the event is delivered twice', () => {
    const once = evolveTimelineEntry(null, threat as never);
    expect(evolveTimelineEntry(once, threat as never)).toBe(once);
  });
});
