/**
 * Every event type of the ledger: the `event:` names of /events/stream, which an EventSource
 * listens to one by one. A spec keeps the list equal to the contracts catalogue.
 */
export const EVENT_TYPES = [
  'ShipmentReported',
  'ShipmentLegReported',
  'ShipmentEstimateUpdated',
  'ShipmentClaimDisputed',
  'ShipmentReportRetracted',
  'AidRequested',
  'PositionRecorded',
  'AidRequestWithdrawn',
  'AidRequestSuperseded',
  'AidRequestBundled',
  'AidRequestAmended',
  'PackageProposed',
  'PackageBundled',
  'ComponentProposed',
  'ComponentAdded',
  'ComponentRemoved',
  'PackageAttachedToBill',
  'PackageDetachedFromBill',
  'LegislativeActionRecorded',
  'BillAmountsRecorded',
  'AmountsAssessed',
  'StatementIssued',
  'SanctionsImposed',
  'SanctionsLifted',
  'TechnologyTransferSought',
  'MeetingHeld',
  'ThreatIssued',
];
