import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AsOfReader } from '@policy-ledger/projections';
import type { Ledger } from '@policy-ledger/runtime';
import { AidRequestsController } from './aid-requests/aid-requests.controller';
import { AidRequestCommandHandler, GetAidRequestHandler } from './aid-requests/aid-requests.handlers';
import { DevelopmentsController } from './developments/developments.controller';
import { DevelopmentCommandHandler, GetTimelineHandler } from './developments/developments.handlers';
import { EventFeed } from './events/event-feed';
import { EventsController } from './events/events.controller';
import { ProjectionsController } from './projections/projections.controller';
import { HealthController } from './http/health.controller';
import { ProblemFilter } from './http/problem.filter';
import { LEDGER } from './ledger.token';
import { NegotiationsChangesController } from './packages/negotiations-changes.controller';
import { PackagesController } from './packages/packages.controller';
import {
  GetNegotiationsHandler,
  GetPackageHandler,
  PackageCommandHandler,
} from './packages/packages.handlers';
import { ShipmentsController } from './shipments/shipments.controller';
import { StreamsController } from './streams/streams.controller';
import { GetCorridorsHandler, GetShipmentHandler, ShipmentCommandHandler } from './shipments/shipments.handlers';

@Module({})
export class AppModule {
  /** The HTTP API over a Ledger opened by the caller (main.ts, or a test). */
  static forLedger(ledger: Ledger): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [ShipmentsController, AidRequestsController, PackagesController, DevelopmentsController, StreamsController, EventsController, ProjectionsController, HealthController, NegotiationsChangesController],
      providers: [
        { provide: LEDGER, useValue: ledger },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: AsOfReader, useFactory: () => new AsOfReader(ledger.db) },
        EventFeed,
        ShipmentCommandHandler,
        GetShipmentHandler,
        GetCorridorsHandler,
        AidRequestCommandHandler,
        GetAidRequestHandler,
        PackageCommandHandler,
        GetPackageHandler,
        GetNegotiationsHandler,
        DevelopmentCommandHandler,
        GetTimelineHandler,
      ],
    };
  }
}
