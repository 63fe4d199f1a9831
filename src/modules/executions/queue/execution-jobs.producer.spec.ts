import type { AppConfig } from '../../../config/app-config';
import { InProcessJobQueue } from '../../queues/in-process-job-queue';
import type { ExecutionJob } from './execution-job';
import { ExecutionJobsProducer } from './execution-jobs.producer';

describe('ExecutionJobsProducer', () => {
  let queue: InProcessJobQueue<ExecutionJob>;
  let jobs: ExecutionJob[];

  function producer(workerConcurrency: number): ExecutionJobsProducer {
    queue = new InProcessJobQueue('executions');
    jobs = [];
    queue.process(100, async (job) => void jobs.push(job));
    return new ExecutionJobsProducer(queue, { workerConcurrency } as AppConfig);
  }

  afterEach(() => queue.close());

  it('queues the runs accepted in one turn as one job, and a later turn as another', async () => {
    const producer3 = producer(20);
    const due = new Date();
    await Promise.all(['a', 'b', 'c'].map((id) => producer3.scheduleAccepted(id, due)));
    await producer3.scheduleAccepted('d', due);
    expect(jobs).toEqual([{ executionIds: ['a', 'b', 'c'] }, { executionIds: ['d'] }]);
  });

  it('never puts more than WORKER_CONCURRENCY runs in one job', async () => {
    const small = producer(2);
    const due = new Date();
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => small.scheduleAccepted(id, due)));
    expect(jobs.map((job) => job.executionIds)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('names a job of accepted runs like the sweep names its first run, so re-adding that one while it waits is a no-op', async () => {
    const idle = new InProcessJobQueue<ExecutionJob>('executions');
    queue = idle;
    const producerIdle = new ExecutionJobsProducer(idle, { workerConcurrency: 20 } as AppConfig);
    const due = new Date();
    await Promise.all(['a', 'b'].map((id) => producerIdle.scheduleAccepted(id, due)));
    await producerIdle.schedule('a', due); // what a sweep does for a run it found due and not taken
    await producerIdle.schedule('b', due); // the other run gets a job of its own: its claim settles who runs it
    expect(await idle.depth()).toBe(2);
  });
});
