import { DEFAULT_TIER_MULTIPLIERS, DEFAULT_TRIAL_GRANTS, TrialGrantRule } from './billing-defaults';
import { bool, ConfigError, Env, int, json, num, oneOf, optionalStr, str, url } from './env-parsers';
import { DEFAULT_OUTPUT_LIMITS, OutputLimits } from './output-limits';
import { loadProviderConfig, ProviderConfig } from './provider-config';
import { Tier, TIERS } from './tiers';

export type ProcessRole = 'all' | 'api' | 'worker';

/** The one typed configuration object, built once at boot from the environment (API.md §13). */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  /** PostgreSQL schema (default: the connection's search_path, normally public). */
  databaseSchema?: string;
  redisUrl?: string;
  role: ProcessRole;
  publicBaseUrl: string;
  bootstrapAdminKey?: string;
  demoSeed: boolean;
  syncWaitSeconds: number;
  executionTimeoutSeconds: number;
  nodeTimeoutSeconds: number;
  /** Requests per 60 s window by tier; 0 = unlimited. Free accounts never reach the limiter. */
  rateLimits: Record<Tier, number>;
  rateLimitWindowSeconds: number;
  tierMultipliers: Record<Tier, number>;
  trialGrants: TrialGrantRule[];
  allowPrivateTargets: boolean;
  allowHttpTargets: boolean;
  modelsFile?: string;
  mediaFetchMaxBytes: number;
  /** MEDIA_RETENTION_DAYS: stored media older than this is deleted by the cleanup job; 0 keeps media forever. */
  mediaRetentionDays: number;
  /** Provider base URLs, credentials and call limits (API.md §6). */
  providers: ProviderConfig;
  /** MAX_NODE_OUTPUT_BYTES, MAX_RESULT_BYTES, MAX_MEDIA_BYTES. */
  outputLimits: OutputLimits;
  bodyLimitBytes: number;
  /** Bull key prefix, so several deployments (or test runs) can share one Redis. */
  queuePrefix: string;
  /** Executions one worker process runs at once. */
  workerConcurrency: number;
  /** Webhook attempts one worker process sends at once. */
  webhookConcurrency: number;
  /** How long a worker's hold on an execution lasts without renewal; a killed worker's runs resume after it. */
  executionLeaseSeconds: number;
  /** How often workers look for due work the queue lost (expired leases, deliveries due, jobs lost in a crash). */
  recoverySweepSeconds: number;
  /** Delays (seconds) before each retry of a webhook delivery; its length is the number of retries. */
  webhookRetrySchedule: number[];
  /** Verified keys a process keeps in memory (dropped on changes: database/lookup-changes.ts); 0 looks every key up. */
  keyCacheSize: number;
  /** Connection limits of the HTTP server (common/http/http-server-options.ts). */
  http: HttpLimits;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** `json` (one object a line) or `pretty` (for a person at a terminal). */
  logFormat: LogFormat;
  /** Where log lines go: stdout for the server; stderr for the CLI, whose stdout is its JSON result. */
  logTo: 'stdout' | 'stderr';
  /** First-start setup (bootstrap admin, demo, the no-admin hint); the CLI turns it off. Not an env variable. */
  bootstrap: boolean;
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** How long a start waits for PostgreSQL and Redis to answer before it gives up with one line. */
  startupTimeoutSeconds: number;
}

export type LogFormat = 'json' | 'pretty';

export interface HttpLimits {
  /** Time to receive a request's headers and body (API.md §1: then 408 REQUEST_TIMEOUT and the connection closes). */
  requestTimeoutSeconds: number;
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutSeconds: number;
  /** Open connections the server accepts at once; more are closed on arrival. */
  maxConnections: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** About 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h (API.md §9). */
const DEFAULT_WEBHOOK_RETRY_SCHEDULE = [10, 60, 300, 1800, 7200, 21600, 43200, 86400];

/** A comma-separated list of positive numbers of seconds (fractions allowed, so tests can shorten it). */
function secondsList(env: Env, name: string, fallback: number[]): number[] {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (
    values.length > 20 ||
    values.some((value) => !Number.isFinite(value) || value <= 0 || value > 7 * 86400)
  )
    throw new ConfigError(name, `must be up to 20 comma-separated seconds (0 < s <= 604800), got "${raw}"`);
  return values;
}

const BOOTSTRAP_KEY = /^fg_live_[A-Za-z0-9]{32,}$/;
const MiB = 1024 * 1024;

function checkGrants(value: unknown): string | null {
  if (!Array.isArray(value)) return 'must be a JSON array of {tier, model, kind, amount}';
  for (const [i, rule] of value.entries()) {
    const r = rule as Partial<TrialGrantRule>;
    if (!TIERS.includes(r.tier as Tier)) return `[${i}].tier must be one of ${TIERS.join(', ')}`;
    if (typeof r.model !== 'string' || !r.model) return `[${i}].model must be a model id`;
    if (r.kind !== 'count' && r.kind !== 'time') return `[${i}].kind must be count or time`;
    if (!Number.isInteger(r.amount) || (r.amount as number) < 1)
      return `[${i}].amount must be a positive integer`;
  }
  return null;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const bootstrapAdminKey = optionalStr(env, 'BOOTSTRAP_ADMIN_KEY');
  if (bootstrapAdminKey !== undefined && !BOOTSTRAP_KEY.test(bootstrapAdminKey)) {
    throw new ConfigError(
      'BOOTSTRAP_ADMIN_KEY',
      'must be fg_live_ followed by at least 32 base62 characters',
    );
  }
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const publicBaseUrl = (
    url(env, 'PUBLIC_BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`
  ).replace(/\/+$/, '');
  return {
    port,
    host: str(env, 'HOST', '0.0.0.0'),
    dataDir: str(env, 'DATA_DIR', './data'),
    databaseUrl,
    databaseSchema: optionalStr(env, 'DATABASE_SCHEMA'),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    role: oneOf(env, 'FLOWGATE_ROLE', ['all', 'api', 'worker'] as const, 'all'),
    publicBaseUrl,
    bootstrapAdminKey,
    demoSeed: bool(env, 'DEMO_SEED', databaseUrl === undefined),
    syncWaitSeconds: int(env, 'SYNC_WAIT_SECONDS', 300, 1, 300),
    executionTimeoutSeconds: int(env, 'EXECUTION_TIMEOUT_SECONDS', 3600, 1),
    nodeTimeoutSeconds: int(env, 'NODE_TIMEOUT_SECONDS', 900, 1),
    rateLimits: {
      free: 0,
      pro: int(env, 'RATE_LIMIT_PRO', 100),
      business: int(env, 'RATE_LIMIT_BUSINESS', 1000),
      enterprise: int(env, 'RATE_LIMIT_ENTERPRISE', 0),
    },
    rateLimitWindowSeconds: int(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600),
    tierMultipliers: {
      free: DEFAULT_TIER_MULTIPLIERS.free,
      pro: num(env, 'TIER_MULTIPLIER_PRO', DEFAULT_TIER_MULTIPLIERS.pro, 0, 100),
      business: num(env, 'TIER_MULTIPLIER_BUSINESS', DEFAULT_TIER_MULTIPLIERS.business, 0, 100),
      enterprise: num(env, 'TIER_MULTIPLIER_ENTERPRISE', DEFAULT_TIER_MULTIPLIERS.enterprise, 0, 100),
    },
    trialGrants: json(env, 'TRIAL_GRANTS', DEFAULT_TRIAL_GRANTS, checkGrants),
    allowPrivateTargets: bool(env, 'ALLOW_PRIVATE_TARGETS', false),
    allowHttpTargets: bool(env, 'ALLOW_HTTP_TARGETS', false),
    modelsFile: optionalStr(env, 'MODELS_FILE'),
    mediaFetchMaxBytes: int(env, 'MEDIA_FETCH_MAX_BYTES', 20 * 1024 * 1024, 1024),
    mediaRetentionDays: int(env, 'MEDIA_RETENTION_DAYS', 0, 0, 36500),
    providers: loadProviderConfig(env),
    outputLimits: {
      // Strings past ~512 MiB cannot exist in V8; a bound above that would bound nothing.
      maxNodeOutputBytes: int(
        env,
        'MAX_NODE_OUTPUT_BYTES',
        DEFAULT_OUTPUT_LIMITS.maxNodeOutputBytes,
        1024,
        256 * MiB,
      ),
      maxResultBytes: int(env, 'MAX_RESULT_BYTES', DEFAULT_OUTPUT_LIMITS.maxResultBytes, 1024, 256 * MiB),
      maxMediaBytes: int(env, 'MAX_MEDIA_BYTES', DEFAULT_OUTPUT_LIMITS.maxMediaBytes, 1024),
    },
    bodyLimitBytes: 1024 * 1024,
    queuePrefix: str(env, 'QUEUE_PREFIX', 'flowgate'),
    workerConcurrency: int(env, 'WORKER_CONCURRENCY', 20, 1, 1000),
    webhookConcurrency: int(env, 'WEBHOOK_CONCURRENCY', 10, 1, 1000),
    executionLeaseSeconds: int(env, 'EXECUTION_LEASE_SECONDS', 30, 2, 3600),
    recoverySweepSeconds: int(env, 'RECOVERY_SWEEP_SECONDS', 5, 1, 3600),
    webhookRetrySchedule: secondsList(env, 'WEBHOOK_RETRY_SCHEDULE', DEFAULT_WEBHOOK_RETRY_SCHEDULE),
    keyCacheSize: int(env, 'KEY_CACHE_SIZE', 10_000, 0, 1_000_000),
    http: {
      requestTimeoutSeconds: int(env, 'REQUEST_TIMEOUT_SECONDS', 30, 1, 3600),
      keepAliveTimeoutSeconds: int(env, 'KEEP_ALIVE_TIMEOUT_SECONDS', 5, 1, 3600),
      maxConnections: 10_000,
    },
    logLevel: oneOf(env, 'LOG_LEVEL', ['error', 'warn', 'log', 'debug'] as const, 'log'),
    logFormat: oneOf(
      env,
      'LOG_FORMAT',
      ['json', 'pretty'] as const,
      process.stdout.isTTY ? 'pretty' : 'json',
    ),
    logTo: 'stdout',
    bootstrap: true,
    metricsToken: optionalStr(env, 'METRICS_TOKEN'),
    startupTimeoutSeconds: int(env, 'STARTUP_TIMEOUT_SECONDS', 15, 1, 600),
  };
}
