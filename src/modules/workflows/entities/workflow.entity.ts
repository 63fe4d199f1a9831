import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Field, WorkflowEdge, WorkflowNode } from '../workflow.types';

@Entity('workflows')
@Index(['accountId', 'deletedAt'])
export class WorkflowEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId: string;

  /** Unique across the server, deleted rows included: a slug is never reused. */
  @Column({ type: 'varchar', length: 64, unique: true })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'simple-json' })
  tags: string[];

  @Column({ name: 'public_playground', type: 'boolean' })
  publicPlayground: boolean;

  @Column({ type: 'simple-json' })
  nodes: WorkflowNode[];

  @Column({ type: 'simple-json' })
  edges: WorkflowEdge[];

  @Column({ type: 'simple-json', nullable: true })
  viewport: Record<string, unknown> | null;

  /** The Request Input fields, denormalised from `nodes` for the schema endpoints and input validation. */
  @Column({ type: 'simple-json' })
  fields: Field[];

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;

  @Column({ name: 'deleted_at', type: Date, nullable: true })
  deletedAt: Date | null;
}
