import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

const brokerList = z
  .string()
  .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d+$/, { message: 'each broker must be host:port' })).min(1));

/** Every setting of the service, read from the environment once, at start-up. */
export const ConfigSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// URL' }).optional(),
  KAFKA_BROKERS: brokerList.optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  KAFKA_CLIENT_ID: z.string().min(1).default('policy-ledger'),
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]+$/).default('policy-ledger'),
  KAFKA_TOPIC_PARTITIONS: positiveInt.default(3),
  KAFKA_REPLICATION_FACTOR: positiveInt.default(1),
  PROJECTOR_GROUP_PREFIX: z.string().min(1).default('policy-ledger.projector'),
  RELAY_BATCH_SIZE: positiveInt.default(500),
  AS_OF_CACHE_MB: z.coerce.number().int().min(0).max(65_536).default(64).describe('memory for read models rebuilt as of past times (estimated); 0: none kept'),
  QUERY_WAIT_MAX_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  SSE_HEARTBEAT_SECONDS: z.coerce.number().positive().max(3600).default(15),
  SSE_MAX_CONNECTIONS: positiveInt.max(100_000).default(1000),
  SSE_MAX_PER_CLIENT: positiveInt.max(100_000).default(50),
  SSE_TAIL_EVENTS: positiveInt.max(1_000_000).default(10_000).describe('newest events kept in memory for live followers; one further behind reads the database'),
  PROJECTOR_MAX_ATTEMPTS: positiveInt.max(100).default(3),
  PROJECTOR_RETRY_BACKOFF_MS: z.coerce.number().int().min(0).max(60_000).default(200),
  PROJECTOR_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(10_000),
  PROJECTOR_HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  PROJECTOR_PARTITIONS_CONCURRENTLY: positiveInt.max(64).default(4),
  PROJECTOR_HEAL_AFTER_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(3_000),
  APPEND_MAX_BATCH: positiveInt.max(10_000).default(256),
  STREAM_CACHE_SIZE: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
  READ_ACCESS: z.enum(['public', 'key']).default('public').describe('public: anyone may read; key: reads need a key (any role)'),
  ADMIN_KEY_FILE: z.string().min(1).optional().describe('where a first start writes the first admin key (production); embedded: <DATA_DIR>/admin-key'),
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().positive().max(24 * 365).default(24),
  RATE_LIMIT_PER_KEY: z.coerce.number().int().min(0).max(100_000_000).default(6000).describe('requests per window for one API key; 0: no limit'),
  RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(0).max(100_000_000).default(1200).describe('requests per window for one address without a key; 0: no limit'),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt.max(86_400).default(60),
  RESPONSE_MAX_MB: positiveInt.max(1024).default(16).describe('the largest JSON answer; lists are paged well below it'),
  REQUEST_TIMEOUT_SECONDS: positiveInt.max(3600).default(60).describe('the longest a client may take to send a whole request (headers and body)'),
  PROJECTOR_HOST: z.string().min(1).default('127.0.0.1'),
  PROJECTOR_PORT: port.default(3001),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional().describe('json lines, or pretty for a terminal; unset: pretty when the output is a terminal'),
});

type Settings = z.infer<typeof ConfigSchema>;

/**
 * production: PostgreSQL at DATABASE_URL and Kafka at KAFKA_BROKERS.
 * embedded: neither set; PGlite keeps the data in DATA_DIR and an in-process transport stands in
 * for Kafka, so the service runs on a bare laptop.
 */
export type Config =
  | (Omit<Settings, 'DATABASE_URL' | 'KAFKA_BROKERS'> & { mode: 'production'; DATABASE_URL: string; KAFKA_BROKERS: string[] })
  | (Omit<Settings, 'DATABASE_URL' | 'KAFKA_BROKERS'> & { mode: 'embedded' });

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment; throws a ConfigError listing every bad or missing variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = ConfigSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '');
        return present[name] === undefined ? `${name} is required (${issue.message})` : `${name}: ${issue.message}`;
      }),
    );
  }
  const { DATABASE_URL, KAFKA_BROKERS, ...rest } = result.data;
  if (DATABASE_URL && KAFKA_BROKERS) return { ...rest, mode: 'production', DATABASE_URL, KAFKA_BROKERS };
  if (!DATABASE_URL && !KAFKA_BROKERS) return { ...rest, mode: 'embedded' };
  const [set, unset] = DATABASE_URL ? ['DATABASE_URL', 'KAFKA_BROKERS'] : ['KAFKA_BROKERS', 'DATABASE_URL'];
  throw new ConfigError([
    `${set} is set but ${unset} is not: set both for the production mode (PostgreSQL + Kafka), or neither for the embedded mode (PGlite in DATA_DIR, in-process transport)`,
  ]);
}
