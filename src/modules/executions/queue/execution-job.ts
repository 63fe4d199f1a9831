import type { SubmissionRecord } from '../../providers/provider.types';

/**
 * Take the executions `executionIds` one pass further. New compute-only runs are queued together: the ones an API
 * process accepted in one event-loop turn share one job (one queue write for all of them, as group commit does for
 * the database). Any other job carries one execution: a new run with a model node, a poll, a recovery; a poll job
 * also carries the provider submissions it is due to poll (their serialised state); the execution's stored progress
 * stays the source of truth when the two differ.
 */
export interface ExecutionJob {
  executionIds: string[];
  submissions?: Record<string, SubmissionRecord>;
}

/** One job per due time: the worker that schedules a poll and a sweep re-adding it name it alike. */
export function executionJobId(executionId: string, dueAt: Date): string {
  return `${executionId}:${dueAt.getTime()}`;
}
