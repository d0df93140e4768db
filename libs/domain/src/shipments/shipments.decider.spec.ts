import { dprkShipment } from '../../../../test/support/article';
import { given } from '../shared/given-when-then';
import type { ShipmentCommand } from './shipments.commands';
import { shipmentDecider } from './shipments.decider';
import { ShipmentAlreadyReportedError, ShipmentNotFoundError, SupplierIsRecipientError } from './shipments.errors';
import type { ShipmentEvent } from './shipments.events';

const fact = { occurredAt: { from: '2023-10-20', precision: 'day' as const }, sources: dprkShipment.sources, confidence: 'assessed' as const };
const reported: ShipmentEvent = { type: 'ShipmentReported', data: dprkShipment };
const retracted: ShipmentEvent = { type: 'ShipmentReportRetracted', data: { reason: 'imagery misread', ...fact } };
const later: ShipmentCommand[] = [
  { type: 'ReportShipmentLeg', data: { leg: { mode: 'rail', from: { name: 'Tumangang', country: 'KP' }, to: { name: 'Khasan', country: 'RU' } }, ...fact } },
  { type: 'UpdateShipmentEstimate', data: { category: 'military_equipment_and_munitions', quantity: { value: 2000, unit: 'containers', qualifier: 'at_least', countingSince: '2023-09-07' }, ...fact } },
  { type: 'DisputeShipmentClaim', data: { claim: 'the shipment', counterClaim: 'no arms were transferred', disputedBy: { country: 'RU' }, ...fact } },
  { type: 'RetractShipmentReport', data: { reason: 'imagery misread', ...fact } },
];
const eventOf = { ReportShipmentLeg: 'ShipmentLegReported', UpdateShipmentEstimate: 'ShipmentEstimateUpdated', DisputeShipmentClaim: 'ShipmentClaimDisputed', RetractShipmentReport: 'ShipmentReportRetracted' } as const;

describe('shipment decider', () => {
  it('reports a new shipment', () => {
    expect(given(shipmentDecider, [], undefined).when({ type: 'ReportShipment', data: dprkShipment })()).toEqual([reported]);
  });

  it('refuses to report the same shipment twice', () => {
    expect(given(shipmentDecider, [reported], undefined).when({ type: 'ReportShipment', data: dprkShipment })).toThrow(ShipmentAlreadyReportedError);
  });

  it('refuses a shipment whose supplier is its recipient', () => {
    const then = given(shipmentDecider, [], undefined).when({ type: 'ReportShipment', data: { ...dprkShipment, recipient: 'KP' } });
    expect(then).toThrow(SupplierIsRecipientError);
    expect(then).toThrow(expect.objectContaining({ code: 'shipment.supplier-is-recipient', kind: 'rule-violated' }));
  });

  it.each(later)('records $type on a reported shipment', (command) => {
    expect(given(shipmentDecider, [reported], undefined).when(command)()).toEqual([{ type: eventOf[command.type as keyof typeof eventOf], data: command.data }]);
  });

  it.each(later)('refuses $type on a shipment nobody reported', (command) => {
    expect(given(shipmentDecider, [], undefined).when(command)).toThrow(ShipmentNotFoundError);
  });

  it.each(later)('refuses $type on a retracted report: it takes nothing more', (command) => {
    expect(given(shipmentDecider, [reported, retracted], undefined).when(command)).toThrow(expect.objectContaining({ code: 'shipment.retracted' }));
  });
});
