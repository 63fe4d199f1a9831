import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ExecutionEntity } from '../entities/execution.entity';

/** The columns a sweep reads to decide what an unattended execution needs. */
export interface ExecutionEntityRow {
  id: string;
  mode: string;
  status: string;
  deadline_at: unknown;
  next_run_at: unknown;
  lease_expires_at: unknown;
}

/** Loads the execution an Idempotency-Key started (the read routes go through ExecutionsService). */
@Injectable()
export class ExecutionLoader {
  constructor(@InjectRepository(ExecutionEntity) private readonly executions: Repository<ExecutionEntity>) {}

  /** The execution an Idempotency-Key started (the newest, should a key expire and be used again). */
  loadByIdempotencyKey(accountId: string, idempotencyKey: string): Promise<ExecutionEntity | null> {
    return this.executions.findOne({ where: { accountId, idempotencyKey }, order: { createdAt: 'DESC' } });
  }
}
