import type { EventOf } from '@policy-ledger/contracts';

export type DevelopmentEvent = EventOf<'StatementIssued' | 'SanctionsImposed' | 'SanctionsLifted' | 'TechnologyTransferSought' | 'MeetingHeld' | 'ThreatIssued'>;
