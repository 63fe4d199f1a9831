import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ExecutionEntity } from '../entities/execution.entity';

/** The execution an Idempotency-Key started, for replaying how it ended. */
@Injectable()
export class IdempotentExecutions {
  constructor(@InjectRepository(ExecutionEntity) private readonly executions: Repository<ExecutionEntity>) {}

  /** The newest, should a key expire and be used again. */
  startedBy(accountId: string, idempotencyKey: string): Promise<ExecutionEntity | null> {
    return this.executions.findOne({ where: { accountId, idempotencyKey }, order: { createdAt: 'DESC' } });
  }
}
