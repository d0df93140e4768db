import type {
  MeetingHeldV1,
  SanctionsImposedV1,
  SanctionsLiftedV1,
  StatementIssuedV1,
  TechnologyTransferSoughtV1,
  ThreatIssuedV1,
} from '@policy-ledger/contracts';

export type DevelopmentEvent =
  | { type: 'StatementIssued'; data: StatementIssuedV1 }
  | { type: 'SanctionsImposed'; data: SanctionsImposedV1 }
  | { type: 'SanctionsLifted'; data: SanctionsLiftedV1 }
  | { type: 'TechnologyTransferSought'; data: TechnologyTransferSoughtV1 }
  | { type: 'MeetingHeld'; data: MeetingHeldV1 }
  | { type: 'ThreatIssued'; data: ThreatIssuedV1 };
