import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { Ledger } from '@policy-ledger/runtime';
import { AidRequestsController } from './aid-requests/aid-requests.controller';
import { AidRequestCommandHandler, GetAidRequestHandler } from './aid-requests/aid-requests.handlers';
import { HealthController } from './http/health.controller';
import { ProblemFilter } from './http/problem.filter';
import { LEDGER } from './ledger.token';
import { PackagesController } from './packages/packages.controller';
import {
  GetNegotiationsHandler,
  GetPackageHandler,
  PackageCommandHandler,
} from './packages/packages.handlers';
import { ShipmentsController } from './shipments/shipments.controller';
import { GetCorridorsHandler, GetShipmentHandler, ShipmentCommandHandler } from './shipments/shipments.handlers';

@Module({})
export class AppModule {
  /** The HTTP API over a Ledger opened by the caller (main.ts, or a test). */
  static forLedger(ledger: Ledger): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [ShipmentsController, AidRequestsController, PackagesController, HealthController],
      providers: [
        { provide: LEDGER, useValue: ledger },
        { provide: APP_FILTER, useClass: ProblemFilter },
        ShipmentCommandHandler,
        GetShipmentHandler,
        GetCorridorsHandler,
        AidRequestCommandHandler,
        GetAidRequestHandler,
        PackageCommandHandler,
        GetPackageHandler,
        GetNegotiationsHandler,
      ],
    };
  }
}
