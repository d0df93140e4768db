import { decodeEvent } from '@policy-ledger/contracts';
import { given } from '@policy-ledger/testing';
import { type DevelopmentCommand, developmentDecider } from './developments.decider';

const fact = { occurredAt: { from: '2023-10-12', precision: 'day' as const }, sources: [{ publisher: 'KCNA', sourceClass: 'official_statement' as const }], confidence: 'confirmed' as const, about: [] };
const sanctions = { authority: { country: 'US' }, targets: [{ name: 'arms brokers' }], reason: 'arms deals', ...fact };
const commands: [DevelopmentCommand, unknown][] = [
  [{ type: 'RecordStatement', data: { speaker: { name: 'John Kirby', country: 'US' }, kind: 'condemns', target: { country: 'KP' }, summary: 'condemns the transfer', ...fact } }, 'StatementIssued'],
  [{ type: 'RecordSanctions', data: { action: 'imposed', ...sanctions } }, { type: 'SanctionsImposed', data: { ...sanctions, targets: { named: [{ name: 'arms brokers' }] } } }],
  [{ type: 'RecordSanctions', data: { action: 'lifted', ...sanctions } }, { type: 'SanctionsLifted', data: { ...sanctions, targets: { named: [{ name: 'arms brokers' }] } } }],
  [{ type: 'RecordTechnologyRequest', data: { seeker: { country: 'KP' }, provider: { country: 'RU' }, items: ['fighter aircraft'], ...fact } }, 'TechnologyTransferSought'],
  [{ type: 'RecordMeeting', data: { participants: [{ name: 'Kim Jong Un' }, { name: 'Vladimir Putin' }], place: 'Russia', topics: [], outcomes: [], ...fact } }, 'MeetingHeld'],
  [{ type: 'RecordThreat', data: { by: { country: 'KP' }, against: { country: 'US' }, what: 'a nuclear response', ...fact } }, 'ThreatIssued'],
];

describe('development decider', () => {
  it.each(commands)('records $type as one event', (command, expected) => {
    const decided = given(developmentDecider, [], undefined).when(command).decided();
    expect(decided).toEqual([typeof expected === 'string' ? { type: expected, data: command.data } : expected]);
  });

  it.each(commands)('refuses to record $type under an id that exists', (command) => {
    const past = developmentDecider.decide(command, developmentDecider.initialState, undefined);
    given(developmentDecider, past, undefined).when(command).thenThrows(expect.objectContaining({ code: 'development.already-recorded', kind: 'conflict' }));
  });

  describe('sanctions, version 2 of their events', () => {
    const counted = { action: 'imposed' as const, authority: { country: 'US' }, targets: [], targetCount: { value: 500, qualifier: 'at_least' as const }, reason: 'support for the war', ...fact };

    it('takes a count of targets where sources give no list ("more than 500 targets"), without changing the command for those that list them', () => {
      const [event] = given(developmentDecider, [], undefined).when({ type: 'RecordSanctions', data: counted }).decided();
      expect(event).toEqual({ type: 'SanctionsImposed', data: expect.objectContaining({ targets: { named: [], count: { value: 500, qualifier: 'at_least' } } }) });
    });

    it('reads a stored version 1 event (every target listed) as version 2', () => {
      const raw = { position: 7, eventId: '00000000-0000-4000-8000-000000000007', streamId: 'development-x', streamType: 'development', version: 1, metadata: { recordedBy: 't', correlationId: 't', causationId: null }, recordedAt: '2023-10-13T00:00:00.000Z' };
      const v1 = { authority: { country: 'US' }, targets: [{ name: 'arms brokers' }, { country: 'KP' }], reason: 'arms deals', ...fact };
      const read = decodeEvent({ ...raw, type: 'SanctionsImposed', schemaVersion: 1, data: v1 });
      expect(read).toMatchObject({ type: 'SanctionsImposed', schemaVersion: 2, data: { ...v1, targets: { named: v1.targets } } });
      expect(() => decodeEvent({ ...raw, type: 'SanctionsImposed', schemaVersion: 1, data: { ...v1, targets: [] } })).toThrow(/position 7 cannot be read[\s\S]*at least one target/);
      expect(() => decodeEvent({ ...raw, type: 'SanctionsImposed', schemaVersion: 3, data: v1 })).toThrow(/newer than this code knows/);
    });
  });
});
