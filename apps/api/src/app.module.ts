import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ApiKeys } from '@policy-ledger/access';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandExecutor, EventLog, IdempotencyKeys } from '@policy-ledger/event-store';
import { ProjectionMaintenance, ReadModels } from '@policy-ledger/projections';
import type { Ledger } from '@policy-ledger/runtime';
import { AdminController } from './admin/admin.controller';
import { AidRequestCommands, AidRequestRead } from './aid-requests/aid-requests.routes';
import { DevelopmentCommands, DevelopmentReads } from './developments/developments.routes';
import { EventFeed, SseSettings } from './events/event-feed';
import { EventsController } from './events/events.controller';
import { AccessGuard, AccessSettings } from './http/access';
import { ExecuteCommandHandler } from './http/command-routes';
import { Idempotency, IdempotencySettings } from './http/idempotency';
import { ImportsController } from './imports/imports.controller';
import { ProblemFilter } from './http/problem.filter';
import { PackageCommands, PackageRead, PackageReads } from './packages/packages.routes';
import { OperationsModule } from './operations/operations.module';
import { ProjectionsController } from './projections/projections.controller';
import { ShipmentCommands, ShipmentRead, ShipmentReads } from './shipments/shipments.routes';
import { StreamsController } from './streams/streams.controller';

@Module({})
export class AppModule {
  /**
   * The HTTP API over a Ledger opened by the caller (main.ts, or a test). Controllers get the
   * narrow parts they use: the command executor (through the command bus), the read models, the
   * event log, and their settings; never the whole Ledger.
   */
  static forLedger(ledger: Ledger): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot(), OperationsModule.forLedger(ledger)],
      controllers: [
        ShipmentCommands,
        ShipmentRead,
        ShipmentReads,
        AidRequestCommands,
        AidRequestRead,
        PackageCommands,
        PackageRead,
        PackageReads,
        DevelopmentCommands,
        DevelopmentReads,
        StreamsController,
        EventsController,
        ProjectionsController,
        ImportsController,
        AdminController,
      ],
      providers: [
        { provide: CommandExecutor, useValue: ledger.commands },
        { provide: ReadModels, useValue: ledger.readModels },
        { provide: EventLog, useValue: ledger.log },
        { provide: SseSettings, useValue: new SseSettings(ledger.config.SSE_HEARTBEAT_SECONDS * 1000, ledger.config.SSE_MAX_CONNECTIONS, ledger.config.SSE_MAX_PER_CLIENT) },
        { provide: ApiKeys, useValue: ledger.keys },
        { provide: IdempotencyKeys, useValue: ledger.idempotency },
        { provide: IdempotencySettings, useValue: new IdempotencySettings(ledger.config.IDEMPOTENCY_TTL_HOURS * 3600) },
        Idempotency,
        { provide: ProjectionMaintenance, useValue: ledger.maintenance },
        { provide: AccessSettings, useValue: new AccessSettings(ledger.config.READ_ACCESS) },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: AccessGuard },
        ExecuteCommandHandler,
        EventFeed,
      ],
    };
  }
}
