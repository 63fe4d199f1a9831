import { AccountEntity } from '../modules/auth/entities/account.entity';
import { ApiKeyEntity } from '../modules/auth/entities/api-key.entity';
import { LedgerEntryEntity } from '../modules/billing/entities/ledger-entry.entity';
import { TrialGrantUsageEntity } from '../modules/billing/entities/trial-grant-usage.entity';
import { ExecutionEntity } from '../modules/executions/entities/execution.entity';
import { IdempotencyRecordEntity } from '../modules/executions/entities/idempotency-record.entity';
import { WebhookAttemptEntity } from '../modules/webhooks/entities/webhook-attempt.entity';
import { WebhookDeliveryEntity } from '../modules/webhooks/entities/webhook-delivery.entity';
import { WorkflowEntity } from '../modules/workflows/entities/workflow.entity';

export const ENTITIES = [
  AccountEntity,
  ApiKeyEntity,
  LedgerEntryEntity,
  TrialGrantUsageEntity,
  WorkflowEntity,
  ExecutionEntity,
  IdempotencyRecordEntity,
  WebhookDeliveryEntity,
  WebhookAttemptEntity,
];
