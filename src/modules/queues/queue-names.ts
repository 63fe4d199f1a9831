/** Queue names and job names, in one place (Bull keys are `<QUEUE_PREFIX>:<queue>:…`). */
export const QUEUES = {
  executions: 'executions',
  webhookDeliveries: 'webhook-deliveries',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Every queue has one job kind; Bull wants a job name, so it is the queue's name. */
export const JOB_NAME = 'run';

export const EXECUTION_JOBS = Symbol('EXECUTION_JOBS');
export const WEBHOOK_DELIVERY_JOBS = Symbol('WEBHOOK_DELIVERY_JOBS');
