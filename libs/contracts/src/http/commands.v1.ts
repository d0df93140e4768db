import { type z } from 'zod';
import { EntityId } from '../common.v1';
import { AidRequestedV1 } from '../events/aid-requests.v1';
import { PackageBundledV1, PackageProposedV1 } from '../events/packages.v1';
import { ShipmentReportedV1 } from '../events/shipments.v1';

/**
 * HTTP bodies of the commands. A command that creates a stream may name its id; otherwise the
 * server generates one. The rest of each body is the event it leads to, so the shape is declared
 * once, in events/.
 */
const withOptionalId = { id: EntityId.optional().describe('client-chosen id; generated when absent') };

export const ReportShipmentBody = ShipmentReportedV1.extend(withOptionalId);
export const RequestAidBody = AidRequestedV1.extend(withOptionalId);
export const ProposePackageBody = PackageProposedV1.extend(withOptionalId);
export const BundlePackageBody = PackageBundledV1;

export type ReportShipmentBody = z.infer<typeof ReportShipmentBody>;
export type RequestAidBody = z.infer<typeof RequestAidBody>;
export type ProposePackageBody = z.infer<typeof ProposePackageBody>;
export type BundlePackageBody = z.infer<typeof BundlePackageBody>;
