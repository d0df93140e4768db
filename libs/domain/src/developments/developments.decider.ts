import type { Decider } from '../shared/decider';
import type { DevelopmentCommand } from './developments.commands';
import { DevelopmentAlreadyRecordedError } from './developments.errors';
import type { DevelopmentEvent } from './developments.events';

/** A development (statement, sanctions, meeting, ...) is one fact: its stream holds one event. */
export type DevelopmentState = { status: 'unknown' } | { status: 'recorded'; type: DevelopmentEvent['type'] };

export const developmentDecider: Decider<DevelopmentCommand, DevelopmentEvent, DevelopmentState> = {
  initialState: { status: 'unknown' },

  decide(command, state) {
    if (state.status !== 'unknown') throw new DevelopmentAlreadyRecordedError();
    switch (command.type) {
      case 'RecordStatement':
        return [{ type: 'StatementIssued', data: command.data }];
      case 'RecordSanctions':
        return command.action === 'imposed'
          ? [{ type: 'SanctionsImposed', data: command.data }]
          : [{ type: 'SanctionsLifted', data: command.data }];
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
