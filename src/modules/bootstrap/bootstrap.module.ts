import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BillingModule } from '../billing/billing.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { BootstrapService } from './bootstrap.service';

@Module({
  imports: [AuthModule, BillingModule, WorkflowsModule],
  providers: [BootstrapService],
})
export class BootstrapModule {}
