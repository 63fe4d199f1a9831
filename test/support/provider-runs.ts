/** Run helpers for the provider e2e suites: wait for an execution's end, or for its provider to be polled. */
import type { Session } from './test-app';
import { waitFor } from './wait';

/** The execution once it is no longer `processing`. */
export function waitForEnd(s: Session, executionId: string): Promise<any> {
  return waitFor(`execution ${executionId} to end`, async () => {
    const res = await s.http.get(`/api/executions/${executionId}`).expect(200);
    return res.body.status === 'processing' ? undefined : res.body;
  });
}

/**
 * Starts an async run of `slug` and waits until its model node `gen` has been polled at least twice at the
 * provider (`polls` counts status requests by provider request id). Answers the execution and request ids.
 */
export async function startPollingRun(
  s: Session,
  slug: string,
  prompt: string,
  polls: Map<string, number>,
): Promise<{ executionId: string; providerRequestId: string }> {
  const accepted = await s.http
    .post(`/api/workflows/${slug}/run?async=true`)
    .send({ inputs: { prompt } })
    .expect(202);
  const executionId: string = accepted.body.executionId;
  const providerRequestId = await waitFor('the first status polls', async () => {
    const res = await s.http.get(`/api/executions/${executionId}`).expect(200);
    const id = res.body.steps.find((step: any) => step.nodeId === 'gen')?.providerRequestId;
    return id && (polls.get(id) ?? 0) >= 2 ? (id as string) : undefined;
  });
  return { executionId, providerRequestId };
}

/** Fails when the provider is polled again for `id` within `ms`. */
export async function expectNoMorePolls(polls: Map<string, number>, id: string, ms = 800): Promise<void> {
  const before = polls.get(id);
  await new Promise((resolve) => setTimeout(resolve, ms));
  if (polls.get(id) !== before)
    throw new Error(`request ${id} was polled ${polls.get(id)! - before!} more times`);
}
