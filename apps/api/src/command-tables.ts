import { aidRequestRoutes } from './aid-requests/aid-requests.routes';
import { developmentRoutes } from './developments/developments.routes';
import { packageRoutes } from './packages/packages.routes';
import { shipmentRoutes } from './shipments/shipments.routes';

/** Every table of command routes, in one list: the bulk import and the command metrics read it. */
export const commandTables = [shipmentRoutes, aidRequestRoutes, packageRoutes, developmentRoutes] as const;
