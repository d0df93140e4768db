import { dprkShipment } from '../../../../test/support/article';
import { given } from '../shared/given-when-then';
import { shipmentDecider } from './shipments.decider';
import { ShipmentAlreadyReportedError, SupplierIsRecipientError } from './shipments.errors';

describe('shipment decider', () => {
  it('reports a new shipment', () => {
    const then = given(shipmentDecider, [], undefined).when({ type: 'ReportShipment', data: dprkShipment });
    expect(then()).toEqual([{ type: 'ShipmentReported', data: dprkShipment }]);
  });

  it('refuses to report the same shipment twice', () => {
    const then = given(shipmentDecider, [{ type: 'ShipmentReported', data: dprkShipment }], undefined).when({
      type: 'ReportShipment',
      data: dprkShipment,
    });
    expect(then).toThrow(ShipmentAlreadyReportedError);
  });

  it('refuses a shipment whose supplier is its recipient', () => {
    const then = given(shipmentDecider, [], undefined).when({
      type: 'ReportShipment',
      data: { ...dprkShipment, recipient: 'KP' },
    });
    expect(then).toThrow(expect.objectContaining({ code: 'shipment.supplier-is-recipient', kind: 'rule-violated' }));
    expect(then).toThrow(SupplierIsRecipientError);
  });
});
