import { InitialSchema1764374400000 } from './1764374400000-initial-schema';
import { PartialExecutionIndexes1764460800000 } from './1764460800000-partial-execution-indexes';
import { ExecutionLeases1764547200000 } from './1764547200000-execution-leases';
import { WebhookDeliveries1764633600000 } from './1764633600000-webhook-deliveries';
import { LookupEpoch1764720000000 } from './1764720000000-lookup-epoch';

/** Every migration, in order. Listed explicitly so the app, the CLI and ormconfig.ts share one list. */
export const MIGRATIONS = [
  InitialSchema1764374400000,
  PartialExecutionIndexes1764460800000,
  ExecutionLeases1764547200000,
  WebhookDeliveries1764633600000,
  LookupEpoch1764720000000,
];
