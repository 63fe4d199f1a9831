import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { StepRecord } from '../../engine/engine.types';
import type { RunProgress } from '../../engine/engine.types';
import type { RunPlan } from '../run-plan';

export const EXECUTION_STATUSES = [
  'processing',
  'completed',
  'failed',
  'cancel_requested',
  'cancelled',
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export type ExecutionMode = 'sync' | 'async';

export interface ExecutionError {
  code: string;
  message: string;
  nodeId: string | null;
}

@Entity('executions')
@Index(['accountId', 'createdAt'])
export class ExecutionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId: string;

  @Column({ name: 'api_key_id', type: 'varchar', length: 36 })
  apiKeyId: string;

  @Column({ name: 'request_id', type: 'varchar', length: 128 })
  requestId: string;

  @Column({ type: 'varchar', length: 8 })
  mode: ExecutionMode;

  @Column({ name: 'workflow_id', type: 'varchar', length: 36, nullable: true })
  workflowId: string | null;

  @Column({ name: 'workflow_slug', type: 'varchar', length: 64, nullable: true })
  workflowSlug: string | null;

  @Column({ name: 'workflow_version', type: 'integer', nullable: true })
  workflowVersion: number | null;

  @Column({ name: 'model_ids', type: 'simple-json' })
  modelIds: string[];

  @Column({ type: 'varchar', length: 20 })
  status: ExecutionStatus;

  /** What ran: the graph snapshot and validated inputs, so a worker can resume it. */
  @Column({ type: 'simple-json' })
  plan: RunPlan;

  @Column({ type: 'simple-json', nullable: true })
  result: unknown;

  @Column({ type: 'simple-json', nullable: true })
  error: ExecutionError | null;

  @Column({ type: 'simple-json' })
  steps: StepRecord[];

  @Column({ type: 'integer' })
  reserved: number;

  @Column({ type: 'integer' })
  charged: number;

  @Column({ type: 'integer' })
  refunded: number;

  @Column({ type: 'integer', nullable: true })
  ms: number | null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 255, nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'received_at', type: Date })
  receivedAt: Date;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'started_at', type: Date, nullable: true })
  startedAt: Date | null;

  @Column({ name: 'completed_at', type: Date, nullable: true })
  completedAt: Date | null;

  @Column({ name: 'deadline_at', type: Date })
  deadlineAt: Date;

  @Column({ name: 'webhook_url', type: 'varchar', length: 2048, nullable: true })
  webhookUrl: string | null;

  /** The process holding the execution (running it now), until `leaseExpiresAt` unless renewed. */
  @Column({ name: 'lease_owner', type: 'varchar', length: 64, nullable: true })
  leaseOwner: string | null;

  @Column({ name: 'lease_expires_at', type: Date, nullable: true })
  leaseExpiresAt: Date | null;

  /** When a worker should next take it up (a provider poll); null while nothing is scheduled. */
  @Column({ name: 'next_run_at', type: Date, nullable: true })
  nextRunAt: Date | null;

  /** Outputs of finished nodes and provider submissions in flight, so any worker can resume the run. */
  @Column({ type: 'simple-json', nullable: true })
  progress: RunProgress | null;
}
