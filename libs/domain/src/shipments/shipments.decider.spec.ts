import { dprkShipment, given } from '@policy-ledger/testing';
import { type ShipmentCommand, shipmentDecider } from './shipments.decider';

const fact = { occurredAt: { from: '2023-10-20', precision: 'day' as const }, sources: dprkShipment.sources, confidence: 'assessed' as const };
const reported = { type: 'ShipmentReported', data: dprkShipment } as const;
const retracted = { type: 'ShipmentReportRetracted', data: { reason: 'imagery misread', ...fact } } as const;
const later: ShipmentCommand[] = [
  { type: 'ReportShipmentLeg', data: { leg: { mode: 'rail', from: { name: 'Tumangang', country: 'KP' }, to: { name: 'Khasan', country: 'RU' } }, ...fact } },
  { type: 'UpdateShipmentEstimate', data: { category: 'military_equipment_and_munitions', quantity: { value: 2000, unit: 'containers', qualifier: 'at_least', countingSince: '2023-09-07' }, ...fact } },
  { type: 'DisputeShipmentClaim', data: { claim: 'the shipment', counterClaim: 'no arms were transferred', disputedBy: { country: 'RU' }, ...fact } },
  { type: 'RetractShipmentReport', data: { reason: 'imagery misread', ...fact } },
];
const eventOf = { ReportShipmentLeg: 'ShipmentLegReported', UpdateShipmentEstimate: 'ShipmentEstimateUpdated', DisputeShipmentClaim: 'ShipmentClaimDisputed', RetractShipmentReport: 'ShipmentReportRetracted' } as const;

describe('shipment decider', () => {
  it('reports a new shipment', () => {
    given(shipmentDecider, [], undefined).when({ type: 'ReportShipment', data: dprkShipment }).then([reported]);
  });

  it('refuses to report the same shipment twice', () => {
    given(shipmentDecider, [reported], undefined).when({ type: 'ReportShipment', data: dprkShipment }).thenThrows(expect.objectContaining({ code: 'shipment.already-reported', kind: 'conflict' }));
  });

  it('refuses a shipment whose supplier is its recipient', () => {
    const when = given(shipmentDecider, [], undefined).when({ type: 'ReportShipment', data: { ...dprkShipment, recipient: 'KP' } });
    when.thenThrows(/supplier and recipient are both KP/);
    when.thenThrows(expect.objectContaining({ code: 'shipment.supplier-is-recipient', kind: 'rule-violated' }));
  });

  it.each(later)('records $type on a reported shipment', (command) => {
    expect(given(shipmentDecider, [reported], undefined).when(command).decided()).toEqual([{ type: eventOf[command.type as keyof typeof eventOf], data: command.data }]);
  });

  it.each(later)('refuses $type on a shipment nobody reported', (command) => {
    given(shipmentDecider, [], undefined).when(command).thenThrows(expect.objectContaining({ code: 'shipment.not-found', kind: 'not-found' }));
  });

  it.each(later)('refuses $type on a retracted report: it takes nothing more', (command) => {
    given(shipmentDecider, [reported, retracted], undefined).when(command).thenThrows(expect.objectContaining({ code: 'shipment.retracted' }));
  });
});
