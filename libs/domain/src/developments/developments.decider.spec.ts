import { given } from '../shared/given-when-then';
import type { DevelopmentCommand } from './developments.commands';
import { developmentDecider } from './developments.decider';
import { DevelopmentAlreadyRecordedError } from './developments.errors';

const fact = { occurredAt: { from: '2023-10-12', precision: 'day' as const }, sources: [{ publisher: 'KCNA', sourceClass: 'official_statement' as const }], confidence: 'confirmed' as const, about: [] };
const commands: [DevelopmentCommand, string][] = [
  [{ type: 'RecordStatement', data: { speaker: { name: 'John Kirby', country: 'US' }, kind: 'condemns', target: { country: 'KP' }, summary: 'condemns the transfer', ...fact } }, 'StatementIssued'],
  [{ type: 'RecordSanctions', action: 'imposed', data: { authority: { country: 'US' }, targets: [{ name: 'arms brokers' }], reason: 'arms deals', ...fact } }, 'SanctionsImposed'],
  [{ type: 'RecordSanctions', action: 'lifted', data: { authority: { country: 'US' }, targets: [{ name: 'arms brokers' }], reason: 'deal', ...fact } }, 'SanctionsLifted'],
  [{ type: 'RecordTechnologyRequest', data: { seeker: { country: 'KP' }, provider: { country: 'RU' }, items: ['fighter aircraft'], ...fact } }, 'TechnologyTransferSought'],
  [{ type: 'RecordMeeting', data: { participants: [{ name: 'Kim Jong Un' }, { name: 'Vladimir Putin' }], place: 'Russia', topics: [], outcomes: [], ...fact } }, 'MeetingHeld'],
  [{ type: 'RecordThreat', data: { by: { country: 'KP' }, against: { country: 'US' }, what: 'a nuclear response', ...fact } }, 'ThreatIssued'],
];

describe('development decider', () => {
  it.each(commands)('records $type as one event', (command, type) => {
    expect(given(developmentDecider, [], undefined).when(command)()).toEqual([{ type, data: command.data }]);
  });

  it.each(commands)('refuses to record $type under an id that exists', (command) => {
    const past = developmentDecider.decide(command, developmentDecider.initialState, undefined);
    expect(given(developmentDecider, past, undefined).when(command)).toThrow(DevelopmentAlreadyRecordedError);
  });
});
