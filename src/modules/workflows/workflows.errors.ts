import { DomainError } from '../../common/errors/domain-error';
import type { ValidationDetail } from './workflow.types';

export const workflowNotFound = (slug: string) =>
  new DomainError('WORKFLOW_NOT_FOUND', `No workflow with slug "${slug}".`);

export const invalidWorkflow = (details: ValidationDetail[]) =>
  new DomainError(
    'INVALID_WORKFLOW',
    `The workflow document is invalid (${details.length} problem${details.length === 1 ? '' : 's'}).`,
    { details },
  );

export const slugTaken = (slug: string) =>
  new DomainError('SLUG_TAKEN', `The slug "${slug}" is already taken.`, { slug });

export const versionConflict = (expected: number, current: number) =>
  new DomainError(
    'VERSION_CONFLICT',
    `The workflow is at version ${current}, not ${expected}. Re-read it and retry.`,
    { currentVersion: current },
  );
