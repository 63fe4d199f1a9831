/**
 * The names generated clients call (`client.runWorkflow(...)`), keyed by `<Controller>.<method>`. A route missing
 * here falls back to its method name; the OpenAPI e2e suite checks every operation has a name from this table.
 */
export const OPERATION_IDS: Record<string, string> = {
  'WhoamiController.describe': 'getWhoami',
  'WorkflowsController.list': 'listWorkflows',
  'WorkflowsController.create': 'createWorkflow',
  'WorkflowsController.read': 'getWorkflow',
  'WorkflowsController.replace': 'replaceWorkflow',
  'WorkflowsController.remove': 'deleteWorkflow',
  'WorkflowsController.schema': 'getWorkflowSchema',
  'WorkflowsController.publicSchema': 'getPublicWorkflowSchema',
  'RunsController.runWorkflow': 'runWorkflow',
  'RunsController.estimate': 'estimateWorkflowRun',
  'RunsController.runModel': 'runModel',
  'ExecutionsController.list': 'listExecutions',
  'ExecutionsController.read': 'getExecution',
  'ExecutionsController.deliveries': 'listExecutionWebhookDeliveries',
  'ExecutionsController.cancel': 'cancelExecution',
  'ModelsController.list': 'listModels',
  'ApiKeysController.create': 'createApiKey',
  'ApiKeysController.list': 'listApiKeys',
  'ApiKeysController.revoke': 'revokeApiKey',
  'ApiKeysController.setWebhook': 'setApiKeyWebhook',
  'ApiKeysController.removeWebhook': 'deleteApiKeyWebhook',
  'KeyWebhookTestController.testWebhook': 'testApiKeyWebhook',
  'AdminController.create': 'adminCreateAccount',
  'AdminController.get': 'adminGetAccount',
  'AdminController.update': 'adminUpdateAccount',
  'AdminController.changeCredits': 'adminChangeCredits',
  'AdminController.ledger': 'adminListLedger',
  'AdminController.createKey': 'adminCreateApiKey',
  'MediaController.serve': 'getMedia',
};

export function operationIdOf(controllerKey: string, methodKey: string): string {
  return OPERATION_IDS[`${controllerKey}.${methodKey}`] ?? methodKey;
}

/** Tags in the order a reader needs them, each with what it holds. */
export const API_TAGS: Array<{ name: string; description: string }> = [
  {
    name: 'auth',
    description:
      'Every call but the public ones sends `x-api-key: fg_live_…`. `whoami` tells which key, account, ' +
      'capabilities, credits and rate limit a key has.',
  },
  {
    name: 'workflows',
    description:
      'Workflow documents: a graph of nodes (request-input, model, template, image-transform, http-request, ' +
      'response-output) and edges. A fetched document can be sent back as is.',
  },
  {
    name: 'runs',
    description:
      'Run a workflow or a registry model: sync (200 with the result) or `?async=true` (202, then poll the ' +
      'execution or receive a webhook). `Idempotency-Key` makes a retry safe.',
  },
  {
    name: 'executions',
    description:
      'Every run is an execution: status, result or error, steps, billing, webhook deliveries; cancel.',
  },
  { name: 'models', description: 'The model registry: built-in sandbox models and configured providers.' },
  {
    name: 'api-keys',
    description: "Keys of the caller's account (`key:manage`), their capabilities and signed webhooks.",
  },
  { name: 'admin', description: 'Accounts, credits and keys of any account (admin keys holding `*`).' },
  { name: 'media', description: 'Files made by runs, served at unguessable URLs (no key).' },
];
