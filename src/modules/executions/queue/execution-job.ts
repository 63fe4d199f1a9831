import type { SubmissionRecord } from '../../providers/provider.types';

/**
 * Take execution `executionId` one pass further. A poll job also carries the provider submissions it is due to
 * poll (their serialised state); the execution's stored progress stays the source of truth when the two differ.
 */
export interface ExecutionJob {
  executionId: string;
  submissions?: Record<string, SubmissionRecord>;
}

/** One job per due time: the worker that schedules a poll and a sweep re-adding it name it alike. */
export function executionJobId(executionId: string, dueAt: Date): string {
  return `${executionId}:${dueAt.getTime()}`;
}
