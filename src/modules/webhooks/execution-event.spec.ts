import type { ExecutionStatus } from '../executions/entities/execution.entity';
import { EndedExecution, executionEventBody, executionEventOf } from './execution-event';

describe('execution events (API.md §9 body)', () => {
  const base: EndedExecution = {
    id: '7d0c7a52-4d0e-4c8e-9f0a-1b2c3d4e5f60',
    accountId: '0b8f6d1e-2a3c-4b5d-8e9f-a0b1c2d3e4f5',
    requestId: 'req-1',
    workflowSlug: 'my-flow',
    modelIds: ['sandbox-image'],
    status: 'completed',
    result: { out: 'hello' },
    error: null,
    charged: 4,
    ms: 1234,
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    completedAt: new Date('2026-01-01T00:00:01.234Z'),
  };
  const failure = { code: 'PROVIDER_ERROR', message: 'boom', nodeId: 'gen' };

  it.each<[string, Partial<EndedExecution>, Record<string, unknown>]>([
    [
      'a completed execution carries its result and cost',
      {},
      { event: 'execution.completed', status: 'completed', result: { out: 'hello' }, cost: 4 },
    ],
    [
      'a failed execution carries its error, no result',
      { status: 'failed', result: null, error: failure, charged: 0 },
      { event: 'execution.failed', status: 'failed', error: failure, cost: 0 },
    ],
    [
      'a cancelled execution carries neither result nor error when it has none',
      { status: 'cancelled', result: { partial: true }, charged: 1 },
      { event: 'execution.cancelled', status: 'cancelled', cost: 1 },
    ],
    [
      'a model run has no workflow slug',
      { workflowSlug: null, ms: null },
      {
        event: 'execution.completed',
        status: 'completed',
        result: { out: 'hello' },
        cost: 4,
        workflowSlug: null,
        ms: null,
      },
    ],
  ])('%s', (_case, change, expected) => {
    const body = executionEventBody({ ...base, ...change });
    expect(body).toEqual({
      executionId: base.id,
      requestId: 'req-1',
      userId: base.accountId,
      workflowSlug: 'my-flow',
      modelIds: ['sandbox-image'],
      ms: 1234,
      createdAt: '2026-01-01T00:00:00.000Z',
      completedAt: '2026-01-01T00:00:01.234Z',
      ...expected,
    });
  });

  it('accepts timestamps read as strings', () => {
    const body = executionEventBody({
      ...base,
      createdAt: '2026-01-01T00:00:00Z' as unknown as Date,
      completedAt: null,
    });
    expect(body).toMatchObject({ createdAt: '2026-01-01T00:00:00.000Z', completedAt: null });
  });

  it.each<[ExecutionStatus]>([['processing'], ['cancel_requested']])(
    'refuses an execution still %s',
    (status) => {
      expect(() => executionEventOf(status)).toThrow(/has not ended/);
    },
  );
});
