import type { CommandOf, StreamEvent } from '@policy-ledger/contracts';
import type { Decider } from '../shared/decider';
import { AlreadyExistsError } from '../shared/domain.errors';
import { onStream } from '../shared/use-case';

export type DevelopmentCommand = CommandOf<'RecordStatement' | 'RecordSanctions' | 'RecordTechnologyRequest' | 'RecordMeeting' | 'RecordThreat'>;

/** A development (statement, sanctions, meeting, ...) is one fact: its stream holds one event. */
export type DevelopmentState = { status: 'unknown' } | { status: 'recorded'; type: StreamEvent<'development'>['type'] };

const alreadyRecorded = () =>
  new AlreadyExistsError('development.already-recorded', 'a development with this id has already been recorded; a correction is a new development');

export const developmentDecider: Decider<DevelopmentCommand, DevelopmentState, 'development'> = {
  streamType: 'development',
  initialState: { status: 'unknown' },

  decide(command, state) {
    if (state.status !== 'unknown') throw alreadyRecorded();
    switch (command.type) {
      case 'RecordStatement':
        return [{ type: 'StatementIssued', data: command.data }];
      case 'RecordSanctions': {
        const { action, targets, targetCount, ...rest } = command.data;
        const data = { ...rest, targets: { named: targets, ...(targetCount ? { count: targetCount } : {}) } };
        return [action === 'imposed' ? { type: 'SanctionsImposed', data } : { type: 'SanctionsLifted', data }];
      }
      case 'RecordTechnologyRequest':
        return [{ type: 'TechnologyTransferSought', data: command.data }];
      case 'RecordMeeting':
        return [{ type: 'MeetingHeld', data: command.data }];
      case 'RecordThreat':
        return [{ type: 'ThreatIssued', data: command.data }];
    }
  },

  evolve(_state, event) {
    return { status: 'recorded', type: event.type };
  },
};

/** Every development is decided by its own stream alone. */
export const developmentCommands = onStream(developmentDecider, undefined);
