import { ApiProperty } from '@nestjs/swagger';
import { LedgerEntryEntity, LedgerEntryType } from '../entities/ledger-entry.entity';

export class LedgerEntryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['topup', 'adjust', 'reserve', 'refund'] }) type: LedgerEntryType;
  @ApiProperty({ description: 'Signed credits' }) amount: number;
  @ApiProperty() balanceAfter: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) executionId: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export function toLedgerEntryView(entry: LedgerEntryEntity): LedgerEntryView {
  const { id, type, amount, balanceAfter, executionId, reason } = entry;
  return { id, type, amount, balanceAfter, executionId, reason, createdAt: entry.createdAt.toISOString() };
}
