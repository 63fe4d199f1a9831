import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, QueryFailedError, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { parseBody } from '../../common/http/parse-body';
import { LookupChange, LookupChanges } from '../../database/lookup-changes';
import { SqlClient } from '../../database/sql-client';
import type { Principal } from '../auth/principal';
import { totalCredits, workflowCharges } from '../billing/pricing/workflow-charges';
import { ModelRegistry } from '../models/model-registry';
import { WorkflowBodyDto } from './dto/workflow.dto';
import {
  PublicSchemaResponse,
  WorkflowDocumentResponse,
  WorkflowSchemaResponse,
  WorkflowSummaryResponse,
} from './dto/workflow.response';
import { WorkflowEntity } from './entities/workflow.entity';
import { buildInputSchema, defaultValues } from './graph/input-schema';
import type { MediaInputPolicy } from './graph/media-url';
import { slugFromName, withCollisionSuffix } from './graph/slug';
import { assertSlugFormat, CheckedWorkflow, checkWorkflowDocument } from './workflow-document';
import { toWorkflowDocument, toWorkflowSummary } from './workflow.views';
import type { Field, WorkflowGraph } from './workflow.types';
import { invalidWorkflow, slugTaken, versionConflict, workflowNotFound } from './workflows.errors';

/** What a run needs of a workflow. */
export interface RunnableWorkflow extends WorkflowGraph {
  id: string;
  slug: string;
  version: number;
  fields: Field[];
}

const RUNNABLE_CACHE_SIZE = 500;

@Injectable()
export class WorkflowsService {
  /** Runnable workflows by account and slug, as the run path last read them (see getRunnable). */
  private readonly runnableCache = new Map<string, RunnableWorkflow>();

  constructor(
    @InjectRepository(WorkflowEntity) private readonly workflows: Repository<WorkflowEntity>,
    private readonly registry: ModelRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sql: SqlClient,
    private readonly changes: LookupChanges,
  ) {
    changes.onChange((change) => this.forget(change));
  }

  /** The account's live workflow; another account's is indistinguishable from a missing one. */
  async getOwned(accountId: string, slug: string): Promise<WorkflowEntity> {
    const workflow = await this.workflows.findOne({ where: { slug, accountId, deletedAt: IsNull() } });
    if (!workflow) throw workflowNotFound(slug);
    return workflow;
  }

  /**
   * The run path's lookup: the account's live workflow by slug, parsed, from memory when it was looked up recently.
   * A replace or delete drops it at once here and in every other process (LookupChanges); otherwise one
   * hand-written query. Deleted or foreign workflows are 404 as ever (only found ones are kept).
   */
  async getRunnable(accountId: string, slug: string): Promise<RunnableWorkflow> {
    const checking = this.changes.fresh(Date.now());
    if (checking) await checking;
    const cacheKey = `${accountId}/${slug}`;
    const cached = this.runnableCache.get(cacheKey);
    if (cached) return cached;
    const [row] = await this.sql.select<{
      id: string;
      version: number;
      nodes: unknown;
      edges: unknown;
      fields: unknown;
    }>(
      'SELECT id, version, nodes, edges, fields FROM workflows WHERE slug = ? AND account_id = ? AND deleted_at IS NULL',
      [slug, accountId],
    );
    if (!row) throw workflowNotFound(slug);
    const runnable: RunnableWorkflow = {
      id: row.id,
      slug,
      version: Number(row.version),
      nodes: this.sql.json(row.nodes),
      edges: this.sql.json(row.edges),
      fields: this.sql.json(row.fields),
    };
    if (this.runnableCache.size >= RUNNABLE_CACHE_SIZE)
      this.runnableCache.delete(this.runnableCache.keys().next().value!);
    this.runnableCache.set(cacheKey, runnable);
    return runnable;
  }

  private forget(change: LookupChange | null): void {
    if (change === null) this.runnableCache.clear();
    else if (change.kind === 'workflow') this.runnableCache.delete(`${change.accountId}/${change.slug}`);
  }

  async list(principal: Principal): Promise<WorkflowSummaryResponse[]> {
    const rows = await this.workflows.find({
      where: { accountId: principal.accountId, deletedAt: IsNull() },
      order: { updatedAt: 'DESC' },
    });
    return rows.map((row) => toWorkflowSummary(row, this.estimatedCreditCost(row, principal)));
  }

  async read(principal: Principal, slug: string): Promise<WorkflowDocumentResponse> {
    return toWorkflowDocument(await this.getOwned(principal.accountId, slug));
  }

  async create(principal: Principal, raw: unknown): Promise<WorkflowDocumentResponse> {
    const body = parseBody(WorkflowBodyDto, raw);
    if (body.slug !== undefined) assertSlugFormat(body.slug);
    const content = documentContent(body, checkWorkflowDocument(body, this.registry, this.mediaInputs()));
    const entity = this.workflows.create({
      ...content,
      id: randomUUID(),
      accountId: principal.accountId,
      version: 1,
      createdBy: principal.keyId,
      createdAt: content.updatedAt,
      deletedAt: null,
    });
    if (body.slug !== undefined) {
      if (!(await this.tryInsert({ ...entity, slug: body.slug }))) throw slugTaken(body.slug);
      return toWorkflowDocument({ ...entity, slug: body.slug });
    }
    // Derived slugs take the first free of name, name-2, name-3…; the unique index settles races.
    const base = slugFromName(body.name);
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : withCollisionSuffix(base, n);
      if (await this.workflows.exists({ where: { slug } })) continue;
      if (await this.tryInsert({ ...entity, slug })) return toWorkflowDocument({ ...entity, slug });
    }
  }

  async replace(
    principal: Principal,
    slug: string,
    raw: unknown,
    ifMatch: string | undefined,
  ): Promise<WorkflowDocumentResponse> {
    const current = await this.getOwned(principal.accountId, slug);
    const body = parseBody(WorkflowBodyDto, raw);
    if (body.slug !== undefined && body.slug !== slug) {
      throw invalidWorkflow([{ path: 'slug', message: `must be "${slug}" (slugs never change)` }]);
    }
    const changes = documentContent(body, checkWorkflowDocument(body, this.registry, this.mediaInputs()));
    const expected = ifMatch === undefined ? current.version : parseIfMatch(ifMatch);
    // Conditional on the version read: a concurrent writer makes this affect nothing, and we answer 412.
    const result = await this.workflows
      .createQueryBuilder()
      .update(WorkflowEntity)
      .set({ ...changes, version: () => 'version + 1' } as QueryDeepPartialEntity<WorkflowEntity>)
      .where('id = :id AND version = :expected AND deleted_at IS NULL', { id: current.id, expected })
      .execute();
    if (!result.affected) {
      const latest = await this.getOwned(principal.accountId, slug);
      throw versionConflict(expected, latest.version);
    }
    await this.changes.announce({ kind: 'workflow', accountId: principal.accountId, slug });
    return toWorkflowDocument({ ...current, ...changes, version: expected + 1 });
  }

  async remove(principal: Principal, slug: string): Promise<void> {
    const workflow = await this.getOwned(principal.accountId, slug);
    await this.workflows.update({ id: workflow.id }, { deletedAt: new Date() });
    await this.changes.announce({ kind: 'workflow', accountId: principal.accountId, slug });
  }

  async schema(principal: Principal, slug: string): Promise<WorkflowSchemaResponse> {
    const workflow = await this.getOwned(principal.accountId, slug);
    return {
      ...this.describeInputs(workflow),
      estimatedCreditCost: this.estimatedCreditCost(workflow, principal),
    };
  }

  async publicSchema(slug: string): Promise<PublicSchemaResponse> {
    const workflow = await this.workflows.findOne({
      where: { slug, deletedAt: IsNull(), publicPlayground: true },
    });
    if (!workflow) throw workflowNotFound(slug);
    return this.describeInputs(workflow);
  }

  /** Whether every model node's provider can be polled (required for ?async=true). */
  supportsAsync(graph: WorkflowGraph): boolean {
    return graph.nodes.every(
      (node) => node.type !== 'model' || this.registry.get(String(node.data.model))?.supportsAsync === true,
    );
  }

  /** Media URLs fields may take: the outbound target policy's scheme rule (ALLOW_HTTP_TARGETS). */
  private mediaInputs(): MediaInputPolicy {
    return { allowHttp: this.config.allowHttpTargets };
  }

  private describeInputs(workflow: WorkflowEntity): PublicSchemaResponse {
    return {
      name: workflow.name,
      description: workflow.description,
      fields: workflow.fields,
      values: defaultValues(workflow.fields),
      supportsAsync: this.supportsAsync(workflow),
      inputSchema: buildInputSchema(workflow.fields, this.mediaInputs()),
    };
  }

  /** List price at the caller's tier, before trial grants; null when a model of the workflow is gone. */
  private estimatedCreditCost(workflow: WorkflowEntity, principal: Principal): number | null {
    const modelNodes = workflow.nodes.filter((node) => node.type === 'model');
    if (modelNodes.some((node) => !this.registry.get(String(node.data.model)))) return null;
    const charges = workflowCharges(
      workflow,
      (id) => this.registry.get(id),
      this.config.tierMultipliers[principal.tier],
    );
    return totalCredits(charges);
  }

  private async tryInsert(entity: WorkflowEntity): Promise<boolean> {
    try {
      await this.workflows.insert(entity as QueryDeepPartialEntity<WorkflowEntity>);
      return true;
    } catch (error) {
      if (error instanceof QueryFailedError && /unique|duplicate/i.test(error.message)) return false;
      throw error;
    }
  }
}

/**
 * `If-Match: 3` or `If-Match: "3"` (also W/"3"). Anything else can never match: 412. Versions are int4 columns, so a
 * longer number is refused here rather than sent to PostgreSQL (which would throw "out of range" → 500).
 */
function parseIfMatch(header: string): number {
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  return match ? Number(match[1]) : -1;
}

/** The stored content of a checked document, with the defaults of omitted fields. */
function documentContent(body: WorkflowBodyDto, { graph, fields }: CheckedWorkflow) {
  return {
    name: body.name,
    description: body.description ?? '',
    tags: body.tags ?? [],
    publicPlayground: body.publicPlayground ?? false,
    nodes: graph.nodes,
    edges: graph.edges,
    viewport: body.viewport ?? null,
    fields,
    updatedAt: new Date(),
  };
}
