import type { EventData } from '@policy-ledger/contracts';

export type DevelopmentCommand =
  | { type: 'RecordStatement'; data: EventData<'StatementIssued'> }
  | { type: 'RecordSanctions'; action: 'imposed'; data: EventData<'SanctionsImposed'> }
  | { type: 'RecordSanctions'; action: 'lifted'; data: EventData<'SanctionsLifted'> }
  | { type: 'RecordTechnologyRequest'; data: EventData<'TechnologyTransferSought'> }
  | { type: 'RecordMeeting'; data: EventData<'MeetingHeld'> }
  | { type: 'RecordThreat'; data: EventData<'ThreatIssued'> };
