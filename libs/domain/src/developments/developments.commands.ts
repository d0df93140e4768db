import type {
  MeetingHeldV1,
  SanctionsImposedV1,
  SanctionsLiftedV1,
  StatementIssuedV1,
  TechnologyTransferSoughtV1,
  ThreatIssuedV1,
} from '@policy-ledger/contracts';

export type DevelopmentCommand =
  | { type: 'RecordStatement'; data: StatementIssuedV1 }
  | { type: 'RecordSanctions'; action: 'imposed'; data: SanctionsImposedV1 }
  | { type: 'RecordSanctions'; action: 'lifted'; data: SanctionsLiftedV1 }
  | { type: 'RecordTechnologyRequest'; data: TechnologyTransferSoughtV1 }
  | { type: 'RecordMeeting'; data: MeetingHeldV1 }
  | { type: 'RecordThreat'; data: ThreatIssuedV1 };
