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
    // An estimate gets its id (estimate-<n>) so that disputes and equivalents can point at it.
    const data = command.type === 'UpdateShipmentEstimate' ? { ...command.data, estimateId: 'estimate-1' } : command.data;
    expect(given(shipmentDecider, [reported], undefined).when(command).decided()).toEqual([{ type: eventOf[command.type as keyof typeof eventOf], data }]);
  });

  it.each(later)('refuses $type on a shipment nobody reported', (command) => {
    given(shipmentDecider, [], undefined).when(command).thenThrows(expect.objectContaining({ code: 'shipment.not-found', kind: 'not-found' }));
  });

  it.each(later)('refuses $type on a retracted report: it takes nothing more', (command) => {
    given(shipmentDecider, [reported, retracted], undefined).when(command).thenThrows(expect.objectContaining({ code: 'shipment.retracted' }));
  });

  describe('figures with ids: disputes and equivalents point at the figure they concern', () => {
    const stateDept = { publisher: 'U.S. Department of State', sourceClass: 'official_statement' as const };
    const at = (from: string) => ({ occurredAt: { from, precision: 'day' as const }, sources: [stateDept], confidence: 'assessed' as const });
    const estimate = (data: Partial<Extract<ShipmentCommand, { type: 'UpdateShipmentEstimate' }>['data']> = {}): ShipmentCommand => ({
      type: 'UpdateShipmentEstimate',
      data: { category: 'munitions', quantity: { value: 10000, unit: 'containers', qualifier: 'at_least', countingSince: '2023-09' }, ...at('2024-02-23'), ...data },
    });
    const updated = (estimateId: string) => ({ type: 'ShipmentEstimateUpdated', data: { category: 'munitions', quantity: { value: 6700, unit: 'containers', qualifier: 'approx' as const }, estimateId, ...at('2024-02-26') } }) as const;

    it('numbers the report\'s figures item-<n> and updates estimate-<n>, or takes the id the client names', () => {
      expect(given(shipmentDecider, [reported, updated('shin-2024-02')], undefined).when(estimate()).decided()[0]?.data).toMatchObject({ estimateId: 'estimate-2' });
      expect(given(shipmentDecider, [reported], undefined).when(estimate({ estimateId: 'state-2024-02' })).decided()[0]?.data).toMatchObject({ estimateId: 'state-2024-02' });
      given(shipmentDecider, [reported, updated('shin-2024-02')], undefined).when(estimate({ estimateId: 'shin-2024-02' })).thenThrows(expect.objectContaining({ code: 'shipment.estimate-exists' }));
    });

    it('links an equivalent to the figure it restates, and a dispute to the figure it disputes; an unknown id is refused', () => {
      const shells = estimate({ category: 'artillery_shells', quantity: { value: 3000000, unit: '152mm shells', qualifier: 'at_least' }, equivalentOf: 'shin-2024-02' });
      expect(given(shipmentDecider, [reported, updated('shin-2024-02')], undefined).when(shells).decided()[0]?.data).toMatchObject({ equivalentOf: 'shin-2024-02', estimateId: 'estimate-2' });
      const peskov: ShipmentCommand = { type: 'DisputeShipmentClaim', data: { claim: 'the transfer', counterClaim: 'no proof', disputes: 'item-1', disputedBy: { name: 'Kremlin', country: 'RU' }, ...fact } };
      expect(given(shipmentDecider, [reported], undefined).when(peskov).decided()).toHaveLength(1);
      given(shipmentDecider, [reported], undefined).when(shells).thenThrows(expect.objectContaining({ code: 'shipment.unknown-estimate', details: { field: 'equivalentOf', estimateId: 'shin-2024-02' } }));
      given(shipmentDecider, [reported], undefined).when({ ...peskov, data: { ...peskov.data, disputes: 'item-2' } } as ShipmentCommand).thenThrows(/item-2/);
    });
  });
});
